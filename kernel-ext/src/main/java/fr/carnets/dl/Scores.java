package fr.carnets.dl;

import java.util.Locale;

/** What {@code evaluate} returns: the loss and the accuracy on the given data, and on how many examples. */
public record Scores(double loss, double accuracy, long examples) {

    /** Keras's {@code [loss, accuracy]}. */
    public double[] toArray() {
        return new double[] {loss, accuracy};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f (%d exemples)", loss, accuracy, examples);
    }
}
