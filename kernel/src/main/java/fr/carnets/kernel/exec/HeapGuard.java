package fr.carnets.kernel.exec;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stops a cell that fills the Java heap before the heap is full, so the kernel's own threads
 * (heartbeat, shell, control, ZeroMQ, output) never meet an OutOfMemoryError.
 *
 * <p>A cell that keeps small objects ({@code while (true) map.put(i, "v" + i++)}) drove the heap to
 * full: the error then hit whichever thread allocated next, and the kernel died or went deaf. Here,
 * after each collection of the old generation, the JVM reports when what survived is above
 * {@link #THRESHOLD} of that pool; if the running cell made it grow, the cell is stopped (as by the
 * Stop button, forcibly if needed) and ends with an OutOfMemoryError in French. A reserve block is
 * freed at that moment so that the reply can be built, and taken again before the next cell.
 */
public final class HeapGuard {

    /** Share of the old generation that, still in use after a collection, stops a growing cell. */
    static final double THRESHOLD = 0.90;
    /** Growth during the cell (share of the pool) needed to blame it: a full heap left by an earlier cell is not. */
    static final double GROWTH = 0.02;
    private static final int MIB = 1024 * 1024;

    private final MemoryPoolMXBean pool;
    private final CellExecutionControl control;
    private final int reserveBytes;
    /** Created and started at install: when the heap is nearly full, starting a thread may fail. */
    private final ExecutorService stopper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "carnets-heap-guard");
        t.setDaemon(true);
        return t;
    });
    private volatile byte[] reserve;
    private volatile long usedAtCellStart;
    /** The French reason, set when this guard stopped the running cell; null otherwise. */
    private volatile String tripped;

    private HeapGuard(MemoryPoolMXBean pool, CellExecutionControl control) {
        this.pool = pool;
        this.control = control;
        long max = pool.getUsage().getMax();
        this.reserveBytes = (int) Math.min(16L * MIB, Math.max(MIB, max / 64));
        stopper.execute(() -> { });
    }

    /** Installs the guard on the old generation, or returns null when the JVM gives no such pool. */
    public static HeapGuard install(CellExecutionControl control) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0
                    && !p.getName().contains("Eden") && !p.getName().contains("Survivor")) {
                HeapGuard guard = new HeapGuard(p, control);
                p.setCollectionUsageThreshold((long) (p.getUsage().getMax() * THRESHOLD));
                if (p.isUsageThresholdSupported()) {
                    // Serial GC collects the old generation only once it is full: a collection asked for
                    // when it passes the threshold measures what survives while there is still room.
                    p.setUsageThreshold((long) (p.getUsage().getMax() * THRESHOLD));
                }
                ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(guard.listener(), null, null);
                guard.rearm();
                return guard;
            }
        }
        return null;
    }

    /** Before each cell: takes the reserve again and notes what the old generation holds. */
    public void cellStarts() {
        tripped = null;
        rearm();
        usedAtCellStart = survived();
        if (usedAtCellStart >= THRESHOLD * pool.getUsage().getMax()) {
            // Measured when an earlier cell filled the heap: what it held may be free now (x = null;),
            // and a cell is blamed only for what it adds.
            System.gc();
            usedAtCellStart = survived();
        }
    }

    /** What the old generation held after its last collection. */
    private long survived() {
        java.lang.management.MemoryUsage after = pool.getCollectionUsage();
        return after == null ? 0 : after.getUsed();
    }

    private void rearm() {
        if (reserve == null) {
            try {
                reserve = new byte[reserveBytes];
            } catch (OutOfMemoryError e) {
                // still too full: the next cell tries again
            }
        }
    }

    /** The out-of-memory error the stopped cell ends with, once; null when this guard did not stop it. */
    public OutOfMemoryError takeError() {
        String why = tripped;
        tripped = null;
        return why == null ? null : new OutOfMemoryError(why);
    }

    private NotificationListener listener() {
        return (Notification n, Object handback) -> {
            if (tripped != null || !control.isRunning()) {
                return;
            }
            if (MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())) {
                stopper.execute(() -> {
                    System.gc();
                    check();
                });
            } else if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                check();
            }
        };
    }

    /** Stops the running cell when what survived the last collection is above the threshold and grew during the cell. */
    private synchronized void check() {
        java.lang.management.MemoryUsage after = pool.getCollectionUsage();
        long max = pool.getUsage().getMax();
        if (tripped != null || !control.isRunning() || after == null
                || after.getUsed() < THRESHOLD * max || after.getUsed() - usedAtCellStart < GROWTH * max) {
            return;
        }
        long used = after.getUsed();
        reserve = null;  // room for the reply, the output and the protocol threads
        tripped = "mémoire Java pleine : " + used / MIB + " Mio gardés sur " + max / MIB + " Mio après nettoyage ; "
                + "la cellule a été arrêtée avant que le noyau n'en manque, ce qu'elle a rangé dans des variables y est toujours";
        stopper.execute(control::stopCell);
    }
}
