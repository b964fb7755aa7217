package fr.carnets.plot;

import java.util.UUID;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Showing objects from code when running inside a Jupyter kernel, and doing nothing (never
 * failing) elsewhere, e.g. in unit tests or a plain JVM.
 */
public final class Display {
    private Display() {}

    static BaseKernel kernel() {
        try {
            return BaseKernel.notebookKernel();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** True when a kernel runs and a cell is executing, so a display can reach the notebook. */
    public static boolean available() {
        BaseKernel k = kernel();
        try {
            return k != null && k.getIO().display.isAttached();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Renders with the kernel's renderer; null outside a kernel. */
    public static DisplayData render(Object o) {
        BaseKernel k = kernel();
        return k == null ? null : k.getRenderer().render(o);
    }

    /** Shows {@code o} now; returns its display id for {@link #update}, or null when nothing could show. */
    public static String show(Object o) {
        return show(o, null);
    }

    /** Shows {@code o} under the given display id (a fresh one when null). */
    public static String show(Object o, String id) {
        if (!available()) return null;
        BaseKernel k = kernel();
        DisplayData data = k.getRenderer().render(o);
        String displayId = id != null ? id : data.getDisplayId() != null ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(displayId);
        keepingInterrupt(() -> k.display(data));
        return displayId;
    }

    /** Replaces what {@link #show} showed under {@code id}; false when nothing could be updated. */
    public static boolean update(String id, Object o) {
        if (id == null || !available()) return false;
        BaseKernel k = kernel();
        DisplayData data = k.getRenderer().render(o);
        keepingInterrupt(() -> k.getIO().display.updateDisplay(id, data));
        return true;
    }

    /**
     * Runs {@code r} with the thread's interrupt flag kept: sending to the notebook clears it, and
     * a training loop reads it to stop at the next batch when the learner presses Stop.
     */
    public static void keepingInterrupt(Runnable r) {
        boolean interrupted = Thread.interrupted();
        try {
            r.run();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * Text lines shown, then redrawn in place under their display id (fit's progress line), or
     * null when no cell can show them; what the extension hands to {@code NotebookHooks.setProgressDisplay}.
     */
    public static fr.carnets.dl.training.FitProgressView lines() {
        if (!available()) return null;
        BaseKernel k = kernel();
        return new fr.carnets.dl.training.FitProgressView() {
            @Override
            public String show(String text) {
                String id = UUID.randomUUID().toString();
                DisplayData d = new DisplayData(text);
                d.setDisplayId(id);
                keepingInterrupt(() -> k.display(d));
                return id;
            }

            @Override
            public void update(String id, String text) {
                keepingInterrupt(() -> k.getIO().display.updateDisplay(id, new DisplayData(text)));
            }
        };
    }
}
