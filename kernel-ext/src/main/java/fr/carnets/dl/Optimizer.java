package fr.carnets.dl;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * An optimizer with Keras's name and defaults ({@link Optimizers} makes them); {@link #toDl4j()}
 * gives the DL4J updater.
 */
public record Optimizer(String name, double learningRate, double momentum) {

    public Optimizer {
        if (!(learningRate > 0)) {
            throw new ModelException("Le taux d'apprentissage (learning rate) doit être positif, pas " + learningRate + ".");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ModelException("momentum doit être entre 0 (inclus) et 1 (exclu), pas " + momentum + ".");
        }
    }

    /** The DL4J updater, with Keras's constants (epsilon 1e-7, rho 0.9...). */
    public IUpdater toDl4j() {
        return switch (name) {
            case "adam" -> new Adam(learningRate, 0.9, 0.999, 1e-7);
            case "rmsprop" -> new RmsProp(learningRate, 0.9, 1e-7);
            case "sgd" -> momentum > 0 ? new SgdMomentum(learningRate, momentum) : new Sgd(learningRate);
            default -> throw new ModelException("Optimiseur inconnu : \"" + name + "\". Optimiseurs : adam, rmsprop, sgd (voir Optimizers).");
        };
    }

    @Override
    public String toString() {
        return name + "(learning_rate=" + learningRate + (name.equals("sgd") ? ", momentum=" + momentum : "") + ")";
    }
}
