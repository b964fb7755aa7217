package fr.carnets.analysis;


import org.nd4j.linalg.api.ndarray.INDArray;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Precision and recall of a binary model as the decision threshold moves: an example is
 * predicted positive when its score is ≥ the threshold. Raising the threshold never raises the
 * recall; precision usually rises but need not at every step.
 *
 * <pre>
 * var pr = ThresholdCurve.of(model.predict(xTest), yTest);   // scores of class 1, labels 0/1
 * pr                                  // the plot (Plots.precisionRecall(pr))
 * pr.thresholdForRecall(0.95)         // highest threshold keeping 95 % recall
 * pr.toTable()
 * </pre>
 */
public final class ThresholdCurve {
    private final double[] thresholds;
    private final int[] tp;
    private final int[] fp;
    private final int positives;
    private final int n;

    private ThresholdCurve(double[] thresholds, int[] tp, int[] fp, int positives, int n) {
        this.thresholds = thresholds;
        this.tp = tp;
        this.fp = fp;
        this.positives = positives;
        this.n = n;
    }

    /** 101 thresholds 0, 0.01 … 1 (for probabilities). */
    public static ThresholdCurve of(double[] scores, int[] yTrue) {
        double[] t = new double[101];
        for (int i = 0; i <= 100; i++) t[i] = i / 100.0;
        return of(scores, yTrue, t);
    }

    /** Scores {@code [n]}, {@code [n,1]} or {@code [n,2]} (column 1), labels 0/1 or one-hot. */
    public static ThresholdCurve of(INDArray scores, INDArray yTrue) {
        return of(Labels.positiveScores(scores), Labels.indices(yTrue));
    }

    /** At the given thresholds (sorted ascending here). */
    public static ThresholdCurve of(double[] scores, int[] yTrue, double[] thresholds) {
        if (scores.length != yTrue.length) {
            throw new IllegalArgumentException(scores.length + " scores pour " + yTrue.length + " étiquettes.");
        }
        double[] t = thresholds.clone();
        java.util.Arrays.sort(t);
        int pos = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] != 0 && yTrue[i] != 1) {
                throw new IllegalArgumentException("Étiquette " + yTrue[i] + " à l'exemple " + i
                        + " : la courbe précision–rappel demande un problème binaire (0 ou 1).");
            }
            pos += yTrue[i];
        }
        int[] tp = new int[t.length];
        int[] fp = new int[t.length];
        for (int j = 0; j < t.length; j++) {
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= t[j]) {
                    if (yTrue[i] == 1) tp[j]++;
                    else fp[j]++;
                }
            }
        }
        return new ThresholdCurve(t, tp, fp, pos, scores.length);
    }

    public int size() {
        return thresholds.length;
    }

    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Precision at each threshold; 1 where nothing is predicted positive (no false alarm). */
    public double[] precision() {
        double[] p = new double[thresholds.length];
        for (int j = 0; j < p.length; j++) {
            int predicted = tp[j] + fp[j];
            p[j] = predicted == 0 ? 1.0 : tp[j] / (double) predicted;
        }
        return p;
    }

    /** Recall at each threshold (0 when there is no positive example). */
    public double[] recall() {
        double[] r = new double[thresholds.length];
        for (int j = 0; j < r.length; j++) r[j] = positives == 0 ? 0 : tp[j] / (double) positives;
        return r;
    }

    public double[] f1() {
        double[] p = precision(), r = recall(), f = new double[p.length];
        for (int j = 0; j < f.length; j++) f[j] = p[j] + r[j] == 0 ? 0 : 2 * p[j] * r[j] / (p[j] + r[j]);
        return f;
    }

    public int[] truePositives() {
        return tp.clone();
    }

    public int[] falsePositives() {
        return fp.clone();
    }

    /** Index of the threshold with the best F1 (the lowest such threshold on ties). */
    public int bestF1Index() {
        double[] f = f1();
        int best = 0;
        for (int j = 1; j < f.length; j++) if (f[j] > f[best]) best = j;
        return best;
    }

    public double bestF1Threshold() {
        return thresholds[bestF1Index()];
    }

    /** The highest threshold whose recall is still ≥ {@code minRecall}, or NaN if none. */
    public double thresholdForRecall(double minRecall) {
        double[] r = recall();
        for (int j = r.length - 1; j >= 0; j--) if (r[j] >= minRecall) return thresholds[j];
        return Double.NaN;
    }

    /** The lowest threshold whose precision is ≥ {@code minPrecision}, or NaN if none. */
    public double thresholdForPrecision(double minPrecision) {
        double[] p = precision();
        for (int j = 0; j < p.length; j++) if (p[j] >= minPrecision && tp[j] + fp[j] > 0) return thresholds[j];
        return Double.NaN;
    }

    public Table toTable() {
        return Table.create("Précision et rappel selon le seuil",
                DoubleColumn.create("seuil", thresholds),
                DoubleColumn.create("précision", precision()),
                DoubleColumn.create("rappel", recall()),
                DoubleColumn.create("F1", f1()),
                IntColumn.create("vrais positifs", tp),
                IntColumn.create("faux positifs", fp));
    }

    @Override
    public String toString() {
        int b = bestF1Index();
        return String.format(java.util.Locale.FRANCE,
                "Précision–rappel sur %d exemples (%d positifs), %d seuils ; meilleur F1 %.3f au seuil %.2f "
                        + "(précision %.3f, rappel %.3f)",
                n, positives, thresholds.length, f1()[b], thresholds[b], precision()[b], recall()[b]);
    }
}
