package fr.carnets.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The heartbeat: echoes every ping. The library's heartbeat thread ended at its first error, so an
 * OutOfMemoryError met while the heap was full left a live kernel that Jupyter saw as dead. This one
 * drops a failed ping and goes on; the shell and control loops do the same ({@link SafeShellChannel}).
 */
final class SafeHeartbeat {

    private static final int POLL_MS = 100;

    private final ZMQ.Socket socket;
    private final Thread thread;
    private volatile boolean running = true;

    SafeHeartbeat(ZMQ.Context ctx, KernelConnectionProperties props) {
        socket = ctx.socket(SocketType.REP);
        socket.setReceiveTimeOut(POLL_MS);
        socket.bind(props.getTransport() + "://" + props.getIp() + ":" + props.getHbPort());
        thread = new Thread(this::loop, "Heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                byte[] ping = socket.recv(0);
                if (ping != null) {
                    socket.send(ping, 0);
                }
            } catch (Throwable t) {
                // The next ping is answered; a REP socket that lost its reply state is reset by the client's retry.
            }
        }
        socket.close();
    }

    void close() {
        running = false;
    }

    void join() throws InterruptedException {
        thread.join(2 * POLL_MS + 1000);
    }
}
