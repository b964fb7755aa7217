package fr.carnets.dl.layers;

import fr.carnets.dl.ModelException;

/** Batch normalisation with Keras's defaults (momentum 0.99, epsilon 0.001). */
public class BatchNormalization extends KerasLayer {
    double momentum = 0.99;
    double epsilon = 1e-3;

    public BatchNormalization momentum(double m) {
        if (!(m > 0 && m < 1)) throw new ModelException("BatchNormalization : momentum doit être entre 0 et 1, pas " + m + ".");
        this.momentum = m;
        return this;
    }

    public BatchNormalization epsilon(double e) {
        if (!(e > 0)) throw new ModelException("BatchNormalization : epsilon doit être positif, pas " + e + ".");
        this.epsilon = e;
        return this;
    }

    @Override
    public String baseName() {
        return "batch_normalization";
    }

    @Override
    public org.deeplearning4j.nn.conf.layers.BatchNormalization toDl4j() {
        return new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().name(name).decay(momentum).eps(epsilon).build();
    }
}
