package fr.carnets.dl.runtime.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Arrays;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The oneDNN primitives of one max or average pooling geometry on NHWC activations: forward for
 * training (max pooling keeps the positions of its maxima in a workspace for the backward pass),
 * forward for inference, backward. Built once per geometry.
 */
final class PoolPlan {
    record Geometry(boolean max, long n, long h, long w, long c, long oh, long ow, long[] k, long[] s, long[] padL, long[] padR) {
        boolean same(Geometry g) {
            return max == g.max && n == g.n && h == g.h && w == g.w && c == g.c && oh == g.oh && ow == g.ow && Arrays.equals(k, g.k)
                    && Arrays.equals(s, g.s) && Arrays.equals(padL, g.padL) && Arrays.equals(padR, g.padR);
        }

        static Geometry of(boolean max, INDArray input, int[] k, int[] s, int[] p, ConvolutionMode cm) {
            long n = input.size(0), h = input.size(1), w = input.size(2), c = input.size(3);
            long oh, ow, prh, prw;
            if (cm == ConvolutionMode.Same) {
                oh = (h + s[0] - 1) / s[0];
                ow = (w + s[1] - 1) / s[1];
                prh = Math.max(0, (oh - 1) * s[0] + k[0] - h - p[0]);
                prw = Math.max(0, (ow - 1) * s[1] + k[1] - w - p[1]);
            } else {
                oh = (h + 2L * p[0] - k[0]) / s[0] + 1;
                ow = (w + 2L * p[1] - k[1]) / s[1] + 1;
                prh = p[0];
                prw = p[1];
            }
            return new Geometry(max, n, h, w, c, oh, ow, new long[] {k[0], k[1]}, new long[] {s[0], s[1]}, new long[] {p[0], p[1]},
                    new long[] {prh, prw});
        }

        boolean padded() {
            return padL[0] + padL[1] + padR[0] + padR[1] > 0;
        }

        long[] inputShape() {
            return new long[] {n, h, w, c};
        }

        long[] outputShape() {
            return new long[] {n, oh, ow, c};
        }
    }

    final Geometry g;
    private final memory src, dst, workspace, diffSrc, diffDst;
    private final pooling_forward train, infer;
    private final pooling_backward bwd;
    private final IntMemoryMap trainArgs, inferArgs, bwdArgs;
    private final memory.desc dstMd;
    private eltwise_backward reluBwd;
    private memory reluDst, reluDiffDst, reluDiffSrc;
    private IntMemoryMap reluArgs;

    PoolPlan(Geometry g) {
        this.g = g;
        var eng = OneDnn.engine();
        var f32 = memory.data_type.f32;
        var srcMd = new memory.desc(new long[] {g.n, g.c, g.h, g.w}, f32, memory.format_tag.nhwc);
        dstMd = new memory.desc(new long[] {g.n, g.c, g.oh, g.ow}, f32, memory.format_tag.nhwc);
        algorithm alg = g.max ? algorithm.pooling_max : algorithm.pooling_avg_exclude_padding;
        long[] noDilation = {0, 0};
        var fpd = new pooling_forward.primitive_desc(eng, prop_kind.forward_training, alg, srcMd, dstMd, g.s, g.k, noDilation, g.padL, g.padR);
        var ipd = new pooling_forward.primitive_desc(eng, prop_kind.forward_inference, alg, srcMd, dstMd, g.s, g.k, noDilation, g.padL, g.padR);
        var bpd = new pooling_backward.primitive_desc(eng, alg, srcMd, dstMd, g.s, g.k, noDilation, g.padL, g.padR, fpd);
        src = new memory(srcMd, eng, null);
        dst = new memory(dstMd, eng, null);
        diffSrc = new memory(srcMd, eng, null);
        diffDst = new memory(dstMd, eng, null);
        train = new pooling_forward(fpd);
        infer = new pooling_forward(ipd);
        bwd = new pooling_backward(bpd);
        inferArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst);
        if (g.max) {
            workspace = new memory(fpd.workspace_desc(), eng); // owned here: one training step at a time per plan
            trainArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst, DNNL_ARG_WORKSPACE, workspace);
            bwdArgs = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WORKSPACE, workspace, DNNL_ARG_DIFF_SRC, diffSrc);
        } else {
            workspace = null;
            trainArgs = inferArgs;
            bwdArgs = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc);
        }
    }

    /** y = pool(x); for training, max pooling records where each maximum came from, for {@link #backward}. */
    void forward(INDArray x, INDArray y, boolean training) {
        Native.run(training ? train : infer, training ? trainArgs : inferArgs, src, x, dst, y);
    }

    /**
     * dy where the pooled output y is positive, else 0. Below a ReLU, a maximum is positive exactly
     * where the ReLU let its input through, so this is the ReLU's backward pass done on the pooled
     * array (a quarter of the size, for 2×2 pooling) instead of the convolution's output.
     */
    void reluMask(INDArray y, INDArray dy, INDArray out) {
        if (reluBwd == null) {
            var eng = OneDnn.engine();
            reluBwd = Relu.backward(dstMd);
            reluDst = new memory(dstMd, eng, null);
            reluDiffDst = new memory(dstMd, eng, null);
            reluDiffSrc = new memory(dstMd, eng, null);
            reluArgs = Native.args(DNNL_ARG_DST, reluDst, DNNL_ARG_DIFF_DST, reluDiffDst, DNNL_ARG_DIFF_SRC, reluDiffSrc);
        }
        Native.run(reluBwd, reluArgs, reluDst, y, reluDiffDst, dy, reluDiffSrc, out);
    }

    /** dx from dy, after a training forward of the same step (max pooling reads its workspace). */
    void backward(INDArray dy, INDArray dx) {
        Native.run(bwd, bwdArgs, diffDst, dy, diffSrc, dx);
    }
}
