package fr.carnets.ext;

import java.util.Map;

import fr.carnets.dl.training.Callback;
import fr.carnets.dl.training.History;
import fr.carnets.dl.training.Trainable;
import fr.carnets.dl.training.Training;
import fr.carnets.plot.LiveCurves;

/** What {@code Fit.liveCurve()} adds to a fit: learning curves shown at the start and redrawn after each epoch. */
public final class LiveCurveCallback implements Callback {
    private LiveCurves live;

    @Override
    public void onTrainBegin(Trainable model, History history) {
        live = LiveCurves.show("Courbes d'apprentissage (en direct)");
    }

    @Override
    public void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {
        if (live != null) live.add(logs);
    }

    /** The curves drawn so far (null before the fit starts). */
    public LiveCurves curves() {
        return live;
    }
}
