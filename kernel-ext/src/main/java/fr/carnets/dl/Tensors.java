package fr.carnets.dl;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The two array operations every batch source needs. */
public final class Tensors {
    private Tensors() {}

    public static INDArray asFloat(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        // Batches are row ranges of a plain C-ordered buffer: a strided view (a column, a permuted
        // array) is copied once here, or the native ops get shapes they cannot use.
        return f.ordering() == 'c' && Shape.hasDefaultStridesForShape(f) ? f : f.dup('c');
    }

    /** Rows [from, to) of an array of any rank (a view). */
    public static INDArray rows(INDArray a, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) idx[i] = NDArrayIndex.all();
        return a.get(idx);
    }
}
