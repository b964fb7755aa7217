package fr.carnets.dl;

import java.util.Locale;

/** Keras's optimizers with their default learning rates: adam 0.001, rmsprop 0.001, sgd 0.01. */
public final class Optimizers {
    private Optimizers() {}

    public static Optimizer adam() {
        return adam(0.001);
    }

    public static Optimizer adam(double learningRate) {
        return new Optimizer("adam", learningRate, 0);
    }

    public static Optimizer rmsprop() {
        return rmsprop(0.001);
    }

    public static Optimizer rmsprop(double learningRate) {
        return new Optimizer("rmsprop", learningRate, 0);
    }

    public static Optimizer sgd() {
        return sgd(0.01, 0);
    }

    public static Optimizer sgd(double learningRate) {
        return sgd(learningRate, 0);
    }

    /** SGD with classical momentum, Keras's {@code SGD(learning_rate=1e-4, momentum=0.9)}. */
    public static Optimizer sgd(double learningRate, double momentum) {
        return new Optimizer("sgd", learningRate, momentum);
    }

    /** "adam", "sgd", "rmsprop" with Keras's defaults. */
    public static Optimizer byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "adam":
                return adam();
            case "sgd":
                return sgd();
            case "rmsprop":
                return rmsprop();
            default:
                throw new ModelException("Optimiseur inconnu : \"" + name + "\". Choisissez \"adam\", \"sgd\" ou \"rmsprop\", "
                        + "ou un objet comme Optimizers.sgd(1e-4, 0.9) pour fixer le taux d'apprentissage.");
        }
    }
}
