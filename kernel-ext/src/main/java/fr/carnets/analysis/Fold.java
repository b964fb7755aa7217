package fr.carnets.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One fold of a k-fold split: the indices to train on and the indices held out for validation.
 * When the fold was made from data ({@link KFold#of}), {@link #xTrain()} … {@link #yVal()} give
 * the matching rows.
 */
public final class Fold {
    private final int index;
    private final int count;
    private final int[] train;
    private final int[] val;
    private final INDArray x;
    private final INDArray y;

    Fold(int index, int count, int[] train, int[] val, INDArray x, INDArray y) {
        this.index = index;
        this.count = count;
        this.train = train;
        this.val = val;
        this.x = x;
        this.y = y;
    }

    /** 0-based number of this fold. */
    public int index() {
        return index;
    }

    /** How many folds the split has (k). */
    public int count() {
        return count;
    }

    public int[] trainIndices() {
        return train.clone();
    }

    public int[] valIndices() {
        return val.clone();
    }

    public Fold withData(INDArray x, INDArray y) {
        return new Fold(index, count, train, val, x, y);
    }

    public INDArray xTrain() {
        return rows(data(x, "x"), train);
    }

    public INDArray yTrain() {
        return rows(data(y, "y"), train);
    }

    public INDArray xVal() {
        return rows(data(x, "x"), val);
    }

    public INDArray yVal() {
        return rows(data(y, "y"), val);
    }

    private static INDArray data(INDArray a, String name) {
        if (a == null) {
            throw new IllegalStateException("Ce pli ne porte pas de données (" + name + ") : créez les plis avec "
                    + "KFold.of(k, x, y, graine) ou utilisez Fold.rows(tableau, pli.trainIndices()).");
        }
        return a;
    }

    /** The rows of {@code a} (first axis) at the given indices, in that order. */
    public static INDArray rows(INDArray a, int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("Aucune ligne à extraire : le pli est vide.");
        }
        long[] shape = a.shape();
        long rowLen = a.length() / shape[0];
        INDArray flat = a.reshape('c', shape[0], rowLen);
        INDArray picked = Nd4j.pullRows(flat, 1, indices);
        long[] out = shape.clone();
        out[0] = indices.length;
        return picked.reshape('c', out);
    }

    @Override
    public String toString() {
        return "Pli " + (index + 1) + "/" + count + " : " + train.length + " exemples d'entraînement, "
                + val.length + " de validation";
    }
}
