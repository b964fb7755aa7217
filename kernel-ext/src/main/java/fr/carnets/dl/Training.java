package fr.carnets.dl;

import java.util.function.Supplier;

/** What a callback may do to the running fit: ask it to stop after this epoch. */
public final class Training {
    private static volatile Supplier<? extends Callback> liveCurveFactory;
    private static volatile Supplier<FitProgressView> progressDisplay = () -> null;

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

    /** Plug in the live curve drawn by {@code Fit.liveCurve()} (the plot package registers one). */
    public static void setLiveCurveFactory(Supplier<? extends Callback> factory) {
        liveCurveFactory = factory;
    }

    static Callback newLiveCurve() {
        Supplier<? extends Callback> f = liveCurveFactory;
        return f == null ? null : f.get();
    }

    /** Plug in the notebook display of the progress line; the supplier gives null when no cell can show it. */
    public static void setProgressDisplay(Supplier<FitProgressView> display) {
        progressDisplay = display == null ? () -> null : display;
    }

    static FitProgressView progressDisplay() {
        return progressDisplay.get();
    }
}
