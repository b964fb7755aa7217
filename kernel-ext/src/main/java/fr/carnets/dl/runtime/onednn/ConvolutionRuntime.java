package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer, run by oneDNN end to end when its settings allow: NHWC float
 * activations, a bias, ReLU or identity activation, no input dropout or weight noise. Compared
 * with DL4J's layer driving {@link ConvHelper}, it fuses the ReLU into the convolution, keeps the
 * forward result for the backward pass instead of computing it again, does not copy its input to
 * NCHW, and skips the input gradient of a network's first layer (DL4J throws it away). Other
 * settings run DL4J's own code (with {@link ConvHelper}). Same configuration class and
 * parameters as DL4J's: {@link NetworkPatches} swaps it in when the network is built, and saved models do not name it.
 */
public final class ConvolutionRuntime extends ConvolutionLayer {
    private final PlanCache<ConvPlan.Geometry, ConvPlan> plans = new PlanCache<>(4);
    /** False for a network's first layer, whose input gradient nothing reads. */
    private boolean inputGradient = true;
    /** The max pooling right above, which may apply this layer's ReLU backward pass on its smaller array. */
    private PoolingRuntime next;
    /** This step's training forward pass, for its backward pass. */
    private INDArray lastInput, lastOutput;
    private ConvPlan lastPlan;
    /** The network's weight version at that forward pass; null (someone else's updater): never reuse. */
    private WeightVersion version;
    private long lastVersion;
    /** Calls run here (not by DL4J's code), for tests and the profile. */
    long forwardRuns, backwardRuns, inputGradientRuns, reluSkips;

    public ConvolutionRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    void inputGradient(boolean needed) {
        inputGradient = needed;
    }

    void version(WeightVersion v) {
        version = v;
    }

    void next(PoolingRuntime pooling) {
        next = pooling;
    }

    /** Whether an activation is applied by the fused path: ReLU (plain) or identity. */
    enum Fused {
        RELU, IDENTITY;

        static Fused of(IActivation a) {
            IActivation f = a instanceof WrappedActivation w ? w.inner() : a;
            if (f instanceof ActivationIdentity) return IDENTITY;
            if (f instanceof ActivationReLU r && r.getMax() == null && zero(r.getThreshold()) && zero(r.getNegativeSlope())) return RELU;
            return null;
        }

        private static boolean zero(Double d) {
            return d == null || d == 0.0;
        }
    }

    /** Why this layer's settings keep it on DL4J's code (in French), or null when our path runs it. */
    String notFused() {
        var c = layerConf();
        if (!c.hasBias()) return "pas de biais";
        if (convolutionMode == ConvolutionMode.Causal) return "remplissage causal";
        if (c.getIDropout() != null || c.getWeightNoise() != null) return "dropout ou bruit sur les poids";
        if (Fused.of(c.getActivationFn()) == null) return "activation " + c.getActivationFn() + " non fusionnable (relu ou identité seulement)";
        return dataType == DataType.FLOAT ? null : "type " + dataType + " (float seulement)";
    }

    private boolean handled() {
        var c = layerConf();
        return OneDnn.enabled() && c.getCnn2dDataFormat() == CNN2DFormat.NHWC && dataType == DataType.FLOAT && input != null
                && input.dataType() == DataType.FLOAT && input.rank() == 4 && c.hasBias() && convolutionMode != ConvolutionMode.Causal
                && c.getIDropout() == null && c.getWeightNoise() == null && Fused.of(c.getActivationFn()) != null;
    }

    private ConvPlan plan(INDArray in) {
        var c = layerConf();
        INDArray w = params.get(ConvolutionParamInitializer.WEIGHT_KEY);
        int[] k = c.getKernelSize(), s = c.getStride(), d = c.getDilation(), pad;
        if (convolutionMode == ConvolutionMode.Same) {
            int[] out = ConvolutionUtils.getOutputSize(in, k, s, null, convolutionMode, d, CNN2DFormat.NHWC);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {(int) in.size(1), (int) in.size(2)}, k, s, d);
        } else {
            pad = c.getPadding();
            ConvolutionUtils.getOutputSize(in, k, s, pad, convolutionMode, d, CNN2DFormat.NHWC); // DL4J's checks and French-less errors
        }
        var g = ConvPlan.Geometry.of(in, w, k, s, pad, d, convolutionMode, Fused.of(c.getActivationFn()) == Fused.RELU);
        return plans.get(g, ConvPlan.Geometry::same, ConvPlan::new);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
        if (!handled()) return super.activate(training, ws);
        assertInputSet(false);
        validateInputRank();
        validateInputDepth(input.size(3));
        INDArray x = Native.denseOrCopy(input);
        ConvPlan p = plan(x);
        INDArray z = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, p.g.outputShape(), 'c');
        p.forward(x, Native.denseOrCopy(params.get(ConvolutionParamInitializer.WEIGHT_KEY)),
                Native.denseOrCopy(params.get(ConvolutionParamInitializer.BIAS_KEY)), z);
        forwardRuns++;
        if (training) {
            lastInput = input;
            lastOutput = z;
            lastPlan = p;
            lastVersion = version == null ? -1 : version.value();
        } else {
            lastInput = lastOutput = null;
            lastPlan = null;
        }
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        if (!handled()) return super.backpropGradient(epsilon, ws);
        assertInputSet(true);
        INDArray y = lastOutput;
        ConvPlan p = lastPlan;
        if (y == null || lastInput != input || version == null || version.value() != lastVersion) { // no forward of this step kept: run it
            p = plan(Native.denseOrCopy(input));
            y = ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, p.g.outputShape(), 'c');
            p.forward(Native.denseOrCopy(input), Native.denseOrCopy(params.get(ConvolutionParamInitializer.WEIGHT_KEY)),
                    Native.denseOrCopy(params.get(ConvolutionParamInitializer.BIAS_KEY)), y);
        }
        lastInput = lastOutput = null;
        lastPlan = null;
        reluSkips += p.g.relu() && next != null && next.reluMaskApplied(y) ? 1 : 0;
        INDArray x = Native.denseOrCopy(input), dy = Native.denseOrCopy(epsilon);
        INDArray dz = dy;
        if (p.g.relu() && !(next != null && next.reluMaskApplied(y))) {
            dz = ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, p.g.outputShape(), 'c');
            p.reluBackward(y, dy, dz);
        }
        INDArray wGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), bGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        // gradient views are written in place: DL4J's updater reads them from the flattened gradient
        INDArray wg = Native.dense(wGrad) ? wGrad : wGrad.dup('c'), bg = Native.dense(bGrad) ? bGrad : bGrad.dup('c');
        p.backwardWeights(x, dz, wg, bg);
        if (wg != wGrad) wGrad.assign(wg);
        if (bg != bGrad) bGrad.assign(bg);
        INDArray dx = null;
        if (inputGradient) {
            dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, p.g.inputShape(), 'c');
            p.backwardData(dz, Native.denseOrCopy(params.get(ConvolutionParamInitializer.WEIGHT_KEY)), dx);
            inputGradientRuns++;
        }
        backwardRuns++;
        Gradient grad = new DefaultGradient();
        grad.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, bGrad);
        grad.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, wGrad, 'c');
        weightNoiseParams.clear();
        return new Pair<>(grad, dx);
    }

    @Override
    public void clear() {
        super.clear();
        lastInput = lastOutput = null;
        lastPlan = null;
    }
}
