package fr.carnets.plot;

import java.util.List;

import fr.carnets.dl.training.History;

/**
 * Per-epoch metrics, as a training history holds them; what {@link Plots#curves(Curves)} and
 * {@link LiveCurves} draw; {@link #of(History)} reads a fit's history as such.
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

    /** A fit's history, read live (epochs added later show too). */
    static Curves of(History h) {
        return new Curves() {
            @Override
            public List<String> metricNames() {
                return h.metricNames();
            }

            @Override
            public double[] get(String name) {
                return h.get(name);
            }

            @Override
            public int epochs() {
                return h.epochs();
            }
        };
    }
}
