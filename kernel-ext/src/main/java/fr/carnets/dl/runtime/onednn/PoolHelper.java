package fr.carnets.dl.runtime.onednn;

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
public final class PoolHelper implements SubsamplingHelper, OneDnnLayerHelper {
    private final SubsamplingHelper fallback;
    /** Plans by geometry, a few at once: training, its last partial batch and prediction batches alternate. */
    private final PlanCache<PoolPlan.Geometry, PoolPlan> plans = new PlanCache<>(4);
    /** Backward calls run by oneDNN (not the fallback). */
    long backwardRuns;

    public PoolHelper(SubsamplingHelper fallback) {
        this.fallback = fallback;
    }

    SubsamplingHelper fallback() {
        return fallback;
    }

    @Override
    public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel, int[] strides, int[] pad,
            PoolingType type, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        boolean supported = format == CNN2DFormat.NHWC && input.dataType() == DataType.FLOAT && (type == PoolingType.MAX || type == PoolingType.AVG)
                && dilation[0] == 1 && dilation[1] == 1 && cm != ConvolutionMode.Causal && OneDnn.enabled();
        PoolPlan.Geometry g = supported ? PoolPlan.Geometry.of(type == PoolingType.MAX, input, kernel, strides, pad, cm) : null;
        if (g == null || (!g.max() && g.padded())) {
            return fallback == null ? null : fallback.backpropGradient(input, epsilon, kernel, strides, pad, type, cm, dilation, format, ws);
        }
        PoolPlan p = plans.get(g, PoolPlan.Geometry::same, PoolPlan::new);
        INDArray x = Native.denseOrCopy(input), dy = Native.denseOrCopy(epsilon);
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, g.inputShape(), 'c');
        if (g.max()) { // DL4J's forward was libnd4j's: recompute it here for the maxima's positions
            p.forward(x, ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, g.outputShape(), 'c'), true);
        }
        p.backward(dy, dx);
        backwardRuns++;
        return new Pair<>(new DefaultGradient(), dx);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad, PoolingType type, ConvolutionMode cm,
            int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        // not called by DL4J M2.1's SubsamplingLayer; kept consistent with the fallback for other callers
        return fallback == null ? null : fallback.activate(input, training, kernel, strides, pad, type, cm, dilation, format, ws);
    }
}
