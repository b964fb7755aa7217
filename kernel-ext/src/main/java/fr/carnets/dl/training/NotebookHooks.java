package fr.carnets.dl.training;

import java.util.function.Supplier;

/**
 * What the notebook plugs into every fit, the only global state of training: the live curve
 * drawn by {@code Fit.liveCurve()} and the display of the progress line. The extension registers
 * both at kernel start (this package knows nothing of Jupyter); without them a fit prints its
 * progress to stdout.
 */
public final class NotebookHooks {
    private static volatile Supplier<? extends Callback> liveCurveFactory;
    private static volatile Supplier<FitProgressView> progressDisplay = () -> null;

    private NotebookHooks() {}

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
