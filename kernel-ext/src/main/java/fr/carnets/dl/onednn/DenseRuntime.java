package fr.carnets.dl.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense layer, computing its pre-activation (x·W + b) once per training step: DL4J's own
 * layer computes it in the forward pass and again in the backward pass. Layers with input dropout,
 * weight noise or layer normalization run DL4J's code unchanged.
 */
public final class DenseRuntime extends DenseLayer {
    private final PreOutputCache cache = new PreOutputCache();

    public DenseRuntime(NeuralNetConfiguration conf, DataType dataType) {
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
