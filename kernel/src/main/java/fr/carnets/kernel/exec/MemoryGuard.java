package fr.carnets.kernel.exec;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a cell that fills the Java heap before the heap is full, so the kernel's own threads
 * (heartbeat, shell, control, ZeroMQ, output) never meet an OutOfMemoryError; and one that fills
 * native memory (ND4J's arrays) before the system's out-of-memory killer ends the kernel.
 *
 * <p>A cell that keeps small objects ({@code while (true) map.put(i, "v" + i++)}) drove the heap to
 * full: the error then hit whichever thread allocated next, and the kernel died or went deaf. Here,
 * a collection is asked for when the old generation passes {@link #FIRST_LOOK} of its size, then
 * every {@link #STEP} more; when what survived is above {@link #THRESHOLD} of that pool and the
 * running cell made it grow, the cell is stopped (as by the Stop button, forcibly if needed) and
 * ends with an OutOfMemoryError in French. A reserve block is freed at that moment so that the
 * reply can be built, and taken again before the next cell.
 *
 * <p>Native memory: ND4J's CPU arrays are allocated by libnd4j itself, not through JavaCPP's
 * Pointer, so JavaCPP's {@code maxbytes} never saw them ({@code Pointer.totalBytes()} read 0 after
 * 10 arrays of 1 GB) and a loop of them reached 21 GB before the OOM killer took the kernel. While a
 * cell runs, the process's resident memory outside the heap is read every {@link #POLL_MS} ms; above
 * {@code maxbytes} plus {@link #NATIVE_ALLOWANCE} (the JVM and native libraries), or above
 * {@code maxphysicalbytes} for the whole process, a cell that made it grow is stopped the same way.
 */
public final class MemoryGuard {

    /** Share of the old generation that, still in use after a collection, stops a growing cell. */
    static final double THRESHOLD = 0.85;
    /**
     * Share of the old generation in use (collected or not) at which the guard first asks for a
     * collection to measure what survives; after a measure below {@link #THRESHOLD} it asks again
     * {@link #STEP} higher. Serial GC collects the old generation only once it is full, and a cell
     * filling the heap at full speed went from 90 % to full before the guard acted when the machine
     * was loaded: ZeroMQ's I/O thread met the OutOfMemoryError and the kernel went deaf (JDK 25 suite).
     */
    static final double FIRST_LOOK = 0.75;
    static final double STEP = 0.04;
    /** Growth during the cell (share of the pool) needed to blame it: a full heap left by an earlier cell is not. */
    static final double GROWTH = 0.02;
    private static final int MIB = 1024 * 1024;
    static final long POLL_MS = 100;
    /** What the process keeps outside the heap besides arrays: JIT code, metaspace, thread stacks, native libraries. */
    static final long NATIVE_ALLOWANCE = 768L * MIB;
    /** Growth of native memory during a cell needed to blame it. */
    static final long NATIVE_GROWTH = 64L * MIB;
    private static final Path STATM = Path.of("/proc/self/statm");
    private static final long PAGE = 4096;

    private final MemoryPoolMXBean pool;
    private final CellExecutionControl control;
    private final int reserveBytes;
    /** Created and started at install: when the heap is nearly full, starting a thread may fail. */
    private final ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "carnets-memory-guard");
        t.setDaemon(true);
        return t;
    });
    /** Off-heap limit (maxbytes + allowance) and whole-process limit (maxphysicalbytes), 0 when not set. */
    private final long nativeLimit;
    private final long processLimit;
    private volatile byte[] reserve;
    private volatile long usedAtCellStart;
    private volatile long nativeAtCellStart;
    /** The French reason, set when this guard stopped the running cell; null otherwise. */
    private volatile String tripped;
    /** Counts the cells (bumped by {@link #cellStarts}, on the shell thread only): a stop decided for one cell is
     *  carried out on the guard's thread, maybe after that cell ended, and must then not stop the next one. */
    private volatile long cell;

    private MemoryGuard(MemoryPoolMXBean pool, CellExecutionControl control) {
        this.pool = pool;
        this.control = control;
        long max = pool.getUsage().getMax();
        // Java zeroes the block, so all of it is resident: 8 MiB, not 16, keeps the kernel's peak down
        // (bench kernel), and the reply needs kilobytes (the tests pass with a 256 MiB heap's 4 MiB).
        this.reserveBytes = (int) Math.min(8L * MIB, Math.max(MIB, max / 64));
        long maxBytes = bytes(System.getProperty("org.bytedeco.javacpp.maxbytes"));
        this.nativeLimit = maxBytes > 0 ? maxBytes + NATIVE_ALLOWANCE : 0;
        this.processLimit = bytes(System.getProperty("org.bytedeco.javacpp.maxphysicalbytes"));
        stopper.execute(() -> { });
        if ((nativeLimit > 0 || processLimit > 0) && Files.isReadable(STATM)) {
            stopper.scheduleWithFixedDelay(this::checkNative, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** JavaCPP's size syntax as the launcher writes it: "8192m", "2g", "1073741824"; 0 when absent or unreadable. */
    static long bytes(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (t.charAt(t.length() - 1)) {
            case 't' -> 1L << 40;
            case 'g' -> 1L << 30;
            case 'm' -> 1L << 20;
            case 'k' -> 1L << 10;
            default -> 1;
        };
        try {
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Installs the guard on the old generation, or returns null when the JVM gives no such pool. */
    public static MemoryGuard install(CellExecutionControl control) {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0
                    && !p.getName().contains("Eden") && !p.getName().contains("Survivor")) {
                MemoryGuard guard = new MemoryGuard(p, control);
                p.setCollectionUsageThreshold((long) (p.getUsage().getMax() * THRESHOLD));
                guard.lookAt(FIRST_LOOK);
                ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(guard.listener(), null, null);
                guard.rearm();
                return guard;
            }
        }
        return null;
    }

    /** Before each cell: takes the reserve again and notes what the old generation holds. */
    public void cellStarts() {
        cell++;
        tripped = null;
        rearm();
        nativeAtCellStart = offHeap(residentBytes());
        usedAtCellStart = survived();
        long max = pool.getUsage().getMax();
        if (usedAtCellStart >= THRESHOLD * max) {
            // Measured when an earlier cell filled the heap: what it held may be free now (x = null;),
            // and a cell is blamed only for what it adds.
            System.gc();
            usedAtCellStart = survived();
        }
        lookAt(Math.max(FIRST_LOOK, (double) usedAtCellStart / max + STEP));
    }

    /**
     * Asks to be told when the old generation's use passes {@code share} of it: Serial GC collects it
     * only once it is full, so a collection asked for then measures what survives while there is room.
     */
    private void lookAt(double share) {
        if (pool.isUsageThresholdSupported()) {
            pool.setUsageThreshold((long) (pool.getUsage().getMax() * Math.min(share, 0.95)));
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
                long forCell = cell;
                stopper.execute(() -> {
                    if (cell != forCell) {
                        return;
                    }
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
        long forCell = cell;
        java.lang.management.MemoryUsage after = pool.getCollectionUsage();
        long max = pool.getUsage().getMax();
        if (tripped != null || !control.isRunning() || after == null) {
            return;
        }
        if (after.getUsed() < THRESHOLD * max || after.getUsed() - usedAtCellStart < GROWTH * max) {
            lookAt((double) after.getUsed() / max + STEP);  // not full yet: look again a little higher
            return;
        }
        long used = after.getUsed();
        reserve = null;  // room for the reply, the output and the protocol threads
        tripped = "mémoire Java pleine : " + used / MIB + " Mio gardés sur " + max / MIB + " Mio après nettoyage ; "
                + "la cellule a été arrêtée avant que le noyau n'en manque, ce qu'elle a rangé dans des variables y est toujours";
        if (cell == forCell) {
            // At once (the reason is set first: the cell's end reads it): the cell's next loop turn ends it,
            // before the stopper thread runs.
            CellGuard.requestStop();
        }
        stopThisCell();
    }

    /** Stops the running cell from the guard's thread, unless it has ended by then (the stop would hit the next cell). */
    private void stopThisCell() {
        long forCell = cell;
        stopper.execute(() -> {
            if (cell == forCell && control.isRunning()) {
                control.stopCell();
            }
        });
    }

    /** Resident memory of the process (Linux), or -1. */
    private static long residentBytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident memory outside the heap's committed part. */
    private static long offHeap(long resident) {
        return resident < 0 ? -1 : resident - Runtime.getRuntime().totalMemory();
    }

    private synchronized void checkNative() {
        if (tripped != null || !control.isRunning()) {
            return;
        }
        long resident = residentBytes();
        long outside = offHeap(resident);
        if (resident < 0 || outside - nativeAtCellStart < NATIVE_GROWTH) {
            return;
        }
        String limit;
        if (nativeLimit > 0 && outside > nativeLimit) {
            limit = "mémoire native pleine : les tableaux ND4J et le reste hors du tas Java occupent " + outside / MIB
                    + " Mio, au-delà de la limite de " + nativeLimit / MIB + " Mio (CARNETS_MAXBYTES="
                    + (nativeLimit - NATIVE_ALLOWANCE) / MIB + "m, plus " + NATIVE_ALLOWANCE / MIB + " Mio pour Java lui-même)";
        } else if (processLimit > 0 && resident > processLimit) {
            limit = "mémoire du noyau pleine : " + resident / MIB + " Mio, au-delà de sa limite de " + processLimit / MIB
                    + " Mio (CARNETS_MAXPHYSICALBYTES ou le budget de l'atelier)";
        } else {
            return;
        }
        tripped = limit + " ; la cellule a été arrêtée avant que le système n'arrête le noyau, ce qu'elle a rangé dans "
                + "des variables y est toujours";
        stopThisCell();
    }
}
