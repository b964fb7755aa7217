package fr.carnets.dl.layers;

import fr.carnets.dl.ModelException;

/**
 * Keras's {@code keras.regularizers.L2(factor)}: adds {@code factor × Σ w²} over a layer's weights
 * (not its biases) to the loss, which pulls every weight towards 0 at each step ("weight decay").
 * Put it on a layer: {@code Dense(256, "relu").kernelRegularizer(L2(1e-4))}.
 */
public record L2(double factor) {

    public L2 {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new ModelException("L2 : le facteur doit être positif ou nul, pas " + factor + " ; des valeurs usuelles vont de 1e-5 à 1e-2.");
        }
    }

    /**
     * DL4J's coefficient for the same penalty: DL4J adds {@code l2/2 × Σ w²} (gradient {@code l2 × w}),
     * Keras {@code factor × Σ w²} (gradient {@code 2 × factor × w}).
     */
    double dl4jCoefficient() {
        return 2 * factor;
    }

    @Override
    public String toString() {
        return "L2(" + factor + ")";
    }
}
