package fr.carnets.dl.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's output layer, computing its pre-activation (x·W + b) once per training step. DL4J's own
 * layer computes it for the gradient and again for the score, and Carnets' training accuracy
 * needed it a third time: with small networks these matrix products and their native calls are a
 * good part of the step. The value is kept outside workspaces until the next input; layers with
 * input dropout or weight noise (different on every call) run DL4J's code unchanged.
 */
public final class OutputRuntime extends OutputLayer {
    private INDArray cache, cachedFor;
    private long computed, reused;

    public OutputRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean cacheable() {
        return layerConf().getIDropout() == null && layerConf().getWeightNoise() == null;
    }

    @Override
    protected INDArray preOutput(boolean training, LayerWorkspaceMgr ws) {
        if (!training || !cacheable()) return super.preOutput(training, ws);
        if (cachedFor != null && cachedFor == input) {
            reused++;
            return ws.dup(ArrayType.ACTIVATIONS, cache);
        }
        INDArray z = super.preOutput(training, ws);
        computed++;
        try (var out = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (cache == null || !java.util.Arrays.equals(cache.shape(), z.shape()) || cache.dataType() != z.dataType()) {
                cache = Nd4j.createUninitialized(z.dataType(), z.shape(), 'c');
            }
            cache.assign(z);
        }
        cachedFor = input;
        return z;
    }

    /** The pre-activation of this training step's input (x·W + b), or null when none was computed since the last input. */
    public INDArray lastTrainingPreOutput() {
        return cachedFor != null && cachedFor == input ? cache : null;
    }

    /** Training pre-activations computed, and calls served from the kept one (for tests and the profile). */
    public long[] preOutputCounts() {
        return new long[] {computed, reused};
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr ws) {
        cachedFor = null;
        super.setInput(input, ws);
    }

    @Override
    public void setParams(INDArray params) {
        cachedFor = null;
        super.setParams(params);
    }

    @Override
    public void setParam(String key, INDArray val) {
        cachedFor = null;
        super.setParam(key, val);
    }

    @Override
    public void clear() {
        cachedFor = null;
        super.clear();
    }
}
