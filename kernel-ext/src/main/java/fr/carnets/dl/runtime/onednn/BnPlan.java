package fr.carnets.dl.runtime.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN batch normalization primitives of one geometry, built once: forward for training
 * (batch statistics, written out for the backward pass and DL4J's moving averages), forward for
 * inference (the moving averages DL4J passes), backward (input, scale and shift gradients).
 * Activations are dense NHWC or NCHW floats; statistics, scale and shift are [channels] floats.
 */
final class BnPlan {
    /** n×c×h×w activations in one layout, and the layer's epsilon. */
    record Geometry(long n, long c, long h, long w, boolean nhwc, float eps) {
        long[] shape() {
            return nhwc ? new long[] {n, h, w, c} : new long[] {n, c, h, w};
        }
    }

    final Geometry g;
    private final memory src, dst, mean, variance, scale, shift, diffDst, diffSrc, diffScale, diffShift;
    private final batch_normalization_forward train, infer;
    private final batch_normalization_backward bwd;
    private final IntMemoryMap trainArgs, inferArgs, bwdArgs;
    private final memory.desc md;
    private final int scaleShift;
    /** Backward with the moving averages held constant (built on first use: only after an inference-mode forward pass). */
    private batch_normalization_backward globalBwd;

    BnPlan(Geometry g) {
        this.g = g;
        var eng = OneDnn.engine();
        var f32 = memory.data_type.f32;
        md = new memory.desc(new long[] {g.n, g.c, g.h, g.w}, f32, g.nhwc ? memory.format_tag.nhwc : memory.format_tag.nchw);
        var statMd = new memory.desc(new long[] {g.c}, f32, memory.format_tag.x);
        var attr = new primitive_attr();
        scaleShift = normalization_flags.use_scale.value | normalization_flags.use_shift.value;
        var tpd = new batch_normalization_forward.primitive_desc(eng, prop_kind.forward_training.value, md, md, g.eps, scaleShift, attr, false);
        var ipd = new batch_normalization_forward.primitive_desc(eng, prop_kind.forward_inference.value, md, md, g.eps,
                scaleShift | normalization_flags.use_global_stats.value, attr, false);
        var bpd = new batch_normalization_backward.primitive_desc(eng, prop_kind.backward.value, md, md, md, g.eps, scaleShift, tpd, attr, false);
        train = new batch_normalization_forward(tpd);
        infer = new batch_normalization_forward(ipd);
        bwd = new batch_normalization_backward(bpd);
        src = new memory(md, eng, null);
        dst = new memory(md, eng, null);
        diffDst = new memory(md, eng, null);
        diffSrc = new memory(md, eng, null);
        mean = new memory(statMd, eng, null);
        variance = new memory(statMd, eng, null);
        scale = new memory(statMd, eng, null);
        shift = new memory(statMd, eng, null);
        diffScale = new memory(statMd, eng, null);
        diffShift = new memory(statMd, eng, null);
        var common = new Object[] {DNNL_ARG_SRC, src, DNNL_ARG_MEAN, mean, DNNL_ARG_VARIANCE, variance, DNNL_ARG_SCALE, scale};
        trainArgs = Native.args(concat(common, DNNL_ARG_SHIFT, shift, DNNL_ARG_DST, dst));
        inferArgs = trainArgs; // same arguments: mean and variance are read instead of written
        bwdArgs = Native.args(concat(common, DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc, DNNL_ARG_DIFF_SCALE, diffScale,
                DNNL_ARG_DIFF_SHIFT, diffShift));
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** y = gamma (x - mean) / sqrt(var + eps) + beta with the batch's mean and (biased) variance, written into mean and var. */
    void forwardTraining(INDArray x, INDArray gamma, INDArray beta, INDArray y, INDArray batchMean, INDArray batchVar) {
        Native.run(train, trainArgs, src, x, scale, gamma, shift, beta, dst, y, mean, batchMean, variance, batchVar);
    }

    /** The same with given statistics (DL4J's moving averages). */
    void forwardInference(INDArray x, INDArray gamma, INDArray beta, INDArray globalMean, INDArray globalVar, INDArray y) {
        Native.run(infer, inferArgs, src, x, scale, gamma, shift, beta, dst, y, mean, globalMean, variance, globalVar);
    }

    /**
     * dx, dgamma, dbeta from dy: for the batch statistics of a training forward pass over x, or, when
     * {@code global}, for given statistics held constant (an inference-mode forward pass: dx is then
     * dy·gamma/sqrt(var + eps)).
     */
    void backward(boolean global, INDArray x, INDArray mean, INDArray var, INDArray gamma, INDArray dy, INDArray dx, INDArray dGamma,
            INDArray dBeta) {
        if (global && globalBwd == null) {
            var eng = OneDnn.engine();
            var attr = new primitive_attr();
            int flags = scaleShift | normalization_flags.use_global_stats.value;
            var hint = new batch_normalization_forward.primitive_desc(eng, prop_kind.forward_training.value, md, md, g.eps, flags, attr, false);
            globalBwd = new batch_normalization_backward(
                    new batch_normalization_backward.primitive_desc(eng, prop_kind.backward.value, md, md, md, g.eps, flags, hint, attr, false));
        }
        Native.run(global ? globalBwd : bwd, bwdArgs, src, x, this.mean, mean, variance, var, scale, gamma, diffDst, dy, diffSrc, dx, diffScale, dGamma,
                diffShift, dBeta);
    }
}
