package fr.carnets.dl;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The two array operations every batch source needs. */
public final class Tensors {
    private Tensors() {}

    public static INDArray asFloat(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        // Batches are row ranges of a plain C-ordered buffer: a strided view (a column, a permuted
        // array) is copied once here, or the native ops get shapes they cannot use.
        return rowMajorDense(f) ? f : f.dup('c');
    }

    /**
     * Whether the values lie in row-major order without gaps. Dimensions of size 1 are skipped:
     * ND4J's {@code Shape.hasDefaultStridesForShape} wants strictly falling strides and says no to
     * MNIST's [n, 1, 28, 28] (strides [784, 784, 28, 1]), which copied the whole training set (188 MB)
     * at every image model's fit.
     */
    public static boolean rowMajorDense(INDArray a) {
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Rows [from, to) of an array of any rank (a view). */
    public static INDArray rows(INDArray a, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) idx[i] = NDArrayIndex.all();
        return a.get(idx);
    }
}
