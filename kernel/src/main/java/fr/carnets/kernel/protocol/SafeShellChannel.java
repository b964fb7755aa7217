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
    private volatile Runnable onQueueEmpty = () -> { };

    public SafeShellChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean isControl, JupyterConnection connection) {
        super(ctx, hmac, isControl, connection);
        this.isControl = isControl;
        this.connection = connection;
    }

    /** Runs when a poll finds no message waiting. */
    public void onQueueEmpty(Runnable action) {
        this.onQueueEmpty = action;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException("Canal déjà ouvert");
        }
        int port = isControl ? props.getControlPort() : props.getShellPort();
        bind(props.getTransport() + "://" + props.getIp() + ":" + port);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        String name = isControl ? "Control" : "Shell";
        loop = new Loop(name, 0, () -> {
            // A look without waiting first: "queue empty" must mean that nothing had arrived when the
            // last request ended (the cells a "stop on error" aborts), not within the next 20 ms.
            if (poller.poll(0) > 0) {
                handleOne();
            } else {
                onQueueEmpty.run();
                if (poller.poll(POLL_MS) > 0) {
                    handleOne();
                }
            }
        });
        loop.onError(t -> {
            LOG.warn("Erreur dans la boucle {} : {}", name, t.toString());
            return 0;
        });
        loop.onClose(() -> loop = null);
        loop.start();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handleOne() {
        Message<?> message;
        try {
            message = readMessage();
        } catch (SecurityException | com.google.gson.JsonParseException | IllegalStateException | NullPointerException e) {
            long n = rejected.incrementAndGet();
            LOG.warn("Message ignoré ({} depuis le démarrage) : {}", n, e.getMessage());
            return;
        }
        if (message == null) {
            return;
        }
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            LOG.warn("Message sans traitement : {}", message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (RuntimeException | Error e) {
            LOG.warn("Erreur en traitant {} : {}", message.getHeader().getType().getName(), e.toString());
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
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
