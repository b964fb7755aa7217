package fr.carnets.dl.runtime.onednn;

import java.util.Map;

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
    private final PlanCache<ConvPlan.Geometry, ConvPlan> plans = new PlanCache<>(4);
    /**
     * The last training forward pass, for the backward pass of the same step: DL4J's layer runs
     * the convolution again before backpropagating (it caches it only with CacheMode and a copy).
     * Kept only for activations that DL4J applies in place and that give the same gradient from
     * their output as from their input (ReLU, identity); cleared by the backward pass.
     */
    private INDArray lastInput, lastOutput, pendingInput, pendingOutput;
    /** The network's weight version when the kept result was computed; null: never reuse. */
    private final WeightVersion version;
    private long lastVersion, pendingVersion;
    /** Calls run by oneDNN (not the fallback): forward, backward; for tests and the profile. */
    long forwardRuns, backwardRuns;

    ConvHelper(ConvolutionHelper fallback, WeightVersion version) {
        this.fallback = fallback;
        this.version = version;
    }

    ConvolutionHelper fallback() {
        return fallback;
    }

    private static boolean handles(INDArray input, INDArray bias, CNN2DFormat f, ConvolutionMode cm) {
        return f == CNN2DFormat.NHWC && bias != null && input.dataType() == DataType.FLOAT && cm != ConvolutionMode.Causal && OneDnn.enabled();
    }

    private ConvPlan plan(ConvPlan.Geometry g) {
        return plans.get(g, ConvPlan.Geometry::same, ConvPlan::new);
    }

    @Override
    public synchronized INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad, AlgoMode mode,
            FwdAlgo fwdAlgo, ConvolutionMode cm, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr ws) {
        if (!handles(input, bias, format, cm)) {
            return fallback == null ? null : fallback.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, cm, dilation, format, ws);
        }
        if (lastInput != null && input == lastInput && version != null && version.value() == lastVersion) {
            INDArray z = lastOutput; // the backward pass asks for this step's forward result again
            lastInput = lastOutput = null;
            return z;
        }
        ConvPlan p = plan(ConvPlan.Geometry.of(input, weights, kernel, strides, pad, dilation, cm, false));
        INDArray x = Native.denseOrCopy(input), w = Native.denseOrCopy(weights), b = Native.denseOrCopy(bias);
        INDArray z = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, p.g.outputShape(), 'c');
        p.forward(x, w, b, z);
        forwardRuns++;
        pendingInput = input;
        pendingOutput = z;
        pendingVersion = version == null ? -1 : version.value();
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
        ConvPlan p = plan(ConvPlan.Geometry.of(input, weights, kernel, strides, pad, dilation, cm, false));
        INDArray x = Native.denseOrCopy(input), w = Native.denseOrCopy(weights), dz = Native.denseOrCopy(delta);
        if (dz != delta) Profiling.copies++;
        long t1 = System.nanoTime();
        INDArray eps = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, p.g.inputShape(), 'c');
        // gradient views are written in place: DL4J's updater reads them from the flattened gradient
        INDArray wg = Native.dense(weightGradView) ? weightGradView : weightGradView.dup('c');
        INDArray bg = Native.dense(biasGradView) ? biasGradView : biasGradView.dup('c');
        p.backwardData(dz, w, eps);
        p.backwardWeights(x, dz, wg, bg);
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
            lastVersion = pendingVersion;
        }
        pendingInput = pendingOutput = null;
        return a;
    }

    /** Activations DL4J applies in place whose gradient is the same from their output. */
    private static boolean reusable(IActivation afn) {
        IActivation f = afn instanceof WrappedActivation w ? w.inner() : afn;
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
