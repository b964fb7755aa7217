package fr.carnets.dl.runtime.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.pooling.GlobalPoolingLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's global pooling layer, which skips its backward pass when nothing below reads it: in
 * transfer learning it sits on a frozen base, where DL4J stops backpropagating, yet DL4J's layer
 * still spreads its gradient over the whole feature map.
 */
public final class GlobalPoolingRuntime extends GlobalPoolingLayer {
    private boolean inputGradient = true;
    long skipped;

    public GlobalPoolingRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Backward passes skipped (for tests). */
    public long backwardSkips() {
        return skipped;
    }

    void inputGradient(boolean needed) {
        inputGradient = needed;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        if (inputGradient) return super.backpropGradient(epsilon, ws);
        skipped++;
        return new Pair<>(new DefaultGradient(), null);
    }
}
