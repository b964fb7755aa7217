package fr.carnets.plot;

import java.util.List;

/**
 * Per-epoch metrics, as a training history holds them; what {@link Plots#curves(Curves)} and
 * {@link LiveCurves} draw. {@code fr.carnets.dl.History} implements it.
 *
 * <p>Names follow Keras: {@code loss}, {@code accuracy}, and {@code val_loss},
 * {@code val_accuracy} for the validation data. Only per-epoch metrics belong here (not timings).
 */
public interface Curves {
    /** Names of the recorded metrics, in a stable order. */
    List<String> metricNames();

    /** One value per epoch (epoch 1 first); NaN where a value is missing. */
    double[] get(String name);

    /** Number of epochs recorded. */
    int epochs();
}
