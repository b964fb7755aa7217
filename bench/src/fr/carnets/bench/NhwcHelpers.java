package fr.carnets.bench;

import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Experiment (development tool): convolution and max-pooling helpers whose outputs are laid out
 * NHWC in memory while staying NCHW for DL4J (permuted views), so that oneDNN, which prefers
 * NHWC, does not convert layouts on every call. Only valid, stride-1 dilation-1 NCHW layers.
 *
 * <p>Status (22 Nov 2026): numerically right ({@code Profile convnet check}: same outputs and
 * gradients as DL4J's helpers) but about 2x slower ({@code Profile convnet nhwcphys}: 115-119 ms per
 * step against 63-68 ms). DNNL_VERBOSE shows why: the forward convolution does run on NHWC without
 * reorders (brgconv, src/dst acdb), but libnd4j M2.1's oneDNN path for conv2d_bp refuses these
 * layouts (no convolution backward primitive runs: its generic im2col code does), and its max
 * pooling copies the views back to NCHW around oneDNN. Going further means changing libnd4j's
 * platform helpers, not DL4J's; not used by the course.
 */
final class NhwcHelpers {
    private NhwcHelpers() {}

    /** [n, c, h, w] logically, NHWC in memory. */
    static INDArray nhwc(LayerWorkspaceMgr ws, ArrayType t, INDArray like, long n, long c, long h, long w) {
        return ws.createUninitialized(t, like.dataType(), n, h, w, c).permute(0, 3, 1, 2);
    }

    static long out(long in, int k, int s, int p, ConvolutionMode m) {
        return m == ConvolutionMode.Same ? (in + s - 1) / s : (in - k + 2L * p) / s + 1;
    }

    static final class Conv implements ConvolutionHelper {
        @Override
        public boolean checkSupported() {
            return true;
        }

        @Override
        public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] k, int[] s, int[] p, AlgoMode mode, FwdAlgo fwd,
                ConvolutionMode cm, int[] d, CNN2DFormat f, LayerWorkspaceMgr ws) {
            long n = input.size(0), oc = weights.size(0);
            long oh = out(input.size(2), k[0], s[0], p[0], cm), ow = out(input.size(3), k[1], s[1], p[1], cm);
            INDArray z = nhwc(ws, ArrayType.ACTIVATIONS, input, n, oc, oh, ow);
            INDArray w = weights.permute(2, 3, 1, 0);
            // all inputs in one call: the builder checks the count on each addInputs
            DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder("conv2d")
                    .addInputs(bias == null ? new INDArray[] {input, w} : new INDArray[] {input, w, bias});
            Nd4j.exec(b.addOutputs(z).addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], cm == ConvolutionMode.Same ? 1 : 0, 0).build());
            return z;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] k, int[] s, int[] p,
                INDArray biasGrad, INDArray weightGrad, IActivation afn, AlgoMode mode, BwdFilterAlgo bf, BwdDataAlgo bd, ConvolutionMode cm, int[] d,
                CNN2DFormat f, LayerWorkspaceMgr ws) {
            INDArray eps = nhwc(ws, ArrayType.ACTIVATION_GRAD, input, input.size(0), input.size(1), input.size(2), input.size(3));
            INDArray w = weights.permute(2, 3, 1, 0), wg = weightGrad.permute(2, 3, 1, 0);
            DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(bias == null ? new INDArray[] {input, w, delta} : new INDArray[] {input, w, bias, delta})
                    .addOutputs(biasGrad == null ? new INDArray[] {eps, wg} : new INDArray[] {eps, wg, biasGrad});
            Nd4j.exec(b.addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], cm == ConvolutionMode.Same ? 1 : 0, 0).build());
            Gradient g = new DefaultGradient();
            if (biasGrad != null) g.gradientForVariable().put("b", biasGrad);
            g.gradientForVariable().put("W", weightGrad);
            return new Pair<>(g, eps);
        }

        @Override
        public INDArray activate(INDArray z, IActivation afn, boolean training) {
            return afn.getActivation(z, training);
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return Map.of();
        }
    }

    static final class MaxPool implements SubsamplingHelper {
        @Override
        public boolean checkSupported() {
            return true;
        }

        @Override
        public INDArray activate(INDArray input, boolean training, int[] k, int[] s, int[] p, PoolingType t, ConvolutionMode cm, int[] d,
                CNN2DFormat f, LayerWorkspaceMgr ws) {
            if (t != PoolingType.MAX) return null;
            long oh = out(input.size(2), k[0], s[0], p[0], cm), ow = out(input.size(3), k[1], s[1], p[1], cm);
            INDArray o = nhwc(ws, ArrayType.ACTIVATIONS, input, input.size(0), input.size(1), oh, ow);
            Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(input).addOutputs(o)
                    .addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], cm == ConvolutionMode.Same ? 1 : 0, 0, 0).build());
            return o;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] k, int[] s, int[] p, PoolingType t,
                ConvolutionMode cm, int[] d, CNN2DFormat f, LayerWorkspaceMgr ws) {
            if (t != PoolingType.MAX) return null;
            INDArray e = nhwc(ws, ArrayType.ACTIVATION_GRAD, input, input.size(0), input.size(1), input.size(2), input.size(3));
            Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(input, epsilon).addOutputs(e)
                    .addIntegerArguments(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], cm == ConvolutionMode.Same ? 1 : 0, 0, 0).build());
            return new Pair<>(new DefaultGradient(), e);
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return Map.of();
        }
    }

    /** Replaces DL4J's helpers of the convolution and max-pooling layers of this network. */
    static void install(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net) {
        try {
            java.lang.reflect.Field ch = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
            java.lang.reflect.Field sh = org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class.getDeclaredField("helper");
            ch.setAccessible(true);
            sh.setAccessible(true);
            for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
                if (l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) ch.set(l, new Conv());
                if (l instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer) sh.set(l, new MaxPool());
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
