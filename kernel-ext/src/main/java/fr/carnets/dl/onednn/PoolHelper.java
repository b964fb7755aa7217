package fr.carnets.dl.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.Arrays;
import java.util.Map;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J pooling helper: max and average pooling backward in oneDNN on NHWC activations. DL4J
 * 1.0.0-M2.1's SubsamplingLayer calls its helper only for backpropagation (its forward pass is
 * libnd4j's pooling op, which handles NHWC itself), so max pooling runs oneDNN's forward again here
 * to get the argmax workspace the backward primitive needs (cheap next to the convolutions).
 * Other cases (NCHW, p-norm, dilation, average pooling with padding, whose divisor DL4J does not
 * pass to helpers) go to {@code fallback}, possibly null: DL4J's own code.
 */
public final class PoolHelper implements SubsamplingHelper {
    private final SubsamplingHelper fallback;
    /** Plans by geometry, a few at once: training, its last partial batch and prediction batches alternate. */
    private final Plans<Geometry, Plan> plans = new Plans<>(4);
    /** Backward calls run by oneDNN (not the fallback). */
    long backwardRuns;

    public PoolHelper(SubsamplingHelper fallback) {
        this.fallback = fallback;
    }

    SubsamplingHelper fallback() {
        return fallback;
    }

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
    }

    static final class Plan {
        final Geometry g;
        final memory src, dst, workspace, diffSrc, diffDst;
        final pooling_forward fwd;
        final pooling_backward bwd;
        final IntMemoryMap fwdArgs, bwdArgs;

        Plan(Geometry g) {
            this.g = g;
            var eng = OneDnn.engine();
            var f32 = memory.data_type.f32;
            var srcMd = new memory.desc(new long[] {g.n, g.c, g.h, g.w}, f32, memory.format_tag.nhwc);
            var dstMd = new memory.desc(new long[] {g.n, g.c, g.oh, g.ow}, f32, memory.format_tag.nhwc);
            algorithm alg = g.max ? algorithm.pooling_max : algorithm.pooling_avg_exclude_padding;
            var fd = new pooling_forward.desc(prop_kind.forward_training, alg, srcMd, dstMd, g.s, g.k, g.padL, g.padR);
            var fpd = new pooling_forward.primitive_desc(fd, eng);
            var bd = new pooling_backward.desc(alg, srcMd, dstMd, g.s, g.k, g.padL, g.padR);
            var bpd = new pooling_backward.primitive_desc(bd, eng, fpd);
            src = new memory(srcMd, eng, null);
            diffSrc = new memory(srcMd, eng, null);
            diffDst = new memory(dstMd, eng, null);
            if (g.max) {
                fwd = new pooling_forward(fpd);
                dst = new memory(dstMd, eng); // scratch output: DL4J already has the forward result
                workspace = new memory(fpd.workspace_desc(), eng);
                fwdArgs = Native.args(DNNL_ARG_SRC, src, DNNL_ARG_DST, dst, DNNL_ARG_WORKSPACE, workspace);
                bwdArgs = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_WORKSPACE, workspace, DNNL_ARG_DIFF_SRC, diffSrc);
            } else {
                fwd = null;
                dst = null;
                workspace = null;
                fwdArgs = null;
                bwdArgs = Native.args(DNNL_ARG_DIFF_DST, diffDst, DNNL_ARG_DIFF_SRC, diffSrc);
            }
            bwd = new pooling_backward(bpd);
        }
    }

    @Override
    public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel, int[] strides, int[] pad,
            PoolingType type, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        boolean supported = format == CNN2DFormat.NHWC && input.dataType() == DataType.FLOAT && (type == PoolingType.MAX || type == PoolingType.AVG)
                && dilation[0] == 1 && dilation[1] == 1 && cm != ConvolutionMode.Causal && OneDnn.enabled();
        Geometry g = supported ? Geometry.of(type == PoolingType.MAX, input, kernel, strides, pad, cm) : null;
        if (g == null || (!g.max && g.padded())) {
            return fallback == null ? null : fallback.backpropGradient(input, epsilon, kernel, strides, pad, type, cm, dilation, format, ws);
        }
        Plan p = plans.get(g, Geometry::same, Plan::new);
        INDArray x = Native.denseOrCopy(input), dy = Native.denseOrCopy(epsilon);
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, new long[] {g.n, g.h, g.w, g.c}, 'c');
        if (g.max) {
            Native.bind(p.src, x);
            Native.run(p.fwd, p.fwdArgs);
        }
        Native.bind(p.diffDst, dy);
        Native.bind(p.diffSrc, dx);
        Native.run(p.bwd, p.bwdArgs);
        backwardRuns++;
        return new Pair<>(new DefaultGradient(), dx);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad, PoolingType type, ConvolutionMode cm,
            int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        // not called by DL4J M2.1's SubsamplingLayer; kept consistent with the fallback for other callers
        return fallback == null ? null : fallback.activate(input, training, kernel, strides, pad, type, cm, dilation, format, ws);
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
