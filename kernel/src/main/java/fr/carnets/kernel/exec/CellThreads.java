package fr.carnets.kernel.exec;

import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Which cell started the current thread. The cell thread is tagged with the running cell at each
 * snippet; threads it starts inherit the tag (an InheritableThreadLocal), and so do theirs. The
 * kernel's output streams use it to send a thread's output to the cell that started it.
 */
public final class CellThreads {

    private static final InheritableThreadLocal<Integer> OWNER = new InheritableThreadLocal<>();
    /** The serial number of the cell now running, 0 between cells. */
    private static volatile int running;

    private CellThreads() {
    }

    /** A cell starts (serial > 0), or the running one ended (0). */
    public static void running(int serial) {
        running = serial;
    }

    public static int running() {
        return running;
    }

    /** Tags the cell thread with the running cell (threads it starts from now on inherit it). */
    static void enterCellThread() {
        OWNER.set(running);
    }

    /**
     * The cell that started the current thread, or 0 when it is the kernel's own thread or a shared
     * pool's (the common ForkJoinPool of parallel streams runs every later cell's tasks too).
     */
    public static int owner() {
        if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
            return 0;
        }
        Integer owner = OWNER.get();
        return owner == null ? 0 : owner;
    }
}
