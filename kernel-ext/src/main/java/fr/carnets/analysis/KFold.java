package fr.carnets.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * k-fold splits: every example lands in exactly one validation fold; the other k−1 folds train.
 * Shuffling is seeded (same seed, same folds). Fold sizes differ by at most one (the first
 * {@code n % k} folds get one more, like scikit-learn).
 *
 * <pre>
 * List&lt;Fold&gt; folds = KFold.split(60000, 5, 42);               // indices only
 * List&lt;Fold&gt; folds = KFold.stratified(labels, 5, 42);          // same class shares per fold
 * List&lt;Fold&gt; folds = KFold.of(5, x, y, 42);                    // with data, stratified on y
 * </pre>
 */
public final class KFold {
    private KFold() {}

    /** Shuffled k-fold over {@code n} examples. */
    public static List<Fold> split(int n, int k, long seed) {
        check(n, k);
        int[] order = identity(n);
        shuffle(order, new Random(seed));
        return fromAssignment(order, k);
    }

    /** k-fold over {@code n} examples in their order, without shuffling. */
    public static List<Fold> sequential(int n, int k) {
        check(n, k);
        return fromAssignment(identity(n), k);
    }

    /**
     * Stratified k-fold: each fold keeps (to one example) the share of each class in
     * {@code labels}. Classes are shuffled inside with {@code seed}, then dealt round-robin.
     */
    public static List<Fold> stratified(int[] labels, int k, long seed) {
        int n = labels.length;
        check(n, k);
        int classes = 0;
        for (int l : labels) {
            if (l < 0) throw new IllegalArgumentException("Étiquette négative : " + l);
            classes = Math.max(classes, l + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < n; i++) byClass.get(labels[i]).add(i);
        Random rnd = new Random(seed);
        List<List<Integer>> val = new ArrayList<>();
        for (int f = 0; f < k; f++) val.add(new ArrayList<>());
        // Deal each class in turn, continuing where the previous class stopped, so fold sizes
        // stay within one of each other and each class is spread evenly.
        int next = 0;
        for (List<Integer> members : byClass) {
            int[] m = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(m, rnd);
            for (int i : m) {
                val.get(next).add(i);
                next = (next + 1) % k;
            }
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int[] v = val.get(f).stream().mapToInt(Integer::intValue).sorted().toArray();
            folds.add(new Fold(f, k, complement(v, n), v, null, null));
        }
        return folds;
    }

    public static List<Fold> stratified(INDArray labels, int k, long seed) {
        return stratified(Labels.indices(labels), k, seed);
    }

    /**
     * Folds carrying their data: stratified on {@code y}'s classes when {@code y} holds class
     * labels (indices or one-hot), plain shuffled otherwise (regression targets).
     */
    public static List<Fold> of(int k, INDArray x, INDArray y, long seed) {
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("x a " + x.size(0) + " exemples et y " + y.size(0)
                    + " : il faut le même nombre de lignes.");
        }
        List<Fold> base = looksLikeClasses(y) ? stratified(y, k, seed) : split((int) x.size(0), k, seed);
        List<Fold> out = new ArrayList<>();
        for (Fold f : base) out.add(f.withData(x, y));
        return out;
    }

    private static boolean looksLikeClasses(INDArray y) {
        try {
            if (y.rank() == 2 && y.size(1) > 1) {
                double s = y.sumNumber().doubleValue();
                double min = y.minNumber().doubleValue(), max = y.maxNumber().doubleValue();
                return min >= 0 && max <= 1 && Math.abs(s - y.size(0)) < 1e-3 * y.size(0);
            }
            if (y.rank() == 1 || (y.rank() == 2 && y.size(1) == 1)) {
                for (double d : y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(y.length()).toDoubleVector()) {
                    if (d != Math.rint(d) || d < 0) return false;
                }
                return true;
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    private static List<Fold> fromAssignment(int[] order, int k) {
        int n = order.length;
        List<Fold> folds = new ArrayList<>();
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            int[] v = Arrays.copyOfRange(order, start, start + size);
            Arrays.sort(v);
            folds.add(new Fold(f, k, complement(v, n), v, null, null));
            start += size;
        }
        return folds;
    }

    private static int[] complement(int[] sortedVal, int n) {
        int[] t = new int[n - sortedVal.length];
        int j = 0, w = 0;
        for (int i = 0; i < n; i++) {
            if (j < sortedVal.length && sortedVal[j] == i) j++;
            else t[w++] = i;
        }
        return t;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void check(int n, int k) {
        if (k < 2) throw new IllegalArgumentException("k = " + k + " : il faut au moins 2 plis.");
        if (n < k) throw new IllegalArgumentException("Seulement " + n + " exemples pour " + k + " plis : réduisez k.");
    }
}
