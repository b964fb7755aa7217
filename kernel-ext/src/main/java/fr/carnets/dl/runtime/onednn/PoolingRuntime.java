package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's pooling layer, run by oneDNN forward and backward for max and average pooling on NHWC
 * float activations. DL4J's own layer sends only the backward pass to a helper, so
 * {@link PoolHelper} has to compute the forward pass a second time to know where the maxima were;
 * here the training forward keeps them for its backward pass. Other settings (NCHW, p-norm,
 * dilation, average pooling over padding) run DL4J's code. Swapped in by {@link NetworkPatches}.
 */
public final class PoolingRuntime extends SubsamplingLayer {
    private final PlanCache<PoolPlan.Geometry, PoolPlan> plans = new PlanCache<>(4);
    private INDArray lastInput, lastOutput;
    private PoolPlan lastPlan;
    /** Whether the layer below is a ReLU convolution that lets this layer apply its ReLU's backward pass. */
    private boolean reluBelow;
    /** The input whose ReLU backward pass the last backward pass applied. */
    private INDArray reluMaskedFor;
    long forwardRuns, backwardRuns;

    public PoolingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    void reluBelow(boolean relu) {
        reluBelow = relu;
    }

    /** Whether the last backward pass, for this input, already applied the ReLU's backward pass of the layer below. */
    boolean reluMaskApplied(INDArray in) {
        return in != null && in == reluMaskedFor;
    }

    private PoolPlan plan(INDArray in) {
        var c = layerConf();
        if (!OneDnn.enabled() || c.getCnn2dDataFormat() != CNN2DFormat.NHWC || in == null || in.rank() != 4 || in.dataType() != DataType.FLOAT
                || dataType != DataType.FLOAT || c.getIDropout() != null || convolutionMode == ConvolutionMode.Causal) {
            return null;
        }
        PoolingType t = c.getPoolingType();
        int[] d = c.getDilation();
        if ((t != PoolingType.MAX && t != PoolingType.AVG) || d[0] != 1 || d[1] != 1) return null;
        int[] k = c.getKernelSize(), s = c.getStride(), pad;
        if (convolutionMode == ConvolutionMode.Same) {
            int[] out = ConvolutionUtils.getOutputSize(in, k, s, null, convolutionMode, d, CNN2DFormat.NHWC);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {(int) in.size(1), (int) in.size(2)}, k, s, d);
        } else {
            pad = c.getPadding();
        }
        var g = PoolPlan.Geometry.of(t == PoolingType.MAX, in, k, s, pad, convolutionMode);
        if (!g.max() && g.padded()) return null; // DL4J's divisor rule over padding is its own
        return plans.get(g, PoolPlan.Geometry::same, PoolPlan::new);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
        assertInputSet(false);
        PoolPlan p = plan(input);
        if (p == null) {
            lastInput = null;
            return super.activate(training, ws);
        }
        INDArray y = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, p.g.outputShape(), 'c');
        p.forward(Native.denseOrCopy(input), y, training);
        forwardRuns++;
        lastInput = training ? input : null;
        lastOutput = training ? y : null;
        lastPlan = training ? p : null;
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        assertInputSet(true);
        PoolPlan p = plan(input);
        reluMaskedFor = null;
        if (p == null) return super.backpropGradient(epsilon, ws);
        INDArray y = lastOutput;
        if (lastInput != input || lastPlan != p) { // no training forward of this step kept: run it for the maxima
            y = ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, p.g.outputShape(), 'c');
            p.forward(Native.denseOrCopy(input), y, true);
        }
        lastInput = lastOutput = null;
        lastPlan = null;
        INDArray dy = Native.denseOrCopy(epsilon);
        if (reluBelow && p.g.max()) {
            INDArray masked = ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, p.g.outputShape(), 'c');
            p.reluMask(y, dy, masked);
            dy = masked;
            reluMaskedFor = input;
        }
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, p.g.inputShape(), 'c');
        p.backward(dy, dx);
        backwardRuns++;
        return new Pair<>(new DefaultGradient(), dx);
    }

    @Override
    public void clear() {
        super.clear();
        lastInput = lastOutput = reluMaskedFor = null;
        lastPlan = null;
    }
}
