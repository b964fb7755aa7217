package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense layer with x·W + b and its gradients computed by oneDNN's inner product (ND4J's
 * matrix products take milliseconds on these small shapes), the pre-activation computed once per
 * training step (DL4J computes it again in the backward pass), and no input gradient where nothing
 * reads it. DL4J's activations are kept. Input dropout, weight noise, layer normalization and
 * layers without bias run DL4J's code unchanged.
 */
public final class DenseRuntime extends DenseLayer {
    private final DenseKernel kernel = new DenseKernel();
    private final SmallActivations activations = new SmallActivations();

    public DenseRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    void inputGradient(boolean needed) {
        kernel.inputGradient = needed;
    }

    private boolean handled() {
        return DenseKernel.handles(this);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
        if (!handled() || maskArray != null) return super.activate(training, ws);
        return activations.activate(layerConf().getActivationFn(), preOutput(training, ws), training);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr ws) {
        if (!handled()) return super.preOutputWithPreNorm(training, forBackprop, ws);
        assertInputSet(forBackprop);
        INDArray z = kernel.preOutput(training, input, params.get(DefaultParamInitializer.WEIGHT_KEY), params.get(DefaultParamInitializer.BIAS_KEY), ws);
        return new Pair<>(z, z);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        if (!handled()) return super.backpropGradient(epsilon, ws);
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, ws).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY), bGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        INDArray dx = kernel.backward(input, delta, params.get(DefaultParamInitializer.WEIGHT_KEY), wGrad, bGrad, ws);
        Gradient g = DenseKernel.gradient(wGrad, bGrad);
        weightNoiseParams.clear();
        return new Pair<>(g, dx);
    }

    /** Training pre-activations computed, calls served from the kept one, products computed by oneDNN (for tests and the profile). */
    public long[] counts() {
        return kernel.counts();
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr ws) {
        kernel.cache.forget();
        super.setInput(input, ws);
    }

    @Override
    public void setParams(INDArray params) {
        kernel.cache.forget();
        super.setParams(params);
    }

    @Override
    public void setParam(String key, INDArray val) {
        kernel.cache.forget();
        super.setParam(key, val);
    }

    @Override
    public void clear() {
        kernel.cache.forget();
        super.clear();
    }
}
