package fr.carnets.analysis;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Class indices from the shapes labels and predictions come in. */
public final class Labels {
    private Labels() {}

    /**
     * Class index per example:
     * <ul>
     * <li>{@code [n]} or {@code [n, 1]} of whole numbers: the indices themselves;</li>
     * <li>{@code [n, 1]} of fractions (a sigmoid output): 1 when ≥ 0.5, else 0;</li>
     * <li>{@code [n, k]} with k ≥ 2 (one-hot labels or softmax probabilities): the column of the
     * largest value (argmax).</li>
     * </ul>
     */
    public static int[] indices(INDArray a) {
        if (a == null) throw new IllegalArgumentException("Étiquettes absentes (null).");
        long[] s = a.shape();
        if (a.rank() == 1 || (a.rank() == 2 && s[1] == 1)) {
            double[] v = a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
            boolean whole = true;
            for (double d : v) {
                if (d != Math.rint(d)) {
                    whole = false;
                    break;
                }
            }
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = whole ? (int) v[i] : (v[i] >= 0.5 ? 1 : 0);
                if (out[i] < 0) throw new IllegalArgumentException("Étiquette négative (" + v[i] + ") à la ligne " + i + ".");
            }
            return out;
        }
        if (a.rank() == 2) {
            return a.argMax(1).castTo(DataType.INT32).toIntVector();
        }
        throw new IllegalArgumentException("Étiquettes de forme " + java.util.Arrays.toString(s)
                + " : attendu [n] (indices de classe) ou [n, k] (one-hot ou probabilités).");
    }

    /** Scores of the positive class: {@code [n]}, {@code [n, 1]}, or column 1 of {@code [n, 2]}. */
    public static double[] positiveScores(INDArray a) {
        if (a == null) throw new IllegalArgumentException("Scores absents (null).");
        long[] s = a.shape();
        if (a.rank() == 1 || (a.rank() == 2 && s[1] == 1)) {
            return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
        }
        if (a.rank() == 2 && s[1] == 2) {
            return a.getColumn(1).castTo(DataType.DOUBLE).toDoubleVector();
        }
        throw new IllegalArgumentException("Scores de forme " + java.util.Arrays.toString(s)
                + " : pour un modèle binaire, attendu [n], [n, 1] (sigmoïde) ou [n, 2] (softmax).");
    }

    static int classCount(int[] a, int[] b) {
        int max = -1;
        for (int v : a) max = Math.max(max, v);
        for (int v : b) max = Math.max(max, v);
        return max + 1;
    }
}
