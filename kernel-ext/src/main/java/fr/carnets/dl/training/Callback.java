package fr.carnets.dl.training;

import java.util.Map;

/**
 * Called by {@code fit} at the start, around each epoch, after each batch and at the end (Keras's
 * callbacks). The History and the progress bar are callbacks that fit always applies first; a
 * live curve, early stopping, a checkpoint or a CSV log are callbacks given with
 * {@code Fit.callbacks(...)}. {@code logs} holds the epoch's metrics ("loss", "accuracy",
 * "val_loss", "val_accuracy").
 */
public interface Callback {
    default void onTrainBegin(Trainable model, History history) {}

    /**
     * @param epoch 0-based
     * @param steps batches in this epoch, or -1 while unknown (a stream's first epoch)
     */
    default void onEpochBegin(Trainable model, int epoch, int steps) {}

    /** After each batch: the epoch's running mean loss and accuracy (NaN without the accuracy metric). */
    default void onBatchEnd(Trainable model, int step, double loss, double accuracy) {}

    /** @param epoch 0-based */
    default void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {}

    /** Also called after an interrupt or an error (not after the thread is killed). */
    default void onTrainEnd(Trainable model, History history) {}
}
