package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What dense and output runtime layers share: x·W + b and its gradients through oneDNN's inner
 * product, the training pre-activation kept for the step, and whether the input gradient is read.
 */
final class DenseKernel {
    final PreOutputCache cache = new PreOutputCache();
    private final PlanCache<IpPlan.Geometry, IpPlan> plans = new PlanCache<>(4);
    boolean inputGradient = true;
    long products;

    /** Whether oneDNN computes this call: 2-d float input, DL4J's column-major weights, a bias. */
    static boolean handles(INDArray input, INDArray w, INDArray b) {
        return OneDnn.enabled() && input != null && input.rank() == 2 && input.dataType() == DataType.FLOAT && w != null && IpPlan.columnMajor(w)
                && b != null && b.dataType() == DataType.FLOAT && b.length() == w.size(1) && input.size(1) == w.size(0);
    }

    /** Whether this dense or output layer runs here: no input dropout, weight noise or layer normalization, a bias, and {@link #handles} for its call. */
    static boolean handles(org.deeplearning4j.nn.layers.BaseLayer<? extends org.deeplearning4j.nn.conf.layers.FeedForwardLayer> l) {
        var c = l.layerConf();
        return c.getIDropout() == null && c.getWeightNoise() == null && !l.hasLayerNorm() && l.hasBias()
                && handles(l.input(), l.getParam(DefaultParamInitializer.WEIGHT_KEY), l.getParam(DefaultParamInitializer.BIAS_KEY));
    }

    /** x·W + b, kept for the rest of the step when training. */
    INDArray preOutput(boolean training, INDArray input, INDArray w, INDArray b, LayerWorkspaceMgr ws) {
        return training ? cache.get(input, ws, () -> forward(input, w, b, ws)) : forward(input, w, b, ws);
    }

    /** DL4J's gradient of W and b: their views, written by {@link #backward}. */
    static Gradient gradient(INDArray wGrad, INDArray bGrad) {
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
        g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
        return g;
    }

    /** Training pre-activations computed, and calls served from the kept one; products computed by oneDNN (for tests and the profile). */
    long[] counts() {
        long[] c = cache.counts();
        return new long[] {c[0], c[1], products};
    }

    private IpPlan plan(INDArray x, INDArray w) {
        return plans.get(new IpPlan.Geometry(x.size(0), w.size(0), w.size(1)), IpPlan.Geometry::equals, IpPlan::new);
    }

    INDArray forward(INDArray input, INDArray w, INDArray b, LayerWorkspaceMgr ws) {
        INDArray x = Native.denseOrCopy(input);
        IpPlan p = plan(x, w);
        INDArray z = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, new long[] {x.size(0), w.size(1)}, 'c');
        p.forward(x, w, Native.denseOrCopy(b), z);
        products++;
        return z;
    }

    /** Writes the weight and bias gradients into DL4J's views and returns the input gradient (null when nothing reads it). */
    INDArray backward(INDArray input, INDArray delta, INDArray w, INDArray wGrad, INDArray bGrad, LayerWorkspaceMgr ws) {
        INDArray x = Native.denseOrCopy(input), dz = Native.denseOrCopy(delta);
        IpPlan p = plan(x, w);
        INDArray wg = IpPlan.columnMajor(wGrad) ? wGrad : wGrad.dup('f');
        INDArray bg = Native.dense(bGrad) ? bGrad : bGrad.dup('c');
        p.backwardWeights(x, dz, wg, bg);
        if (wg != wGrad) wGrad.assign(wg);
        if (bg != bGrad) bGrad.assign(bg);
        if (!inputGradient) return null;
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        p.backwardData(dz, w, dx);
        return dx;
    }
}
