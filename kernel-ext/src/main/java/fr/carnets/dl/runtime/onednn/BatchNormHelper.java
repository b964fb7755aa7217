package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J batch normalization helper running oneDNN on float activations, NHWC or NCHW (a rank-2
 * input comes reshaped to n×c×1×1 by DL4J's layer): forward in training (batch statistics) and
 * inference (the moving averages), backward (input, gamma and beta gradients). DL4J's layer keeps
 * its moving-average update, computed from {@link #getMeanCache} and {@link #getVarCache}: the
 * batch mean and biased variance of the last training pass, what its own code computes. A
 * backward pass after an inference-mode pass over the same input (FrozenLayerWithBackprop) gives
 * that pass's gradient, moving averages held constant and left unmoved. Other
 * data types, fixed gamma/beta and other ranks go to {@code fallback} (DL4J's helper, possibly
 * null: its own code).
 */
public final class BatchNormHelper implements BatchNormalizationHelper, OneDnnLayerHelper {
    private final BatchNormalizationHelper fallback;
    private final PlanCache<BnPlan.Geometry, BnPlan> plans = new PlanCache<>(4);
    /** The input of the last training forward pass; its batch mean and variance (the layer's statistics shape). */
    private INDArray lastInput, mean, var;
    /** The input of the last inference forward pass and the moving averages it used (a frozen layer's backward pass reads them). */
    private INDArray lastInferenceInput, inferenceMean, inferenceVar;
    /** Whether the last training call went to the fallback, whose caches then answer. */
    private boolean fellBack;
    /** Calls run by oneDNN: forward (training and inference), backward, statistics recomputed for a backward pass; for tests and the profile. */
    long forwardRuns, backwardRuns, recomputed;

    public BatchNormHelper(BatchNormalizationHelper fallback) {
        this.fallback = fallback;
    }

    BatchNormalizationHelper fallback() {
        return fallback;
    }

    /** The geometry when oneDNN runs this call, else null. */
    private static BnPlan.Geometry geometry(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format, double eps) {
        if (x.rank() != 4 || x.dataType() != DataType.FLOAT || gamma == null || beta == null || format == null || !OneDnn.enabled()) return null;
        boolean nhwc = format == CNN2DFormat.NHWC;
        long c = x.size(nhwc ? 3 : 1);
        if (gamma.length() != c || beta.length() != c) return null;
        return nhwc ? new BnPlan.Geometry(x.size(0), c, x.size(1), x.size(2), true, (float) eps)
                : new BnPlan.Geometry(x.size(0), c, x.size(2), x.size(3), false, (float) eps);
    }

    private BnPlan plan(BnPlan.Geometry g) {
        return plans.get(g, BnPlan.Geometry::equals, BnPlan::new);
    }

    private static INDArray floats(INDArray a) {
        return Native.denseOrCopy(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
    }

    /** Statistics arrays that outlive the step's workspaces, shaped like the layer's moving averages. */
    private void statistics(INDArray like) {
        if (mean != null && mean.equalShapes(like)) return;
        try (var out = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            mean = Nd4j.createUninitialized(DataType.FLOAT, like.shape(), 'c');
            var = Nd4j.createUninitialized(DataType.FLOAT, like.shape(), 'c');
        }
    }

    @Override
    public synchronized INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray globalMean,
            INDArray globalVar, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr ws) {
        BnPlan.Geometry g = geometry(x, gamma, beta, format, eps);
        if (g == null) {
            if (training) fellBack = true;
            return fallback == null ? null : fallback.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format, ws);
        }
        BnPlan p = plan(g);
        INDArray in = Native.denseOrCopy(x), gm = floats(gamma), bt = floats(beta);
        INDArray y = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, g.shape(), 'c');
        if (training) {
            lastInferenceInput = inferenceMean = inferenceVar = null;
            statistics(globalMean);
            p.forwardTraining(in, gm, bt, y, mean, var);
            lastInput = x;
            fellBack = false;
        } else {
            lastInferenceInput = x;
            inferenceMean = floats(globalMean);
            inferenceVar = floats(globalVar);
            p.forwardInference(in, gm, bt, inferenceMean, inferenceVar, y);
        }
        forwardRuns++;
        return y;
    }

    @Override
    public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma, INDArray beta,
            INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format, LayerWorkspaceMgr ws) {
        BnPlan.Geometry g = geometry(input, gamma, beta, format, eps);
        if (g == null) {
            fellBack = true;
            return fallback == null ? null : fallback.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format, ws);
        }
        BnPlan p = plan(g);
        INDArray x = Native.denseOrCopy(input), dy = floats(epsilon), gm = floats(gamma);
        // after an inference-mode pass (FrozenLayerWithBackprop runs its layer so): the gradient of that pass, moving averages constant
        boolean global = !sameArray(input, lastInput) && sameArray(input, lastInferenceInput);
        if (global) {
            statistics(inferenceMean);
            mean.assign(inferenceMean); // DL4J's layer then moves its moving averages by nothing
            var.assign(inferenceVar);
        } else if (!sameArray(input, lastInput) || mean == null) { // not this layer's last training pass: its statistics again
            statistics(mean == null ? gamma : mean);
            p.forwardTraining(x, gm, floats(beta), ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, g.shape(), 'c'), mean, var);
            recomputed++;
        }
        fellBack = false;
        lastInput = lastInferenceInput = inferenceMean = inferenceVar = null;
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, g.shape(), 'c');
        // gradient views are written in place: DL4J's updater reads them from the flattened gradient
        INDArray dg = Native.dense(dGammaView) ? dGammaView : dGammaView.dup('c');
        INDArray db = Native.dense(dBetaView) ? dBetaView : dBetaView.dup('c');
        p.backward(global, x, mean, var, gm, dy, dx, dg, db);
        if (dg != dGammaView) dGammaView.assign(dg);
        if (db != dBetaView) dBetaView.assign(db);
        backwardRuns++;
        Gradient grad = new DefaultGradient();
        grad.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        grad.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(grad, dx);
    }

    /**
     * The same array, or the same view of the same memory: DL4J reshapes a rank-2 input for the
     * helper again for the backward pass. (Memory a workspace reuses in a later step is no
     * concern: each step's training pass comes first and sets {@code lastInput}.)
     */
    private static boolean sameArray(INDArray a, INDArray b) {
        return a == b || b != null && Native.address(a).address() == Native.address(b).address() && a.offset() == b.offset()
                && java.util.Arrays.equals(a.shape(), b.shape()) && java.util.Arrays.equals(a.stride(), b.stride());
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return fellBack && fallback != null ? fallback.getMeanCache(dataType) : mean == null ? null : mean.castTo(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return fellBack && fallback != null ? fallback.getVarCache(dataType) : var == null ? null : var.castTo(dataType);
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }
}
