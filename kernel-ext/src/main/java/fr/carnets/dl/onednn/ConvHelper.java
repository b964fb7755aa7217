package fr.carnets.dl.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Map;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J convolution helper running oneDNN directly on NHWC activations: forward (bias included),
 * backward data, backward weights and bias. Primitives and weight memories are built once per
 * shape and reused. Layers in NCHW, other data types and causal padding go to the helper DL4J
 * chose ({@code fallback}, possibly null: DL4J's own code).
 */
public final class ConvHelper implements ConvolutionHelper {
    private final ConvolutionHelper fallback;
    /** Plans by geometry, a few at once: training, its last partial batch and prediction batches alternate. */
    private final Plans<Geometry, Plan> plans = new Plans<>(4);
    /**
     * The last training forward pass, for the backward pass of the same step: DL4J's layer runs
     * the convolution again before backpropagating (it caches it only with CacheMode and a copy).
     * Kept only for activations that DL4J applies in place and that give the same gradient from
     * their output as from their input (ReLU, identity); cleared by the backward pass.
     */
    private INDArray lastInput, lastOutput, pendingInput, pendingOutput;
    private double lastWeightsSum, pendingWeightsSum;
    /** Calls run by oneDNN (not the fallback): forward, backward; for tests and the profile. */
    long forwardRuns, backwardRuns;

    public ConvHelper(ConvolutionHelper fallback) {
        this.fallback = fallback;
    }

    ConvolutionHelper fallback() {
        return fallback;
    }

    /** Shape of one convolution: NHWC input n×ih×iw×ic, weights oc×ic×kh×kw (DL4J's order). */
    record Geometry(long n, long ih, long iw, long ic, long oc, long kh, long kw, long oh, long ow, long[] strides, long[] dil,
            long[] padL, long[] padR) {
        boolean same(Geometry g) {
            return n == g.n && ih == g.ih && iw == g.iw && ic == g.ic && oc == g.oc && kh == g.kh && kw == g.kw && oh == g.oh && ow == g.ow
                    && java.util.Arrays.equals(strides, g.strides) && java.util.Arrays.equals(dil, g.dil)
                    && java.util.Arrays.equals(padL, g.padL) && java.util.Arrays.equals(padR, g.padR);
        }

        static Geometry of(INDArray input, INDArray weights, int[] k, int[] s, int[] p, int[] d, ConvolutionMode cm) {
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
                    new long[] {p[0], p[1]}, new long[] {prh, prw});
        }
    }

    /** Everything oneDNN needs for one geometry, built once. */
    static final class Plan {
        final Geometry g;
        final memory src, dst, bias, userW, fwdW, diffSrc, diffDst, bwdDataW, diffBias, userDiffW, diffW;
        final convolution_forward fwd;
        final convolution_backward_data bwdData;
        final convolution_backward_weights bwdWeights;
        final reorder toFwdW, toBwdDataW, fromDiffW;
        final IntMemoryMap fwdArgs, bwdDataArgs, bwdWeightsArgs, toFwdWArgs, toBwdDataWArgs, fromDiffWArgs;

        Plan(Geometry g) {
            this.g = g;
            var eng = OneDnn.engine();
            var f32 = memory.data_type.f32;
            long[] srcDims = {g.n, g.ic, g.ih, g.iw}, dstDims = {g.n, g.oc, g.oh, g.ow}, wDims = {g.oc, g.ic, g.kh, g.kw};
            var srcMd = new memory.desc(srcDims, f32, memory.format_tag.nhwc);
            var dstMd = new memory.desc(dstDims, f32, memory.format_tag.nhwc);
            var biasMd = new memory.desc(new long[] {g.oc}, f32, memory.format_tag.x);
            var userWMd = new memory.desc(wDims, f32, memory.format_tag.oihw);
            var anyW = new memory.desc(wDims, f32, memory.format_tag.any);
            var fd = new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, srcMd, anyW, biasMd, dstMd,
                    g.strides, g.dil, g.padL, g.padR);
            var fpd = new convolution_forward.primitive_desc(fd, eng);
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

            var bdd = new convolution_backward_data.desc(algorithm.convolution_direct, srcMd, anyW, dstMd, g.strides, g.dil, g.padL, g.padR);
            var bdpd = new convolution_backward_data.primitive_desc(bdd, eng, fpd);
            bwdData = new convolution_backward_data(bdpd);
            diffSrc = new memory(srcMd, eng, null);
            diffDst = new memory(dstMd, eng, null);
            if (bdpd.weights_desc().notEquals(userWMd)) {
                bwdDataW = new memory(bdpd.weights_desc(), eng);
                toBwdDataW = new reorder(userW, bwdDataW);
                toBwdDataWArgs = Native.args(DNNL_ARG_FROM, userW, DNNL_ARG_TO, bwdDataW);
            } else {
                bwdDataW = userW;
                toBwdDataW = null;
                toBwdDataWArgs = null;
            }
            bwdDataArgs = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WEIGHTS, bwdDataW, DNNL_ARG_DIFF_SRC, diffSrc);

            var bwd = new convolution_backward_weights.desc(algorithm.convolution_direct, srcMd, anyW, biasMd, dstMd, g.strides, g.dil,
                    g.padL, g.padR);
            var bwpd = new convolution_backward_weights.primitive_desc(bwd, eng, fpd);
            bwdWeights = new convolution_backward_weights(bwpd);
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
            bwdWeightsArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_WEIGHTS, diffW, DNNL_ARG_DIFF_BIAS,
                    diffBias);
        }
    }

    private static boolean handles(INDArray input, INDArray bias, CNN2DFormat f, ConvolutionMode cm) {
        return f == CNN2DFormat.NHWC && bias != null && input.dataType() == DataType.FLOAT && cm != ConvolutionMode.Causal && OneDnn.enabled();
    }

    private Plan plan(Geometry g) {
        return plans.get(g, Geometry::same, Plan::new);
    }

    @Override
    public synchronized INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad, AlgoMode mode,
            FwdAlgo fwdAlgo, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        if (!handles(input, bias, format, cm)) {
            return fallback == null ? null : fallback.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, cm, dilation, format, ws);
        }
        if (lastInput != null && input == lastInput && weights.sumNumber().doubleValue() == lastWeightsSum) {
            INDArray z = lastOutput; // the backward pass asks for this step's forward result again
            lastInput = lastOutput = null;
            return z;
        }
        Plan p = plan(Geometry.of(input, weights, kernel, strides, pad, dilation, cm));
        Geometry g = p.g;
        INDArray x = Native.denseOrCopy(input), w = Native.denseOrCopy(weights), b = Native.denseOrCopy(bias);
        INDArray z = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {g.n, g.oh, g.ow, g.oc}, 'c');
        Native.bind(p.userW, w);
        if (p.toFwdW != null) Native.run(p.toFwdW, p.toFwdWArgs);
        Native.bind(p.src, x);
        Native.bind(p.bias, b);
        Native.bind(p.dst, z);
        Native.run(p.fwd, p.fwdArgs);
        forwardRuns++;
        pendingInput = input;
        pendingOutput = z;
        pendingWeightsSum = w.sumNumber().doubleValue();
        lastInput = lastOutput = null;
        return z;
    }

    @Override
    public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
            int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn, AlgoMode mode, BwdFilterAlgo bwdFilterAlgo,
            BwdDataAlgo bwdDataAlgo, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        if (!handles(input, bias, format, cm)) {
            return fallback == null ? null : fallback.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, cm, dilation, format, ws);
        }
        lastInput = lastOutput = null;
        long t0 = System.nanoTime();
        Plan p = plan(Geometry.of(input, weights, kernel, strides, pad, dilation, cm));
        Geometry g = p.g;
        INDArray x = Native.denseOrCopy(input), w = Native.denseOrCopy(weights), dz = Native.denseOrCopy(delta);
        if (dz != delta) Profiling.copies++;
        long t1 = System.nanoTime();
        INDArray eps = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, new long[] {g.n, g.ih, g.iw, g.ic}, 'c');
        // gradient views are written in place: DL4J's updater reads them from the flattened gradient
        INDArray wg = Native.dense(weightGradView) ? weightGradView : weightGradView.dup('c');
        INDArray bg = Native.dense(biasGradView) ? biasGradView : biasGradView.dup('c');
        Native.bind(p.userW, w);
        if (p.toBwdDataW != null) Native.run(p.toBwdDataW, p.toBwdDataWArgs);
        Native.bind(p.diffDst, dz);
        Native.bind(p.diffSrc, eps);
        Native.run(p.bwdData, p.bwdDataArgs);
        Native.bind(p.src, x);
        Native.bind(p.userDiffW, wg);
        Native.bind(p.diffBias, bg);
        Native.run(p.bwdWeights, p.bwdWeightsArgs);
        if (p.fromDiffW != null) Native.run(p.fromDiffW, p.fromDiffWArgs);
        if (wg != weightGradView) weightGradView.assign(wg);
        if (bg != biasGradView) biasGradView.assign(bg);
        backwardRuns++;
        Profiling.convBackward += System.nanoTime() - t1;
        Profiling.convBackwardPrep += t1 - t0;
        Gradient grad = new DefaultGradient();
        // DL4J hands a standalone dummy array for layers without bias; a real bias gradient is a view of the flat gradient
        if (biasGradView.isView()) grad.setGradientFor("b", biasGradView);
        grad.setGradientFor("W", weightGradView, 'c');
        return new Pair<>(grad, eps);
    }

    @Override
    public synchronized INDArray activate(INDArray z, IActivation afn, boolean training) {
        INDArray a = afn.getActivation(z, training);
        if (training && z == pendingOutput && a == z && reusable(afn)) {
            lastInput = pendingInput;
            lastOutput = z; // holds relu(z) now: same ReLU gradient as z
            lastWeightsSum = pendingWeightsSum;
        }
        pendingInput = pendingOutput = null;
        return a;
    }

    /** Activations DL4J applies in place whose gradient is the same from their output (the weights are checked by their sum). */
    private static boolean reusable(IActivation afn) {
        IActivation f = afn instanceof fr.carnets.dl.DenseViewActivation d ? d.getInner() : afn;
        if (f instanceof org.nd4j.linalg.activations.impl.ActivationIdentity) return true;
        return f instanceof org.nd4j.linalg.activations.impl.ActivationReLU r && r.getMax() == null && zero(r.getThreshold())
                && zero(r.getNegativeSlope());
    }

    private static boolean zero(Double d) {
        return d == null || d == 0.0;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }
}
