package fr.carnets.dl.runtime.onednn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU and softmax of a dense layer's small output block, in place, in one pass over a Java array.
 * ND4J's ops cost 15 to 25 µs a call whatever the size (ReLU builds a scalar array for its
 * threshold, softmax a native op context): on one image through the dense bench network, they
 * were 40 % of {@code predict}. Same values as ND4J's (softmax shifted by the row's maximum).
 */
final class SmallActivations {
    /** Above this many values ND4J's vectorised loops win over a Java loop. */
    static final long MAX_VALUES = 1 << 15;

    private float[] buffer = new float[0];

    /** Whether {@code activation} on {@code z} is done here: plain ReLU or softmax, a dense 2-d float block. */
    static boolean handles(IActivation activation, INDArray z) {
        IActivation a = activation instanceof WrappedActivation w ? w.inner() : activation;
        return (plainRelu(a) || a.getClass() == ActivationSoftmax.class) && z.rank() == 2 && z.length() <= MAX_VALUES && Native.dense(z);
    }

    private static boolean plainRelu(IActivation a) {
        return a instanceof ActivationReLU r && r.getClass() == ActivationReLU.class && r.getMax() == null && zeroOrUnset(r.getThreshold())
                && zeroOrUnset(r.getNegativeSlope());
    }

    private static boolean zeroOrUnset(Double d) {
        return d == null || d == 0.0;
    }

    /** The activation of z: here, in place, when {@link #handles} says so, else ND4J's. */
    INDArray activate(IActivation activation, INDArray z, boolean training) {
        if (!handles(activation, z)) return activation.getActivation(z, training);
        apply(activation, z);
        return z;
    }

    /** Applies the activation to z in place (call {@link #handles} first). */
    void apply(IActivation activation, INDArray z) {
        IActivation a = activation instanceof WrappedActivation w ? w.inner() : activation;
        int n = (int) z.length();
        if (buffer.length < n) buffer = new float[n];
        FloatPointer memory = new FloatPointer(Native.address(z));
        memory.get(buffer, 0, n);
        if (plainRelu(a)) {
            for (int i = 0; i < n; i++) if (buffer[i] < 0f) buffer[i] = 0f; // NaN stays NaN (a diverged fit must show)
        } else {
            int k = (int) z.size(1);
            for (int o = 0; o < n; o += k) softmax(buffer, o, k, buffer);
        }
        memory.put(buffer, 0, n);
        java.lang.ref.Reference.reachabilityFence(z);
    }

    /** Softmax of in[o..o+k) into out[o..o+k), shifted by the row's maximum like ND4J's. */
    static void softmax(float[] in, int o, int k, float[] out) {
        float max = in[o];
        for (int j = o + 1; j < o + k; j++) max = Math.max(max, in[j]);
        float sum = 0f;
        for (int j = o; j < o + k; j++) {
            out[j] = (float) Math.exp(in[j] - max);
            sum += out[j];
        }
        for (int j = o; j < o + k; j++) out[j] /= sum;
    }
}
