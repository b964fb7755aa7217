package fr.carnets.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shell/control channel that survives bad messages.
 *
 * <p>In jjava-jupyter 1.0-a6 the channel loop reads each message outside its try block, so one
 * message with a wrong HMAC signature (or unparsable JSON) throws out of the loop and leaves the
 * kernel alive but deaf. This channel binds its own loop: a message that cannot be read is logged
 * and dropped, never executed, and the loop goes on.
 */
public class SafeShellChannel extends ShellChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SafeShellChannel.class);
    /** How long one poll waits: the loop then runs again at once, so replies are not delayed by a sleep. */
    private static final long POLL_MS = 20;

    private final boolean isControl;
    private final JupyterConnection connection;
    private final AtomicLong rejected = new AtomicLong();
    private volatile Loop loop;
    private volatile java.util.function.BooleanSupplier aborting = () -> false;
    private volatile Runnable stopAborting = () -> { };
    private volatile Runnable afterMessage = () -> { };
    private ZMQ.Poller poller;

    public SafeShellChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean isControl, JupyterConnection connection) {
        super(ctx, hmac, isControl, connection);
        this.isControl = isControl;
        this.connection = connection;
    }

    /**
     * "Stop on error": when {@code aborting} is true after a request, the requests already waiting
     * are read before its reply goes out, then handled (the kernel answers them "aborted"), then
     * {@code stopAborting} runs. A request sent after the reply runs normally, as in ipykernel.
     */
    public void abortHooks(java.util.function.BooleanSupplier aborting, Runnable stopAborting) {
        this.aborting = aborting;
        this.stopAborting = stopAborting;
    }

    /** Runs after each request has been handled and its idle status sent (the kernel starts widget callbacks there). */
    public void afterEachMessage(Runnable action) {
        this.afterMessage = action;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException("Canal déjà ouvert");
        }
        int port = isControl ? props.getControlPort() : props.getShellPort();
        bind(props.getTransport() + "://" + props.getIp() + ":" + port);
        poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        String name = isControl ? "Control" : "Shell";
        loop = new Loop(name, 0, () -> {
            if (poller.poll(POLL_MS) > 0) {
                handleOne();
            }
        });
        loop.onError(t -> {
            // Logging allocates: with the heap full (OutOfMemoryError) it fails too, and the loop must not end.
            try {
                LOG.warn("Erreur dans la boucle {} : {}", name, t.toString());
            } catch (Throwable ignored) {
                // the loop goes on
            }
            return 0;
        });
        loop.onClose(() -> loop = null);
        loop.start();
    }

    private void handleOne() {
        Message<?> message = read();
        if (message != null) {
            dispatch(message, true);
        }
    }

    private Message<?> read() {
        try {
            return readMessage();
        } catch (SecurityException | com.google.gson.JsonParseException | IllegalStateException | NullPointerException e) {
            long n = rejected.incrementAndGet();
            LOG.warn("Message ignoré ({} depuis le démarrage) : {}", n, e.getMessage());
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void dispatch(Message<?> message, boolean fromQueue) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            LOG.warn("Message sans traitement : {}", message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        List<Message<?>> backlog = List.of();
        try {
            handler.handle(env, message);
        } catch (RuntimeException | Error e) {
            try {
                LOG.warn("Erreur en traitant {} : {}", message.getHeader().getType().getName(), e.toString());
            } catch (Throwable ignored) {
                // an OutOfMemoryError again: the deferred idle status below still goes out
            }
        } finally {
            if (fromQueue && !isControl && aborting.getAsBoolean()) {
                backlog = waiting();
            }
            env.resolveDeferrals();
            if (!isControl) {
                try {
                    afterMessage.run();
                } catch (RuntimeException | Error e) {
                    // the loop goes on
                }
            }
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
            return;
        }
        if (fromQueue && !isControl && aborting.getAsBoolean()) {
            backlog.forEach(m -> dispatch(m, false));
            stopAborting.run();
        }
    }

    /** The requests already received, read without waiting. */
    private List<Message<?>> waiting() {
        List<Message<?>> out = new ArrayList<>();
        while (poller != null && poller.poll(0) > 0) {
            Message<?> m = read();
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    @Override
    public void close() {
        Loop l = loop;
        if (l != null) {
            l.shutdown();
        }
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Loop l = loop;
        if (l != null && l != Thread.currentThread()) {
            try {
                l.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
