package fr.carnets.dl;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Keras's loss names. */
final class Losses {
    static final double EPS = 1e-7;

    private Losses() {}

    static String check(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "categorical_crossentropy":
            case "binary_crossentropy":
            case "mse":
                return n;
            case "mean_squared_error":
                return "mse";
            default:
                throw new ModelException("Fonction de perte inconnue : \"" + name + "\". Choisissez \"categorical_crossentropy\" "
                        + "(plusieurs classes, sortie softmax), \"binary_crossentropy\" (deux classes, sortie sigmoid) ou \"mse\" (régression).");
        }
    }

    static ILossFunction toDl4j(String name) {
        switch (name) {
            case "categorical_crossentropy":
                return new LossMCXENT();
            case "binary_crossentropy":
                return new LossBinaryXENT();
            default:
                return new LossMSE();
        }
    }

    static String guess(String activation) {
        if ("softmax".equals(activation)) return "categorical_crossentropy";
        if ("sigmoid".equals(activation)) return "binary_crossentropy";
        return "mse";
    }

    /** Sum over the rows of a batch of the per-example loss, computed from probabilities as Keras does. */
    static double sum(String name, INDArray yTrue, INDArray yPred) {
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

    /** Number of rows whose predicted class is right (argmax, or threshold 0.5 for one output). */
    static long correct(INDArray yTrue, INDArray yPred) {
        if (yPred.size(1) == 1) {
            INDArray a = yPred.gt(0.5);
            INDArray b = yTrue.gt(0.5);
            return a.eq(b).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        INDArray a = Nd4j.argMax(yPred, 1);
        INDArray b = Nd4j.argMax(yTrue, 1);
        return a.eq(b).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
    }
}
