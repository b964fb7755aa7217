package fr.carnets.dl.training;

import java.util.Locale;

/**
 * What {@code evaluate} returns: the loss and the accuracy on the given data, on how many examples,
 * and the mean absolute error when the model was compiled with the "mae" metric (NaN otherwise).
 */
public record Scores(double loss, double accuracy, long examples, double mae) {

    /** Without a mean absolute error (a model compiled without "mae"). */
    public Scores(double loss, double accuracy, long examples) {
        this(loss, accuracy, examples, Double.NaN);
    }

    /** Keras's {@code [loss, accuracy]}, or {@code [loss, mae]} for a model compiled with "mae". */
    public double[] toArray() {
        return Double.isNaN(mae) ? new double[] {loss, accuracy} : new double[] {loss, mae};
    }

    @Override
    public String toString() {
        if (!Double.isNaN(mae)) return String.format(Locale.ROOT, "loss: %.4f - mae: %.4f (%d exemples)", loss, mae, examples);
        return String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f (%d exemples)", loss, accuracy, examples);
    }
}
