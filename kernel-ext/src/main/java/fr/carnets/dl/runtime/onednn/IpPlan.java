package fr.carnets.dl.runtime.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.inner_product_backward_data;
import org.bytedeco.dnnl.inner_product_backward_weights;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN's inner product (a dense layer's x·W + b) for one batch size, forward and backward. The
 * weights stay where DL4J keeps them: W is [nIn, nOut] in column-major order, which is oneDNN's
 * "oi" layout of [nOut, nIn], so nothing is reordered. ND4J's matrix products on these small
 * shapes took milliseconds each, most of a convnet's output layer.
 */
final class IpPlan {
    record Geometry(long n, long in, long out) {}

    final Geometry g;
    private final memory src, weights, bias, dst, diffDst, diffSrc, diffWeights, diffBias, bwdSrc;
    private final inner_product_forward fwd;
    private final inner_product_backward_weights bwdWeights;
    private final inner_product_backward_data bwdData;
    private final IntMemoryMap fwdArgs, bwdWeightsArgs, bwdDataArgs;

    IpPlan(Geometry g) {
        this.g = g;
        var eng = OneDnn.engine();
        var f32 = memory.data_type.f32;
        var srcMd = new memory.desc(new long[] {g.n, g.in}, f32, memory.format_tag.nc);
        var wMd = new memory.desc(new long[] {g.out, g.in}, f32, memory.format_tag.oi);
        var bMd = new memory.desc(new long[] {g.out}, f32, memory.format_tag.x);
        var dstMd = new memory.desc(new long[] {g.n, g.out}, f32, memory.format_tag.nc);
        var fpd = new inner_product_forward.primitive_desc(eng, prop_kind.forward_training, srcMd, wMd, bMd, dstMd);
        fwd = new inner_product_forward(fpd);
        bwdWeights = new inner_product_backward_weights(new inner_product_backward_weights.primitive_desc(eng, srcMd, wMd, bMd, dstMd, fpd));
        bwdData = new inner_product_backward_data(new inner_product_backward_data.primitive_desc(eng, srcMd, wMd, dstMd, fpd));
        src = new memory(srcMd, eng, null);
        bwdSrc = new memory(srcMd, eng, null);
        weights = new memory(wMd, eng, null);
        bias = new memory(bMd, eng, null);
        dst = new memory(dstMd, eng, null);
        diffDst = new memory(dstMd, eng, null);
        diffSrc = new memory(srcMd, eng, null);
        diffWeights = new memory(wMd, eng, null);
        diffBias = new memory(bMd, eng, null);
        fwdArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, weights, DNNL_ARG_BIAS, bias, DNNL_ARG_DST, dst);
        bwdWeightsArgs = Native.args(DNNL_ARG_SRC, bwdSrc, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_WEIGHTS, diffWeights, DNNL_ARG_DIFF_BIAS,
                diffBias);
        bwdDataArgs = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WEIGHTS, weights, DNNL_ARG_DIFF_SRC, diffSrc);
    }

    /** z = x·W + b: x dense [n, in], w DL4J's [in, out] column-major, b [out], z dense [n, out]. */
    void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
        Native.run(fwd, fwdArgs, src, x, weights, w, bias, b, dst, z);
    }

    /** Weight and bias gradients (wg in W's layout) for input x and output gradient dz. */
    void backwardWeights(INDArray x, INDArray dz, INDArray wg, INDArray bg) {
        Native.run(bwdWeights, bwdWeightsArgs, bwdSrc, x, diffDst, dz, diffWeights, wg, diffBias, bg);
    }

    /** Input gradient dx [n, in] for output gradient dz and weights w. */
    void backwardData(INDArray dz, INDArray w, INDArray dx) {
        Native.run(bwdData, bwdDataArgs, diffDst, dz, weights, w, diffSrc, dx);
    }

    /** Whether DL4J's weights (or their gradient view) are [in, out] column-major and dense, as oneDNN reads them here. */
    static boolean columnMajor(INDArray w) {
        return w.rank() == 2 && w.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && w.ordering() == 'f' && w.stride(0) == 1
                && w.stride(1) == w.size(0);
    }
}
