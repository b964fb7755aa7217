package fr.carnets.dl.runtime.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Arrays;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN primitives of one convolution geometry on NHWC activations, built once and reused:
 * forward (bias, and ReLU fused as a post-op when asked), ReLU backward from the output, backward
 * weights and bias, and backward data (built on first use: the first layer of a network never
 * needs it). Weights stay in DL4J's order [out, in, kh, kw]; oneDNN's preferred layouts are
 * reached by reorders on every call, which cost little next to the convolution.
 */
final class ConvPlan {
    /** Shape of one convolution: NHWC input n×ih×iw×ic, weights oc×ic×kh×kw (DL4J's order). */
    record Geometry(long n, long ih, long iw, long ic, long oc, long kh, long kw, long oh, long ow, long[] strides, long[] dil,
            long[] padL, long[] padR, boolean relu) {
        boolean same(Geometry g) {
            return n == g.n && ih == g.ih && iw == g.iw && ic == g.ic && oc == g.oc && kh == g.kh && kw == g.kw && oh == g.oh && ow == g.ow
                    && relu == g.relu && Arrays.equals(strides, g.strides) && Arrays.equals(dil, g.dil) && Arrays.equals(padL, g.padL)
                    && Arrays.equals(padR, g.padR);
        }

        /** The geometry of an NHWC input, DL4J's weights and the layer's settings (padding as DL4J computes it). */
        static Geometry of(INDArray input, INDArray weights, int[] k, int[] s, int[] p, int[] d, ConvolutionMode cm, boolean relu) {
            long n = input.size(0), ih = input.size(1), iw = input.size(2), ic = input.size(3);
            long oc = weights.size(0), kh = weights.size(2), kw = weights.size(3);
            long ekh = (kh - 1) * d[0] + 1, ekw = (kw - 1) * d[1] + 1;
            long oh, ow, prh, prw;
            if (cm == ConvolutionMode.Same) { // DL4J gives the top-left padding; the rest goes bottom-right, like TF
                oh = (ih + s[0] - 1) / s[0];
                ow = (iw + s[1] - 1) / s[1];
                prh = Math.max(0, (oh - 1) * s[0] + ekh - ih - p[0]);
                prw = Math.max(0, (ow - 1) * s[1] + ekw - iw - p[1]);
            } else { // truncate: the last partial window is dropped, as oneDNN's formula does with symmetric padding
                oh = (ih + 2L * p[0] - ekh) / s[0] + 1;
                ow = (iw + 2L * p[1] - ekw) / s[1] + 1;
                prh = p[0];
                prw = p[1];
            }
            return new Geometry(n, ih, iw, ic, oc, kh, kw, oh, ow, new long[] {s[0], s[1]}, new long[] {d[0] - 1, d[1] - 1},
                    new long[] {p[0], p[1]}, new long[] {prh, prw}, relu);
        }

        long[] inputShape() {
            return new long[] {n, ih, iw, ic};
        }

        long[] outputShape() {
            return new long[] {n, oh, ow, oc};
        }
    }

    final Geometry g;
    private final memory.desc srcMd, dstMd, userWMd, anyW;
    private final convolution_forward.primitive_desc fpd;
    final memory src, dst, bias, userW, fwdW, diffDst, diffBias, userDiffW, diffW;
    final convolution_forward fwd;
    final convolution_backward_weights bwdWeights;
    final reorder toFwdW, fromDiffW;
    final IntMemoryMap fwdArgs, bwdWeightsArgs, toFwdWArgs, fromDiffWArgs;
    /** ReLU backward from the forward output (relu geometries only). */
    final memory reluDst, reluDiffDst, reluDiffSrc;
    final eltwise_backward reluBwd;
    final IntMemoryMap reluBwdArgs;
    private BackwardData backwardData;

    /** Backward data with its own weight layout. */
    static final class BackwardData {
        final memory diffSrc, diffDst, weights;
        final convolution_backward_data prim;
        final reorder toWeights;
        final IntMemoryMap args, toWeightsArgs;

        private BackwardData(ConvPlan p) {
            var eng = OneDnn.engine();
            Geometry g = p.g;
            var bdpd = new convolution_backward_data.primitive_desc(eng, algorithm.convolution_direct, p.srcMd, p.anyW, p.dstMd, g.strides, g.dil,
                    g.padL, g.padR, p.fpd);
            prim = new convolution_backward_data(bdpd);
            diffSrc = new memory(p.srcMd, eng, null);
            diffDst = new memory(p.dstMd, eng, null);
            if (bdpd.weights_desc().notEquals(p.userWMd)) {
                weights = new memory(bdpd.weights_desc(), eng);
                toWeights = new reorder(p.userW, weights);
                toWeightsArgs = Native.args(DNNL_ARG_FROM, p.userW, DNNL_ARG_TO, weights);
            } else {
                weights = p.userW;
                toWeights = null;
                toWeightsArgs = null;
            }
            args = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WEIGHTS, weights, DNNL_ARG_DIFF_SRC, diffSrc);
        }
    }

    ConvPlan(Geometry g) {
        this.g = g;
        var eng = OneDnn.engine();
        var f32 = memory.data_type.f32;
        long[] srcDims = {g.n, g.ic, g.ih, g.iw}, dstDims = {g.n, g.oc, g.oh, g.ow}, wDims = {g.oc, g.ic, g.kh, g.kw};
        srcMd = new memory.desc(srcDims, f32, memory.format_tag.nhwc);
        dstMd = new memory.desc(dstDims, f32, memory.format_tag.nhwc);
        var biasMd = new memory.desc(new long[] {g.oc}, f32, memory.format_tag.x);
        userWMd = new memory.desc(wDims, f32, memory.format_tag.oihw);
        anyW = new memory.desc(wDims, f32, memory.format_tag.any);
        var attr = new primitive_attr();
        if (g.relu) {
            var ops = new post_ops();
            ops.append_eltwise(algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        fpd = new convolution_forward.primitive_desc(eng, prop_kind.forward_training, algorithm.convolution_direct, srcMd, anyW, biasMd, dstMd,
                g.strides, g.dil, g.padL, g.padR, attr, false);
        fwd = new convolution_forward(fpd);
        src = new memory(srcMd, eng, null);
        dst = new memory(dstMd, eng, null);
        bias = new memory(biasMd, eng, null);
        userW = new memory(userWMd, eng, null);
        if (fpd.weights_desc().notEquals(userWMd)) {
            fwdW = new memory(fpd.weights_desc(), eng); // owned by oneDNN, reused every step
            toFwdW = new reorder(userW, fwdW);
            toFwdWArgs = Native.args(DNNL_ARG_FROM, userW, DNNL_ARG_TO, fwdW);
        } else {
            fwdW = userW;
            toFwdW = null;
            toFwdWArgs = null;
        }
        fwdArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, fwdW, DNNL_ARG_BIAS, bias, DNNL_ARG_DST, dst);

        var bwpd = new convolution_backward_weights.primitive_desc(eng, algorithm.convolution_direct, srcMd, anyW, biasMd, dstMd, g.strides,
                g.dil, g.padL, g.padR, fpd);
        bwdWeights = new convolution_backward_weights(bwpd);
        diffDst = new memory(dstMd, eng, null);
        diffBias = new memory(biasMd, eng, null);
        userDiffW = new memory(userWMd, eng, null);
        if (bwpd.diff_weights_desc().notEquals(userWMd)) {
            diffW = new memory(bwpd.diff_weights_desc(), eng);
            fromDiffW = new reorder(diffW, userDiffW);
            fromDiffWArgs = Native.args(DNNL_ARG_FROM, diffW, DNNL_ARG_TO, userDiffW);
        } else {
            diffW = userDiffW;
            fromDiffW = null;
            fromDiffWArgs = null;
        }
        bwdWeightsArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_WEIGHTS, diffW, DNNL_ARG_DIFF_BIAS, diffBias);

        if (g.relu) {
            reluBwd = Relu.backward(dstMd);
            reluDst = new memory(dstMd, eng, null);
            reluDiffDst = new memory(dstMd, eng, null);
            reluDiffSrc = new memory(dstMd, eng, null);
            reluBwdArgs = Native.args(DNNL_ARG_DST, reluDst, DNNL_ARG_DIFF_DST, reluDiffDst, DNNL_ARG_DIFF_SRC, reluDiffSrc);
        } else {
            reluBwd = null;
            reluDst = reluDiffDst = reluDiffSrc = null;
            reluBwdArgs = null;
        }
    }

    BackwardData backwardData() {
        if (backwardData == null) backwardData = new BackwardData(this);
        return backwardData;
    }

    /** z = conv(x, w) + b (then ReLU when fused); every array dense, z of {@link Geometry#outputShape()}. */
    void forward(INDArray x, INDArray w, INDArray b, INDArray z) {
        Native.bind(userW, w);
        if (toFwdW != null) Native.run(toFwdW, toFwdWArgs);
        Native.run(fwd, fwdArgs, src, x, bias, b, dst, z);
    }

    /** dz = dy where the ReLU output y is positive, else 0 (dz may be dy itself). */
    void reluBackward(INDArray y, INDArray dy, INDArray dz) {
        Native.run(reluBwd, reluBwdArgs, reluDst, y, reluDiffDst, dy, reluDiffSrc, dz);
    }

    /** Weight and bias gradients for input x and output gradient dz, written into wg (oihw) and bg. */
    void backwardWeights(INDArray x, INDArray dz, INDArray wg, INDArray bg) {
        Native.run(bwdWeights, bwdWeightsArgs, src, x, diffDst, dz, userDiffW, wg, diffBias, bg);
        if (fromDiffW != null) Native.run(fromDiffW, fromDiffWArgs);
    }

    /** Input gradient dx for output gradient dz and weights w. */
    void backwardData(INDArray dz, INDArray w, INDArray dx) {
        BackwardData b = backwardData();
        Native.bind(userW, w);
        if (b.toWeights != null) Native.run(b.toWeights, b.toWeightsArgs);
        Native.run(b.prim, b.args, b.diffDst, dz, b.diffSrc, dx);
    }
}
