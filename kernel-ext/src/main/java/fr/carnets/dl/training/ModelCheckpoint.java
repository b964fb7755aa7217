package fr.carnets.dl.training;

import java.util.Map;

import fr.carnets.dl.ModelException;

/**
 * Keras's ModelCheckpoint: saves the model after each epoch (or only when {@code monitor} improves).
 * The path may hold {@code {epoch}}. Files are written to a temporary name, then renamed, so a
 * crash never leaves a half-written model.
 */
public class ModelCheckpoint implements Callback {
    final String path;
    final String monitor;
    final boolean saveBestOnly;
    private double best;

    public ModelCheckpoint(String path) {
        this(path, "val_loss", false);
    }

    public ModelCheckpoint(String path, String monitor, boolean saveBestOnly) {
        if (path == null || path.isBlank()) throw new ModelException("ModelCheckpoint attend un chemin de fichier, par exemple \"modele.zip\".");
        this.path = path;
        this.monitor = monitor == null ? "val_loss" : monitor;
        this.saveBestOnly = saveBestOnly;
    }

    @Override
    public void onTrainBegin(Trainable model, History history) {
        best = monitor.contains("acc") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {
        if (saveBestOnly) {
            Double v = logs.get(monitor);
            if (v == null) {
                throw new ModelException("ModelCheckpoint surveille \"" + monitor + "\" mais fit ne mesure que " + logs.keySet() + ".");
            }
            boolean better = monitor.contains("acc") ? v > best : v < best;
            if (!better) return;
            best = v;
        }
        model.save(path.replace("{epoch}", String.valueOf(epoch + 1)));
    }
}
