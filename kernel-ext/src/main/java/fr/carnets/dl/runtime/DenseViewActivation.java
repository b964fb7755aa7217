package fr.carnets.dl.runtime;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * An activation that runs another one on dense memory. DL4J's NHWC convolution layer hands its
 * activation NCHW permuted views of NHWC arrays in backpropagation; ND4J's element-wise ops on such
 * views take a slow strided path and return NCHW-ordered results (copied again later). When both
 * arrays are the same permutation of dense memory, this permutes them back to memory order first:
 * same values, dense loops, results in the arrays' own layout. Otherwise it simply delegates.
 */
public class DenseViewActivation extends BaseActivationFunction implements fr.carnets.dl.runtime.onednn.WrappedActivation {
    private static final long serialVersionUID = 1L;
    private IActivation inner;

    public DenseViewActivation() {} // JSON

    public DenseViewActivation(IActivation inner) {
        this.inner = inner;
    }

    public IActivation getInner() {
        return inner;
    }

    @Override
    public IActivation inner() {
        return inner;
    }

    public void setInner(IActivation inner) {
        this.inner = inner;
    }

    /** The permutation that puts the array in memory order (strides descending), or null when it is already there or not dense. */
    static int[] memoryOrder(INDArray a) {
        if (a.rank() < 2 || a.isEmpty()) return null;
        long[] st = a.stride();
        int[] order = IntStream.range(0, a.rank()).boxed().sorted(Comparator.comparingLong((Integer i) -> -st[i])).mapToInt(i -> i).toArray();
        boolean identity = IntStream.range(0, order.length).allMatch(i -> order[i] == i);
        if (identity) return null;
        INDArray p = a.permute(order);
        return Shape.hasDefaultStridesForShape(p) ? order : null;
    }

    static int[] inverse(int[] p) {
        int[] inv = new int[p.length];
        for (int i = 0; i < p.length; i++) inv[p[i]] = i;
        return inv;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        int[] o = memoryOrder(in);
        if (o == null) return inner.getActivation(in, training);
        return inner.getActivation(in.permute(o), training).permute(inverse(o));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        int[] o = memoryOrder(in);
        if (o == null || !Arrays.equals(o, memoryOrder(epsilon))) return inner.backprop(in, epsilon);
        Pair<INDArray, INDArray> r = inner.backprop(in.permute(o), epsilon.permute(o));
        return new Pair<>(r.getFirst().permute(inverse(o)), r.getSecond());
    }

    @Override
    public int numParams(int inputSize) {
        return inner.numParams(inputSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseViewActivation d && java.util.Objects.equals(inner, d.inner);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(inner) * 31 + 7;
    }

    @Override
    public String toString() {
        return String.valueOf(inner);
    }
}
