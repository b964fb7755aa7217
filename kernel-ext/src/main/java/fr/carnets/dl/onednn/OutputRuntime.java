package fr.carnets.dl.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's output layer, computing its pre-activation (x·W + b) once per training step. DL4J's own
 * layer computes it for the gradient and again for the score, and Carnets' training accuracy
 * needed it a third time: with small networks these matrix products and their native calls are a
 * good part of the step. Layers with input dropout or weight noise (different on every call) run
 * DL4J's code unchanged.
 */
public final class OutputRuntime extends OutputLayer {
    private final PreOutputCache cache = new PreOutputCache();

    public OutputRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr ws) {
        if (!training || layerConf().getIDropout() != null || layerConf().getWeightNoise() != null || hasLayerNorm()) {
            return super.preOutputWithPreNorm(training, forBackprop, ws);
        }
        INDArray z = cache.get(input, ws, () -> super.preOutputWithPreNorm(training, forBackprop, ws).getFirst());
        return new Pair<>(z, z);
    }

    /** The pre-activation of this training step's input (x·W + b), or null when none was computed since the last input. */
    public INDArray lastTrainingPreOutput() {
        return cache.valueFor(input);
    }

    /** Training pre-activations computed, and calls served from the kept one (for tests and the profile). */
    public long[] preOutputCounts() {
        return cache.counts();
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr ws) {
        cache.forget();
        super.setInput(input, ws);
    }

    @Override
    public void setParams(INDArray params) {
        cache.forget();
        super.setParams(params);
    }

    @Override
    public void setParam(String key, INDArray val) {
        cache.forget();
        super.setParam(key, val);
    }

    @Override
    public void clear() {
        cache.forget();
        super.clear();
    }
}
