package fr.carnets.dl.training;

import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.ModelException;

/**
 * Keras's EarlyStopping: stops when {@code monitor} has not improved for {@code patience} epochs;
 * with {@code restoreBestWeights} the model ends with the weights of its best epoch.
 * Accuracies are maximised, losses minimised.
 */
public class EarlyStopping implements Callback {
    final String monitor;
    final int patience;
    final boolean restoreBestWeights;
    double minDelta;

    private double best;
    private int bestEpoch;
    private int wait;
    private INDArray bestWeights;
    private Integer stoppedEpoch;

    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        if (patience < 0) throw new ModelException("EarlyStopping : patience doit être positive ou nulle, pas " + patience + ".");
        this.monitor = monitor == null ? "val_loss" : monitor;
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    public EarlyStopping(String monitor, int patience) {
        this(monitor, patience, false);
    }

    public EarlyStopping minDelta(double d) {
        this.minDelta = Math.abs(d);
        return this;
    }

    private boolean maximise() {
        return monitor.contains("acc");
    }

    /** Epoch (0-based) with the best value, after fit. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Epoch (0-based) at which training was stopped, or null if it ran to the end. */
    public Integer stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin(Trainable model, History history) {
        best = maximise() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
        bestWeights = null;
        stoppedEpoch = null;
    }

    @Override
    public void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {
        Double v = logs.get(monitor);
        if (v == null) {
            throw new ModelException("EarlyStopping surveille \"" + monitor + "\" mais fit ne mesure que " + logs.keySet()
                    + (monitor.startsWith("val_") ? " : ajoutez validationSplit(0.2) ou validationData(x, y) à fit." : "."));
        }
        boolean better = maximise() ? v > best + minDelta : v < best - minDelta;
        if (better) {
            best = v;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = model.weights().dup();
        } else {
            wait++;
            if (wait > patience) {
                stoppedEpoch = epoch;
                training.stop(String.format(Locale.ROOT, "Arrêt anticipé après l'époque %d : %s ne s'améliore plus depuis %d époque(s) "
                        + "(meilleure valeur %.4f à l'époque %d).", epoch + 1, monitor, wait, best, bestEpoch + 1));
            }
        }
    }

    @Override
    public void onTrainEnd(Trainable model, History history) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != history.epochs() - 1) {
            model.setWeights(bestWeights);
            System.out.println("Poids de la meilleure époque (" + (bestEpoch + 1) + ") restaurés.");
        }
    }
}
