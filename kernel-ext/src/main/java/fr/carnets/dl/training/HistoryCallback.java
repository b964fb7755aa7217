package fr.carnets.dl.training;

import java.util.Map;

/** Fills the History that fit returns, epoch by epoch (Keras's History callback); always applied first. */
final class HistoryCallback implements Callback {
    private final History history;
    private long epochStart;

    HistoryCallback(History history) {
        this.history = history;
    }

    @Override
    public void onTrainBegin(Trainable model, History h) {
        model.history = history;
    }

    @Override
    public void onEpochBegin(Trainable model, int epoch, int steps) {
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {
        history.addEpoch(logs, (System.nanoTime() - epochStart) / 1e9);
    }
}
