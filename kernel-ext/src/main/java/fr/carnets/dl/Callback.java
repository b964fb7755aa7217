package fr.carnets.dl;

import java.util.Map;

/**
 * Called by {@code fit} at the start, after each epoch and at the end (Keras's callbacks). A live
 * curve, early stopping, a checkpoint or a CSV log are callbacks. {@code logs} holds the epoch's
 * metrics ("loss", "accuracy", "val_loss", "val_accuracy").
 */
public interface Callback {
    default void onTrainBegin(Model model, History history) {}

    /** @param epoch 0-based */
    default void onEpochEnd(Model model, int epoch, Map<String, Double> logs, Training training) {}

    /** Also called after an interrupt or an error (not after the thread is killed). */
    default void onTrainEnd(Model model, History history) {}
}
