package fr.carnets.dl.training;

import fr.carnets.dl.models.Model;

/** What fit measures after each epoch: loss, accuracy and mean absolute error on data kept apart (arrays or a stream). */
interface Validation {
    /** {loss, accuracy, mae} */
    double[] evaluate(Model m);
}
