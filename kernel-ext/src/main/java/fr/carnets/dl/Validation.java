package fr.carnets.dl;

/** What fit measures after each epoch: loss and accuracy on data kept apart (arrays or a stream). */
interface Validation {
    /** {loss, accuracy} */
    double[] evaluate(Model m);
}
