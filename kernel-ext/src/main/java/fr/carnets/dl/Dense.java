package fr.carnets.dl;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;

/** Fully connected layer: {@code Dense(20, "relu")}. Weights glorot_uniform, biases zero, like Keras. */
public class Dense extends KerasLayer {
    final int units;
    final String activation;

    public Dense(int units, String activation) {
        if (units <= 0) throw new ModelException("Dense : le nombre de neurones doit être positif, pas " + units + ".");
        Activations.of(activation); // fails early on a bad name
        if (units == 1 && activation != null && activation.trim().equalsIgnoreCase("softmax")) throw LossCheck.oneUnitSoftmax();
        this.units = units;
        this.activation = activation;
    }

    public int units() {
        return units;
    }

    @Override
    String baseName() {
        return "dense";
    }

    @Override
    public DenseLayer toDl4j() {
        return new DenseLayer.Builder().name(name).nOut(units).activation(Activations.of(activation))
                .weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0.0).build();
    }
}
