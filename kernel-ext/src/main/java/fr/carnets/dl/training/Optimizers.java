package fr.carnets.dl.training;

import java.util.Locale;

import fr.carnets.dl.ModelException;

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

    /** Keras's {@code Adam(learning_rate=ExponentialDecay(...))}: a learning rate that decreases during training. */
    public static Optimizer adam(ExponentialDecay schedule) {
        return new Optimizer("adam", 0.001, 0, required(schedule));
    }

    public static Optimizer rmsprop(ExponentialDecay schedule) {
        return new Optimizer("rmsprop", 0.001, 0, required(schedule));
    }

    public static Optimizer sgd(ExponentialDecay schedule, double momentum) {
        return new Optimizer("sgd", 0.01, momentum, required(schedule));
    }

    private static ExponentialDecay required(ExponentialDecay schedule) {
        if (schedule == null) {
            throw new ModelException("Donnez un calendrier, par exemple new ExponentialDecay(0.01, 100, 0.5), ou un taux fixe : Optimizers.adam(0.001).");
        }
        return schedule;
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
