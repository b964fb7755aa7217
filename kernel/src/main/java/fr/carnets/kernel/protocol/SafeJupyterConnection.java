package fr.carnets.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * The library's connection, with the shell and control sockets replaced by {@link SafeShellChannel}s and the
 * heartbeat by a {@link SafeHeartbeat}.
 * The library's own heartbeat, shell and control sockets are created by its constructor but never bound.
 */
public class SafeJupyterConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ZMQ.Context safeCtx = ZMQ.context(1);
    private final SafeShellChannel safeShell;
    private final SafeShellChannel safeControl;
    private volatile boolean connected;
    private volatile Runnable beforePublish = () -> { };
    private volatile boolean closed;
    private SafeHeartbeat safeHeartbeat;

    public SafeJupyterConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.safeShell = new SafeShellChannel(safeCtx, props.createHMACGenerator(), false, this);
        this.safeControl = new SafeShellChannel(safeCtx, props.createHMACGenerator(), true, this);
    }

    /** Runs before each iopub message of a request (the kernel sends the cell's buffered output there). */
    public void beforePublish(Runnable action) {
        this.beforePublish = action;
    }

    /** What runs after each shell request, its idle status sent: see {@link SafeShellChannel#afterEachMessage}. */
    public void afterEachShellMessage(Runnable action) {
        safeShell.afterEachMessage(action);
    }

    /** "Stop on error" on the shell channel: see {@link SafeShellChannel#abortHooks}. */
    public void abortHooks(java.util.function.BooleanSupplier aborting, Runnable stopAborting) {
        safeShell.abortHooks(aborting, stopAborting);
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new CellReplyEnvironment(shell, stdin, iopub, context, () -> beforePublish.run());
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        safeHeartbeat = new SafeHeartbeat(safeCtx, props);
        safeShell.bind(props);
        safeControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        safeShell.close();
        safeControl.close();
        if (safeHeartbeat != null) {
            safeHeartbeat.close();
            try {
                safeHeartbeat.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
        safeCtx.close();
    }

    @Override
    public void waitUntilClose() {
        safeShell.waitUntilClose();
        safeControl.waitUntilClose();
        super.waitUntilClose();
    }
}
