package fr.carnets.dl.training;

import org.nd4j.linalg.dataset.DataSet;

/**
 * Where fit's mini-batches come from, epoch after epoch (Keras's data adapters): arrays
 * ({@link ArrayBatches}) or a stream ({@link StreamBatches}). A new kind of source implements this.
 */
interface Batches {
    /** Starts an epoch (0-based): rewinds, reshuffles. */
    void start(int epoch);

    /** Steps per epoch, or -1 while unknown (a stream before its first epoch ends). */
    int steps();

    boolean hasNext();

    DataSet next();

    /** Ends an epoch. */
    default void end() {}
}
