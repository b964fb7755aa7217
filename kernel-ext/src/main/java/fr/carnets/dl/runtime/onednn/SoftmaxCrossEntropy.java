package fr.carnets.dl.runtime.onednn;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Softmax with categorical cross-entropy, for a training batch's small [batch, classes] block, in
 * one pass over Java arrays. DL4J's LossMCXENT runs about a dozen native ops per step for the
 * gradient and the score (dup, softmax, clipping, log, product, sum), each a few microseconds of
 * call and allocation; here it is one loop. Same formulas as LossMCXENT: gradient softmax(z) - y,
 * score -Σ y·log(clip(softmax(z))), clipped to [eps, 1 - eps].
 */
final class SoftmaxCrossEntropy {
    private float[] z = new float[0], y = new float[0], g = new float[0];

    /** Whether this layer's loss is the plain case handled here: softmax, MCXENT without weights, no mask. */
    static boolean handles(BaseOutputLayer conf, INDArray mask) {
        return mask == null && conf.getActivationFn() instanceof ActivationSoftmax && conf.getLossFn() instanceof LossMCXENT l
                && l.getClass() == LossMCXENT.class && l.getWeights() == null;
    }

    /** Whether the arrays can be read directly: dense float blocks of the same 2-d shape, small enough for Java arrays. */
    static boolean readable(INDArray preOutput, INDArray labels) {
        return preOutput.rank() == 2 && preOutput.equalShapes(labels) && preOutput.length() < (1 << 24) && Native.dense(preOutput)
                && Native.dense(labels);
    }

    /** Writes softmax(z) - y into {@code delta} (dense, same shape). */
    void gradient(INDArray preOutput, INDArray labels, INDArray delta) {
        int n = load(preOutput, labels);
        int rows = (int) preOutput.size(0), k = (int) preOutput.size(1);
        if (g.length < n) g = new float[n];
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            softmax(o, k, g);
            for (int j = o; j < o + k; j++) g[j] -= y[j];
        }
        new FloatPointer(Native.address(delta)).put(g, 0, n);
    }

    /** -Σ y·log(clip(softmax(z))) over the whole batch (not averaged). */
    double score(INDArray preOutput, INDArray labels, double eps) {
        int n = load(preOutput, labels);
        int rows = (int) preOutput.size(0), k = (int) preOutput.size(1);
        if (g.length < n) g = new float[n];
        float lo = (float) eps, hi = (float) (1.0 - eps);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * k;
            softmax(o, k, g);
            for (int j = o; j < o + k; j++) {
                if (y[j] != 0f) sum += y[j] * Math.log(Math.min(hi, Math.max(lo, g[j])));
            }
        }
        return -sum;
    }

    private int load(INDArray preOutput, INDArray labels) {
        int n = (int) preOutput.length();
        if (z.length < n) {
            z = new float[n];
            y = new float[n];
        }
        new FloatPointer(Native.address(preOutput)).get(z, 0, n);
        new FloatPointer(Native.address(labels)).get(y, 0, n);
        return n;
    }

    private void softmax(int o, int k, float[] out) {
        SmallActivations.softmax(z, o, k, out);
    }
}
