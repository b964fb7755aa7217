package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;

import fr.carnets.dl.ModelException;

/** Fully connected layer: {@code Dense(20, "relu")}. Weights glorot_uniform, biases zero, like Keras. */
public class Dense extends KerasLayer {
    final int units;
    final String activation;
    L2 kernelRegularizer;

    public Dense(int units, String activation) {
        if (units <= 0) throw new ModelException("Dense : le nombre de neurones doit être positif, pas " + units + ".");
        Activations.of(activation); // fails early on a bad name
        if (units == 1 && activation != null && activation.trim().equalsIgnoreCase("softmax")) throw oneUnitSoftmax();
        this.units = units;
        this.activation = activation;
    }

    public int units() {
        return units;
    }

    /** Keras's {@code kernel_regularizer=L2(1e-4)}: a penalty on this layer's weights (not its biases); null for none. */
    public Dense kernelRegularizer(L2 regularizer) {
        this.kernelRegularizer = regularizer;
        return this;
    }

    public L2 kernelRegularizer() {
        return kernelRegularizer;
    }

    @Override
    public String baseName() {
        return "dense";
    }

    @Override
    public DenseLayer toDl4j() {
        DenseLayer.Builder b = new DenseLayer.Builder().name(name).nOut(units).activation(Activations.of(activation))
                .weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0.0);
        if (kernelRegularizer != null) b.l2(kernelRegularizer.dl4jCoefficient());
        return b.build();
    }

    /** Dense(1, "softmax"): refused when the layer is made, before DL4J's English exception. */
    private static ModelException oneUnitSoftmax() {
        return new ModelException("Une couche softmax à une seule sortie vaut toujours 1 (softmax partage 100 % entre les sorties, "
                + "et il n'y en a qu'une) : le modèle ne pourrait rien apprendre. Pour deux classes avec des étiquettes 0/1 en une "
                + "colonne, utilisez Dense(1, \"sigmoid\") et \"binary_crossentropy\" ; pour k classes, Dense(k, \"softmax\") et "
                + "\"categorical_crossentropy\" avec des étiquettes one-hot [n, k].");
    }
}
