package fr.carnets.dl.training;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

import fr.carnets.dl.ModelException;

/**
 * An optimizer with Keras's name and defaults ({@link Optimizers} makes them); {@link #toDl4j()}
 * gives the DL4J updater. With a {@code schedule}, the learning rate changes at each mini-batch
 * and {@code learningRate} is its initial value.
 */
public record Optimizer(String name, double learningRate, double momentum, ExponentialDecay schedule) {

    public Optimizer(String name, double learningRate, double momentum) {
        this(name, learningRate, momentum, null);
    }

    public Optimizer {
        if (schedule != null) learningRate = schedule.initialLearningRate();
        if (!(learningRate > 0)) {
            throw new ModelException("Le taux d'apprentissage (learning rate) doit être positif, pas " + learningRate + ".");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new ModelException("momentum doit être entre 0 (inclus) et 1 (exclu), pas " + momentum + ".");
        }
    }

    /** The DL4J updater, with Keras's constants (epsilon 1e-7, rho 0.9...). */
    public IUpdater toDl4j() {
        if (schedule != null) {
            return switch (name) {
                case "adam" -> Adam.builder().learningRateSchedule(schedule.toDl4j()).beta1(0.9).beta2(0.999).epsilon(1e-7).build();
                case "rmsprop" -> RmsProp.builder().learningRateSchedule(schedule.toDl4j()).rmsDecay(0.9).epsilon(1e-7).build();
                case "sgd" -> momentum > 0 ? new SgdMomentum(schedule.toDl4j(), momentum) : new Sgd(schedule.toDl4j());
                default -> throw unknown();
            };
        }
        return switch (name) {
            case "adam" -> new Adam(learningRate, 0.9, 0.999, 1e-7);
            case "rmsprop" -> new RmsProp(learningRate, 0.9, 1e-7);
            case "sgd" -> momentum > 0 ? new SgdMomentum(learningRate, momentum) : new Sgd(learningRate);
            default -> throw unknown();
        };
    }

    private ModelException unknown() {
        return new ModelException("Optimiseur inconnu : \"" + name + "\". Optimiseurs : adam, rmsprop, sgd (voir Optimizers).");
    }

    @Override
    public String toString() {
        return name + "(learning_rate=" + (schedule != null ? schedule : learningRate) + (name.equals("sgd") ? ", momentum=" + momentum : "") + ")";
    }
}
