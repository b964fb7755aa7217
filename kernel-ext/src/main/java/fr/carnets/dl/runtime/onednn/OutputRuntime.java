package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's output layer with x·W + b and its gradients computed by oneDNN's inner product, and the
 * pre-activation computed once per training step: DL4J's own layer computes it for the gradient and
 * again for the score, and Carnets' training accuracy needed it a third time. Softmax with
 * categorical cross-entropy, the course's classifier, is computed in one Java pass
 * ({@link SoftmaxCrossEntropy}); other losses and activations are DL4J's. Input dropout, weight
 * noise and layers without bias run DL4J's code unchanged.
 */
public final class OutputRuntime extends OutputLayer {
    private final DenseKernel kernel = new DenseKernel();
    private final SmallActivations activations = new SmallActivations();
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

    public OutputRuntime(NeuralNetConfiguration conf, DataType dataType) {
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
        INDArray kept = kernel.cache.valueFor(input);
        INDArray z = kept != null ? kept : preOutput2d(true, ws);
        INDArray labels2d = getLabels2d(ws, ArrayType.BP_WORKING_MEM);
        INDArray delta;
        if (SoftmaxCrossEntropy.handles(layerConf(), maskArray) && SoftmaxCrossEntropy.readable(z, labels2d)) {
            delta = ws.createUninitialized(ArrayType.BP_WORKING_MEM, z.dataType(), z.shape(), 'c');
            loss.gradient(z, labels2d, delta);
        } else {
            if (z == kept) z = preOutput2d(true, ws); // DL4J's loss applies the activation in place
            delta = layerConf().getLossFn().computeGradient(labels2d, z, layerConf().getActivationFn(), maskArray);
        }
        INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY), bGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        INDArray dx = kernel.backward(input, delta, params.get(DefaultParamInitializer.WEIGHT_KEY), wGrad, bGrad, ws);
        Gradient g = DenseKernel.gradient(wGrad, bGrad);
        return new Pair<>(g, dx);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr ws) {
        if (!handled() || input == null || labels == null || !SoftmaxCrossEntropy.handles(layerConf(), maskArray)) {
            return super.computeScore(fullNetRegTerm, training, ws);
        }
        INDArray kept = training ? kernel.cache.valueFor(input) : null;
        INDArray z = kept != null ? kept : preOutput2d(training, ws);
        INDArray labels2d = getLabels2d(ws, ArrayType.FF_WORKING_MEM);
        if (!SoftmaxCrossEntropy.readable(z, labels2d)) return super.computeScore(fullNetRegTerm, training, ws);
        double s = loss.score(z, labels2d, ((org.nd4j.linalg.lossfunctions.impl.LossMCXENT) layerConf().getLossFn()).getSoftmaxClipEps());
        if (conf().isMiniBatch()) s /= getInputMiniBatchSize();
        score = s + fullNetRegTerm;
        return score;
    }

    /** The pre-activation of this training step's input (x·W + b), or null when none was computed since the last input. */
    public INDArray lastTrainingPreOutput() {
        return kernel.cache.valueFor(input);
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
