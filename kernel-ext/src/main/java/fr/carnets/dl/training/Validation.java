package fr.carnets.dl.training;

/** What fit measures after each epoch: loss, accuracy and mean absolute error on data kept apart (arrays or a stream). */
interface Validation {
    /** {loss, accuracy, mae} */
    double[] evaluate(Trainable m);
}
