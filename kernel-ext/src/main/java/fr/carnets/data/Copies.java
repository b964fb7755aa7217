package fr.carnets.data;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.javacpp.Pointer;

/**
 * The copies of each dataset file that earlier reads left in native memory. Re-running a cell
 * such as {@code var d = Mnist.load();} replaces the variable, but the old arrays' memory only
 * goes back when the garbage collector notices them, which the small Java objects that hold them
 * rarely prompt: a third run then held three MNIST copies (969 MiB instead of 754). Before a read
 * that would make a third copy of a file, one collection frees those that nothing uses any more
 * (0.1-0.3 s, only in that case).
 */
final class Copies {
    /** Copies of a file kept before a read starts a collection. */
    static final int KEPT = 2;
    /** Below this size a copy is not worth a collection. */
    static final long WORTH = 16L << 20;

    private static final Map<Path, List<WeakReference<Pointer>>> READS = new HashMap<>();

    private Copies() {}

    /** Called before a file of {@code bytes} floats is read: collects if {@link #KEPT} copies may still be alive. */
    static synchronized void beforeReading(Path file, long bytes) {
        if (bytes < WORTH || alive(file) < KEPT) return;
        System.gc();
        Pointer.deallocateReferences(); // JavaCPP frees the collected buffers now, not on its own thread's schedule
    }

    /** Records a copy of the file, held by the buffer of the array returned to the caller. */
    static synchronized void read(Path file, Pointer memory) {
        READS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ArrayList<>()).add(new WeakReference<>(memory));
    }

    /** Copies not yet known to be freed (a copy is known freed once a collection has cleared its reference). */
    static synchronized int alive(Path file) {
        List<WeakReference<Pointer>> l = READS.get(file.toAbsolutePath().normalize());
        if (l == null) return 0;
        l.removeIf(r -> r.get() == null || r.get().isNull());
        return l.size();
    }
}
