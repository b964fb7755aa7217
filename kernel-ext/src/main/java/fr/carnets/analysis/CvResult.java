package fr.carnets.analysis;

import java.util.Locale;

/** Scores of a cross-validation, one per fold, with their mean and standard deviation. */
public final class CvResult {
    private final double[] scores;
    private final double[] seconds;

    CvResult(double[] scores, double[] seconds) {
        this.scores = scores.clone();
        this.seconds = seconds.clone();
    }

    public double[] scores() {
        return scores.clone();
    }

    public double[] seconds() {
        return seconds.clone();
    }

    public double mean() {
        double s = 0;
        for (double v : scores) s += v;
        return s / scores.length;
    }

    /** Population standard deviation (numpy's default {@code std()}, what Keras tutorials print). */
    public double std() {
        double m = mean(), s = 0;
        for (double v : scores) s += (v - m) * (v - m);
        return Math.sqrt(s / scores.length);
    }

    public int folds() {
        return scores.length;
    }

    @Override
    public String toString() {
        return String.format(Locale.FRANCE, "Validation croisée : %.4f ± %.4f sur %d plis (scores : %s)",
                mean(), std(), scores.length, list());
    }

    private String list() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < scores.length; i++) {
            if (i > 0) b.append(" ; ");
            b.append(String.format(Locale.FRANCE, "%.4f", scores[i]));
        }
        return b.toString();
    }
}
