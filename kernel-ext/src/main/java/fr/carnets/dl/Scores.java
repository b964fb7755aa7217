package fr.carnets.dl;

import java.util.Locale;

/** What {@code evaluate} returns: the loss and the accuracy on the given data. */
public final class Scores {
    private final double loss;
    private final double accuracy;
    private final long examples;

    Scores(double loss, double accuracy, long examples) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.examples = examples;
    }

    public double loss() {
        return loss;
    }

    public double accuracy() {
        return accuracy;
    }

    public long examples() {
        return examples;
    }

    /** Keras's {@code [loss, accuracy]}. */
    public double[] toArray() {
        return new double[] {loss, accuracy};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss: %.4f - accuracy: %.4f (%d exemples)", loss, accuracy, examples);
    }
}
