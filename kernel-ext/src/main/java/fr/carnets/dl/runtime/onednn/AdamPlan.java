package fr.carnets.dl.runtime.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One Adam step over a block of n floats, in four oneDNN binary primitives built once (libnd4j's
 * {@code adam_updater} runs one scalar loop, about 170 µs a step on the bench's dense network):
 * <ol>
 * <li>m = β₁·m + (1−β₁)·g (scales on both sources);</li>
 * <li>v = β₂·v + (1−β₂)·g² (g·g scaled, then a sum post-op that keeps β₂·v);</li>
 * <li>d = √v + ε into a buffer of the plan (post-ops on v: square root, + ε);</li>
 * <li>g = α·m / d, α the bias-corrected rate of this step (a runtime scale).</li>
 * </ol>
 * The update ends in g, as DL4J expects (its caller subtracts it from the weights). A power −1
 * post-op instead of the division drifted from libnd4j by 1e-5 relative.
 */
final class AdamPlan {
    record Geometry(long n, float beta1, float beta2, float epsilon) {}

    final Geometry g;
    private final memory grad, m, v, denom;
    private final binary moment1, moment2, denominator, update;
    private final IntMemoryMap args1, args2, args3, args4;
    /** The rate α of the step, read by {@link #update} at each execution. */
    private final FloatPointer alpha = new FloatPointer(1);
    /** Constant scales, one buffer each, kept here so that they live as long as the plan. */
    private final FloatPointer beta1 = new FloatPointer(1), oneMinusBeta1 = new FloatPointer(1), oneMinusBeta2 = new FloatPointer(1);
    /** √v + ε, between the last two primitives. */
    private final FloatPointer scratch;

    AdamPlan(Geometry g) {
        this.g = g;
        var eng = OneDnn.engine();
        var f32 = memory.data_type.f32;
        var md = new memory.desc(new long[] {g.n}, f32, memory.format_tag.a);
        var scalarMd = new memory.desc(new long[] {1}, f32, memory.format_tag.a);
        grad = new memory(md, eng, null);
        m = new memory(md, eng, null);
        v = new memory(md, eng, null);
        scratch = new FloatPointer(g.n);
        denom = new memory(md, eng, scratch);
        beta1.put(0, g.beta1);
        oneMinusBeta1.put(0, 1 - g.beta1);
        oneMinusBeta2.put(0, 1 - g.beta2);
        memory rate = new memory(scalarMd, eng, alpha);

        moment1 = new binary(new binary.primitive_desc(eng, algorithm.binary_add, md, md, md, scales(true, true, null), false));
        args1 = Native.args(DNNL_ARG_SRC_0, m, DNNL_ARG_SRC_1, grad, DNNL_ARG_DST, m,
                DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC_0, new memory(scalarMd, eng, beta1), DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC_1,
                new memory(scalarMd, eng, oneMinusBeta1));

        post_ops keepOld = new post_ops();
        keepOld.append_sum(g.beta2, 0, memory.data_type.undef);
        moment2 = new binary(new binary.primitive_desc(eng, algorithm.binary_mul, md, md, md, scales(true, false, keepOld), false));
        args2 = Native.args(DNNL_ARG_SRC_0, grad, DNNL_ARG_SRC_1, grad, DNNL_ARG_DST, v, DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC_0,
                new memory(scalarMd, eng, oneMinusBeta2));

        post_ops rootPlusEpsilon = new post_ops();
        rootPlusEpsilon.append_eltwise(algorithm.eltwise_sqrt, 0f, 0f);
        rootPlusEpsilon.append_eltwise(algorithm.eltwise_linear, 1f, g.epsilon);
        // max(v, v) = v: a binary primitive whose post-ops do the work.
        denominator = new binary(new binary.primitive_desc(eng, algorithm.binary_max, md, md, md, scales(false, false, rootPlusEpsilon), false));
        args3 = Native.args(DNNL_ARG_SRC_0, v, DNNL_ARG_SRC_1, v, DNNL_ARG_DST, denom);

        update = new binary(new binary.primitive_desc(eng, algorithm.binary_div, md, md, md, scales(true, false, null), false));
        args4 = Native.args(DNNL_ARG_SRC_0, m, DNNL_ARG_SRC_1, denom, DNNL_ARG_DST, grad, DNNL_ARG_ATTR_SCALES | DNNL_ARG_SRC_0, rate);
    }

    private static primitive_attr scales(boolean src0, boolean src1, post_ops ops) {
        var attr = new primitive_attr();
        if (src0) attr.set_scales_mask(DNNL_ARG_SRC_0, 0);
        if (src1) attr.set_scales_mask(DNNL_ARG_SRC_1, 0);
        if (ops != null) attr.set_post_ops(ops);
        return attr;
    }

    /**
     * Whether the step can run here: three float arrays of the same shape, each one dense block in
     * row-major order, so that element i of each is the i-th float of its buffer.
     */
    static boolean handles(INDArray grad, INDArray m, INDArray v) {
        return grad != null && m != null && v != null && Native.dense(grad) && Native.dense(m) && Native.dense(v)
                && java.util.Arrays.equals(grad.shape(), m.shape()) && java.util.Arrays.equals(grad.shape(), v.shape());
    }

    /** Updates m and v in place and leaves the update in grad; {@code rate} is α for this step. */
    void step(INDArray grad, INDArray m, INDArray v, float rate) {
        alpha.put(0, rate);
        Native.bind(this.grad, grad);
        Native.bind(this.m, m);
        Native.bind(this.v, v);
        Native.run(moment1, args1);
        Native.run(moment2, args2);
        Native.run(denominator, args3);
        Native.run(update, args4);
        // The three arrays are the caller's; this keeps them reachable until oneDNN is done with them.
        java.lang.ref.Reference.reachabilityFence(grad);
        java.lang.ref.Reference.reachabilityFence(m);
        java.lang.ref.Reference.reachabilityFence(v);
    }
}
