package fr.carnets.dl.training;

import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;

import fr.carnets.dl.ModelException;

/** Keras's loss names. */
public final class Losses {
    public static final double EPS = 1e-7;

    private Losses() {}

    /** The Keras names {@link #check} accepts (and mean_squared_error for mse). */
    public static final List<String> NAMES = List.of("categorical_crossentropy", "binary_crossentropy", "mse");

    public static String check(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("mean_squared_error")) return "mse";
        if (NAMES.contains(n)) return n;
        throw new ModelException("Fonction de perte inconnue : \"" + name + "\". Choisissez \"categorical_crossentropy\" "
                + "(plusieurs classes, sortie softmax), \"binary_crossentropy\" (deux classes, sortie sigmoid) ou \"mse\" (régression).");
    }

    public static ILossFunction toDl4j(String name) {
        switch (name) {
            case "categorical_crossentropy":
                return new LossMCXENT();
            case "binary_crossentropy":
                return new LossBinaryXENT();
            default:
                return new LossMSE();
        }
    }

    public static String guess(String activation) {
        if ("softmax".equals(activation)) return "categorical_crossentropy";
        if ("sigmoid".equals(activation)) return "binary_crossentropy";
        return "mse";
    }

    /** Sum over the rows of a batch of the per-example loss, computed from probabilities as Keras does. */
    public static double sum(String name, INDArray yTrue, INDArray yPred) {
        switch (name) {
            case "categorical_crossentropy": {
                INDArray p = Transforms.log(Transforms.min(Transforms.max(yPred, EPS, true), 1 - EPS, false), false);
                return -p.muli(yTrue).sumNumber().doubleValue();
            }
            case "binary_crossentropy": {
                INDArray p = Transforms.min(Transforms.max(yPred, EPS, true), 1 - EPS, false);
                INDArray a = Transforms.log(p, true).muli(yTrue);
                INDArray b = Transforms.log(p.rsub(1.0), false).muli(yTrue.rsub(1.0));
                return -a.addi(b).sumNumber().doubleValue() / yTrue.size(1);
            }
            default: {
                INDArray d = yPred.sub(yTrue);
                return d.muli(d).sumNumber().doubleValue() / yTrue.size(1);
            }
        }
    }

    /**
     * Sum over the rows of a batch of the per-example mean absolute error (Keras's "mae": the mean
     * over the outputs of |y - prediction|, then averaged over the examples by the caller).
     */
    public static double absoluteErrorSum(INDArray yTrue, INDArray yPred) {
        return Transforms.abs(yPred.sub(yTrue), false).sumNumber().doubleValue() / yTrue.size(1);
    }

    /** Number of rows whose predicted class is right (argmax, or threshold 0.5 for one output). */
    public static long correct(INDArray yTrue, INDArray yPred) {
        if (yPred.rank() == 2 && yTrue.rank() == 2 && yPred.length() <= JAVA_COUNT_LIMIT) {
            // A training batch's outputs are small: counting in Java avoids the five native ops
            // (and their per-op allocations) below, measurable on a 1.5 ms dense training step.
            int rows = (int) yPred.size(0), k = (int) yPred.size(1);
            float[] p = flat(yPred), t = flat(yTrue);
            long right = 0;
            for (int i = 0; i < rows; i++) {
                int o = i * k;
                if (k == 1 ? (p[o] > 0.5f) == (t[o] > 0.5f) : argMax(p, o, k) == argMax(t, o, k)) right++;
            }
            return right;
        }
        if (yPred.size(1) == 1) {
            INDArray a = yPred.gt(0.5);
            INDArray b = yTrue.gt(0.5);
            return a.eq(b).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        INDArray a = Nd4j.argMax(yPred, 1);
        INDArray b = Nd4j.argMax(yTrue, 1);
        return a.eq(b).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }

    private static final long JAVA_COUNT_LIMIT = 1 << 16;

    /** First index of the largest of v[o..o+k), like Nd4j.argMax on a row. */
    private static int argMax(float[] v, int o, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) if (v[o + j] > v[o + best]) best = j;
        return best;
    }

    /** The values in row-major order, read straight from the buffer when the array owns it whole. */
    private static float[] flat(INDArray a) {
        INDArray c = !a.isView() && a.ordering() == 'c' && a.data().length() == a.length() ? a : a.dup('c');
        return c.data().asFloat();
    }
}
