package fr.carnets.dl.training;

/** One running fit, as its callbacks see it: its epochs, and a way to stop it after this epoch (global hooks: {@link NotebookHooks}). */
public final class Training {
    final int epochs;
    volatile boolean stopRequested;
    volatile String stopReason;

    Training(int epochs) {
        this.epochs = epochs;
    }

    public int epochs() {
        return epochs;
    }

    /** Ends training after the current epoch. */
    public void stop(String reason) {
        this.stopRequested = true;
        this.stopReason = reason;
    }
}
