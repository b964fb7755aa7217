package fr.carnets.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The first rows of an array, the others, or a range of them: numpy's {@code x[:n]},
 * {@code x[n:]} and {@code x[a:b]} on the first axis (the examples), whatever the rank.
 *
 * <pre>
 * INDArray petit = Rows.take(xTrain, 1000);          // x_train[:1000]
 * var parts = Rows.split(xTrain, 50_000);            // x_train[:50000], x_train[50000:]
 * INDArray milieu = Rows.range(xTrain, 100, 200);    // x_train[100:200]
 * </pre>
 *
 * The results are views of the array (no copy), like numpy slices; {@code dup()} copies.
 */
public final class Rows {
    private Rows() {}

    /** The two parts of an array cut at one row. */
    public record Split(INDArray first, INDArray rest) {}

    /** The first {@code n} rows ({@code x[:n]}); the whole array when it has {@code n} rows or fewer. */
    public static INDArray take(INDArray x, long n) {
        check(x, "Rows.take");
        if (n < 0) throw new DataException("Rows.take : nombre de lignes négatif (" + n + ") ; donnez un nombre de 0 à " + x.size(0) + ".");
        return n >= x.size(0) ? x : range(x, 0, n);
    }

    /** The rows after the first {@code n} ({@code x[n:]}). */
    public static INDArray skip(INDArray x, long n) {
        check(x, "Rows.skip");
        if (n < 0 || n > x.size(0)) {
            throw new DataException("Rows.skip : " + n + " lignes à sauter sur " + x.size(0) + " ; donnez un nombre de 0 à " + x.size(0) + ".");
        }
        return range(x, n, x.size(0));
    }

    /** Rows {@code from} (included) to {@code to} (excluded): {@code x[from:to]}. */
    public static INDArray range(INDArray x, long from, long to) {
        check(x, "Rows.range");
        long rows = x.size(0);
        if (from < 0 || to > rows || from > to) {
            throw new DataException("Rows.range : lignes " + from + " à " + to + " impossibles, le tableau en a " + rows
                    + " (il faut 0 ≤ début ≤ fin ≤ " + rows + ").");
        }
        INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) idx[i] = NDArrayIndex.all();
        return x.get(idx);
    }

    /** The first {@code n} rows and the others ({@code x[:n]}, {@code x[n:]}). */
    public static Split split(INDArray x, long n) {
        check(x, "Rows.split");
        if (n < 0 || n > x.size(0)) {
            throw new DataException("Rows.split : coupure à la ligne " + n + " sur " + x.size(0) + " ; donnez un nombre de 0 à " + x.size(0) + ".");
        }
        return new Split(range(x, 0, n), range(x, n, x.size(0)));
    }

    /** Cut at a fraction of the rows: {@code split(x, 0.8)} keeps the first 80 % in {@code first}. */
    public static Split split(INDArray x, double fraction) {
        check(x, "Rows.split");
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new DataException("Rows.split : fraction " + fraction + " hors de [0, 1] ; par exemple 0.8 pour 80 % / 20 %.");
        }
        return split(x, Math.round(x.size(0) * fraction));
    }

    private static void check(INDArray x, String where) {
        if (x == null) throw new DataException(where + " : le tableau vaut null ; exécutez d'abord la cellule qui le crée.");
        if (x.rank() == 0) throw new DataException(where + " : un nombre seul n'a pas de lignes ; il faut un tableau d'au moins une dimension.");
    }
}
