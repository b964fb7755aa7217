package fr.carnets.dl;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** An optimizer with Keras's name and defaults; {@link #toDl4j()} gives the DL4J updater. */
public final class Optimizer {
    final String name;
    final double learningRate;
    final double momentum;

    Optimizer(String name, double learningRate, double momentum) {
        if (!(learningRate > 0)) {
            throw new ModelException("Le taux d'apprentissage (learning rate) doit être positif, pas " + learningRate + ".");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ModelException("momentum doit être entre 0 (inclus) et 1 (exclu), pas " + momentum + ".");
        }
        this.name = name;
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public String name() {
        return name;
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }

    /** The DL4J updater, with Keras's constants (epsilon 1e-7, rho 0.9...). */
    public IUpdater toDl4j() {
        switch (name) {
            case "adam":
                return new Adam(learningRate, 0.9, 0.999, 1e-7);
            case "rmsprop":
                return new RmsProp(learningRate, 0.9, 1e-7);
            case "sgd":
                return momentum > 0 ? new SgdMomentum(learningRate, momentum) : new Sgd(learningRate);
            default:
                throw new IllegalStateException(name);
        }
    }

    @Override
    public String toString() {
        return name + "(learning_rate=" + learningRate + (name.equals("sgd") ? ", momentum=" + momentum : "") + ")";
    }
}
