package fr.carnets.dl.training;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import fr.carnets.dl.ModelException;

/**
 * Keras's {@code keras.optimizers.schedules.ExponentialDecay(initial_learning_rate, decay_steps,
 * decay_rate, staircase)}: after {@code step} mini-batches the learning rate is
 * {@code initial × decayRate^(step / decaySteps)} (the exponent rounded down when {@code staircase}).
 * Give it to an optimizer: {@code Optimizers.adam(new ExponentialDecay(0.01, 100, 0.5))}. The step
 * counter is the network's, so it goes on across calls to fit, like Keras's {@code optimizer.iterations}.
 */
public record ExponentialDecay(double initialLearningRate, int decaySteps, double decayRate, boolean staircase) {

    public ExponentialDecay {
        if (!(initialLearningRate > 0)) {
            throw new ModelException("ExponentialDecay : le taux d'apprentissage initial doit être positif, pas " + initialLearningRate + ".");
        }
        if (decaySteps <= 0) {
            throw new ModelException("ExponentialDecay : decaySteps (le nombre de mini-lots pour un facteur decayRate) doit être positif, pas "
                    + decaySteps + ".");
        }
        if (!(decayRate > 0 && decayRate <= 1)) {
            throw new ModelException("ExponentialDecay : decayRate doit être entre 0 (exclu) et 1 (inclus), pas " + decayRate
                    + " ; par exemple 0.5 divise le taux par deux tous les decaySteps mini-lots.");
        }
    }

    public ExponentialDecay(double initialLearningRate, int decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    /** The learning rate after {@code step} mini-batches (Keras's {@code schedule(step)}). */
    public double at(long step) {
        double e = (double) step / decaySteps;
        return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(e) : e);
    }

    /** DL4J's schedule, per iteration (one iteration = one mini-batch). */
    public ISchedule toDl4j() {
        return staircase
                ? new StepSchedule(ScheduleType.ITERATION, initialLearningRate, decayRate, decaySteps)
                : new ExponentialSchedule(ScheduleType.ITERATION, initialLearningRate, Math.pow(decayRate, 1.0 / decaySteps));
    }

    @Override
    public String toString() {
        return "ExponentialDecay(initial_learning_rate=" + initialLearningRate + ", decay_steps=" + decaySteps + ", decay_rate=" + decayRate
                + (staircase ? ", staircase=True" : "") + ")";
    }
}
