package fr.carnets.dl.runtime.onednn;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.DropoutLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dropout layer with a fixed keep probability, drawn in one Java pass: DL4J draws a
 * Bernoulli mask array, multiplies, scales, and keeps the mask in the configuration object, in
 * four native calls over the whole batch; here the mask is one bit per value kept for the backward
 * pass. Inverted dropout as in DL4J and Keras: kept values are divided by the keep probability.
 * The random stream is seeded from ND4J's generator, so a seeded model trains the same way twice.
 * Schedules and other dropout kinds run DL4J's code.
 */
public final class DropoutRuntime extends DropoutLayer {
    private float[] values = new float[0];
    private long[] keep = new long[0];
    private INDArray lastInput;
    long forwardRuns, backwardRuns;

    public DropoutRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The keep probability when this layer's dropout is DL4J's plain fixed one, else NaN. */
    private double keepProbability() {
        return layerConf().getIDropout() instanceof Dropout d && d.getClass() == Dropout.class && d.getPSchedule() == null && d.getP() > 0
                && d.getP() <= 1 ? d.getP() : Double.NaN;
    }

    private static boolean flat(INDArray a) {
        return Native.dense(a) && a.offset() == 0 && a.length() <= Integer.MAX_VALUE;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
        lastInput = null;
        double p = keepProbability();
        if (!training || Double.isNaN(p) || input == null || !flat(input)) return super.activate(training, ws);
        assertInputSet(false);
        int n = (int) input.length();
        if (values.length < n) values = new float[n];
        if (keep.length < (n + 63) / 64) keep = new long[(n + 63) / 64];
        FloatPointer in = new FloatPointer(Native.address(input));
        in.get(values, 0, n);
        float scale = (float) (1.0 / p);
        long threshold = (long) (p * (1L << 53)); // keep when a uniform 53-bit draw falls below p
        long s = Nd4j.getRandom().nextLong() | 1L;
        java.util.Arrays.fill(keep, 0, (n + 63) / 64, 0L);
        for (int i = 0; i < n; i++) {
            s ^= s << 13; // xorshift64: fast, and plenty for a dropout mask
            s ^= s >>> 7;
            s ^= s << 17;
            long kept = ((s >>> 11) - threshold) >>> 63; // 1 when the draw is below the threshold; no branch to mispredict
            keep[i >>> 6] |= kept << i;
            values[i] *= kept * scale;
        }
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape(), 'c');
        new FloatPointer(Native.address(out)).put(values, 0, n);
        lastInput = input;
        forwardRuns++;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        double p = keepProbability();
        if (lastInput == null || lastInput != input || Double.isNaN(p) || !flat(epsilon) || epsilon.length() != input.length()) {
            lastInput = null;
            return super.backpropGradient(epsilon, ws);
        }
        lastInput = null;
        int n = (int) epsilon.length();
        FloatPointer g = new FloatPointer(Native.address(epsilon));
        g.get(values, 0, n);
        float scale = (float) (1.0 / p);
        for (int i = 0; i < n; i++) values[i] *= ((keep[i >>> 6] >>> i) & 1L) * scale;
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, epsilon.shape(), 'c');
        new FloatPointer(Native.address(dx)).put(values, 0, n);
        backwardRuns++;
        return new Pair<>(new DefaultGradient(), dx);
    }

    @Override
    public void clear() {
        super.clear();
        lastInput = null;
    }
}
