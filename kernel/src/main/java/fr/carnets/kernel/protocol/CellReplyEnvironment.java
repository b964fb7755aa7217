package fr.carnets.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;

/**
 * The reply environment of one request, with two duties the library's lacks:
 * <ul>
 *   <li>before any iopub message (a display, a result, an error), the cell's buffered printed text is
 *       sent, so the notebook shows outputs in the order the cell produced them ({@link CellOutput});</li>
 *   <li>a silent request ({@code silent=True}) broadcasts nothing but its busy/idle status.</li>
 * </ul>
 */
public class CellReplyEnvironment extends ShellReplyEnvironment {

    private final Runnable beforePublish;
    private volatile boolean silent;

    public CellReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context,
                                Runnable beforePublish) {
        super(shell, stdin, iopub, context);
        this.beforePublish = beforePublish;
    }

    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    public boolean isSilent() {
        return silent;
    }

    @Override
    public void publish(Message<?> msg) {
        if (silent && msg.getHeader().getType() != MessageType.PUBLISH_STATUS) {
            return;
        }
        if (msg.getHeader().getType() != MessageType.PUBLISH_STATUS) {
            beforePublish.run();
        }
        super.publish(msg);
    }
}
