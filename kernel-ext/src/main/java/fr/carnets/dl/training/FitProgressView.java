package fr.carnets.dl.training;

/**
 * Where fit's progress line is shown and redrawn in place when a notebook can show it. The
 * extension plugs the kernel's display in ({@link Training#setProgressDisplay}), so this package
 * knows nothing of Jupyter; without one, progress goes to stdout one line per epoch.
 */
public interface FitProgressView {
    /** Shows a line; returns the id that {@link #update} redraws. */
    String show(String text);

    /** Replaces the line shown under {@code id}. */
    void update(String id, String text);
}
