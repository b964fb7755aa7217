package fr.carnets.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Confusion matrix: {@code count(t, p)} is the number of examples of true class {@code t}
 * predicted as {@code p} (rows: true class, columns: predicted class, like scikit-learn).
 *
 * <pre>
 * var cm = ConfusionMatrix.of(yTest, model.predict(xTest)).classes(Mnist.classNames());
 * cm                          // heatmap in the notebook (drawn by fr.carnets.plot)
 * cm.report()                 // precision, recall, F1 per class, as a table
 * Plots.confusion(cm, true)   // heatmap normalised by true class
 * </pre>
 */
public final class ConfusionMatrix {
    private final int[][] counts;
    private List<String> classes;

    private ConfusionMatrix(int[][] counts) {
        this.counts = counts;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) names.add(String.valueOf(i));
        this.classes = names;
    }

    /** From class indices; the number of classes is the largest index + 1. */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
        return of(yTrue, yPred, Labels.classCount(yTrue, yPred));
    }

    public static ConfusionMatrix of(int[] yTrue, int[] yPred, int numClasses) {
        if (yTrue == null || yPred == null) {
            throw new IllegalArgumentException("Étiquettes vraies ou prédites absentes (null).");
        }
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("Nombre d'étiquettes différent : " + yTrue.length + " vraies, "
                    + yPred.length + " prédites. Prédisez sur les mêmes exemples que les étiquettes.");
        }
        int[][] c = new int[numClasses][numClasses];
        for (int i = 0; i < yTrue.length; i++) {
            int t = yTrue[i], p = yPred[i];
            if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) {
                throw new IllegalArgumentException("Classe hors de [0, " + (numClasses - 1) + "] à l'exemple " + i
                        + " (vraie " + t + ", prédite " + p + ").");
            }
            c[t][p]++;
        }
        return new ConfusionMatrix(c);
    }

    /**
     * From arrays as a model gives them: labels {@code [n]} (indices) or {@code [n, k]} (one-hot),
     * predictions {@code [n]} (indices) or {@code [n, k]} (probabilities: argmax is taken).
     */
    public static ConfusionMatrix of(INDArray yTrue, INDArray yPred) {
        int[] t = Labels.indices(yTrue);
        int[] p = Labels.indices(yPred);
        int k = Labels.classCount(t, p);
        if (yTrue.rank() == 2 && yTrue.size(1) > 1) k = Math.max(k, (int) yTrue.size(1));
        if (yPred.rank() == 2 && yPred.size(1) > 1) k = Math.max(k, (int) yPred.size(1));
        return of(t, p, k);
    }

    /** Names the classes (in index order) for tables and plots. */
    public ConfusionMatrix classes(List<String> names) {
        if (names.size() != counts.length) {
            throw new IllegalArgumentException(names.size() + " noms de classes pour " + counts.length + " classes.");
        }
        this.classes = new ArrayList<>(names);
        return this;
    }

    public List<String> classes() {
        return Collections.unmodifiableList(classes);
    }

    public int numClasses() {
        return counts.length;
    }

    public int count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** A copy of the counts, rows = true class. */
    public int[][] counts() {
        int[][] c = new int[counts.length][];
        for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
        return c;
    }

    /** Each row divided by its sum: the share of each true class predicted as each class. */
    public double[][] normalized() {
        int k = counts.length;
        double[][] n = new double[k][k];
        for (int t = 0; t < k; t++) {
            int s = support(t);
            for (int p = 0; p < k; p++) n[t][p] = s == 0 ? 0 : counts[t][p] / (double) s;
        }
        return n;
    }

    public int total() {
        int s = 0;
        for (int[] row : counts) for (int v : row) s += v;
        return s;
    }

    public int correct() {
        int s = 0;
        for (int i = 0; i < counts.length; i++) s += counts[i][i];
        return s;
    }

    /** Share of examples predicted right. */
    public double accuracy() {
        int n = total();
        return n == 0 ? 0 : correct() / (double) n;
    }

    /** Examples of true class c. */
    public int support(int c) {
        int s = 0;
        for (int v : counts[c]) s += v;
        return s;
    }

    /** Examples predicted as class c. */
    public int predicted(int c) {
        int s = 0;
        for (int[] row : counts) s += row[c];
        return s;
    }

    /** Of the examples predicted c, the share truly c (0 when none is predicted c). */
    public double precision(int c) {
        int p = predicted(c);
        return p == 0 ? 0 : counts[c][c] / (double) p;
    }

    /** Of the examples truly c, the share predicted c (0 when the class has no example). */
    public double recall(int c) {
        int s = support(c);
        return s == 0 ? 0 : counts[c][c] / (double) s;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        return macro(0);
    }

    public double macroRecall() {
        return macro(1);
    }

    public double macroF1() {
        return macro(2);
    }

    public double weightedF1() {
        return weighted(2);
    }

    private double metric(int which, int c) {
        return which == 0 ? precision(c) : which == 1 ? recall(c) : f1(c);
    }

    private double macro(int which) {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += metric(which, c);
        return counts.length == 0 ? 0 : s / counts.length;
    }

    private double weighted(int which) {
        double s = 0;
        int n = total();
        for (int c = 0; c < counts.length; c++) s += metric(which, c) * support(c);
        return n == 0 ? 0 : s / n;
    }

    /**
     * Per-class precision, recall, F1 and support, then the macro average (each class counts the
     * same), the weighted average (each class counts by its support) and the accuracy, like
     * scikit-learn's {@code classification_report}.
     */
    public Table report() {
        int k = counts.length;
        StringColumn name = StringColumn.create("classe");
        DoubleColumn prec = DoubleColumn.create("précision");
        DoubleColumn rec = DoubleColumn.create("rappel");
        DoubleColumn f1 = DoubleColumn.create("F1");
        IntColumn sup = IntColumn.create("effectif");
        for (int c = 0; c < k; c++) {
            name.append(classes.get(c));
            prec.append(round(precision(c)));
            rec.append(round(recall(c)));
            f1.append(round(f1(c)));
            sup.append(support(c));
        }
        name.append("exactitude (accuracy)");
        prec.appendMissing();
        rec.appendMissing();
        f1.append(round(accuracy()));
        sup.append(total());
        name.append("moyenne macro");
        prec.append(round(macro(0)));
        rec.append(round(macro(1)));
        f1.append(round(macro(2)));
        sup.append(total());
        name.append("moyenne pondérée");
        prec.append(round(weighted(0)));
        rec.append(round(weighted(1)));
        f1.append(round(weighted(2)));
        sup.append(total());
        return Table.create("Rapport de classification", name, prec, rec, f1, sup);
    }

    /** The counts as a table: one row per true class, one column per predicted class. */
    public Table toTable() {
        Table t = Table.create("Matrice de confusion (lignes : classe réelle, colonnes : classe prédite)");
        t.addColumns(StringColumn.create("réelle \\ prédite", classes));
        for (int p = 0; p < counts.length; p++) {
            int[] col = new int[counts.length];
            for (int r = 0; r < counts.length; r++) col[r] = counts[r][p];
            t.addColumns(IntColumn.create(classes.get(p), col));
        }
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Matrice de confusion (lignes : classe réelle, colonnes : classe prédite)\n");
        int w = 4;
        for (String c : classes) w = Math.max(w, c.length() + 1);
        for (int[] row : counts) for (int v : row) w = Math.max(w, String.valueOf(v).length() + 1);
        b.append(String.format("%" + w + "s", ""));
        for (String c : classes) b.append(String.format("%" + w + "s", c));
        b.append('\n');
        for (int t = 0; t < counts.length; t++) {
            b.append(String.format("%" + w + "s", classes.get(t)));
            for (int v : counts[t]) b.append(String.format("%" + w + "d", v));
            b.append('\n');
        }
        b.append(String.format(java.util.Locale.FRANCE, "Exactitude : %.4f (%d / %d)", accuracy(), correct(), total()));
        return b.toString();
    }
}
