package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import fr.carnets.dl.ModelException;

/**
 * A layer as described in a notebook (Keras vocabulary): Dense, Conv2D... It becomes a DL4J layer
 * configuration when the model is built; {@link #toDl4j()} gives that configuration. Not named
 * {@code Layer} so that it never hides DL4J's {@code Layer} in this package.
 */
public abstract class KerasLayer {
    String name;
    boolean trainable = true;

    /** Keras's base name ("dense", "conv2d"...), numbered in a model: dense, dense_1, dense_2. */
    public abstract String baseName();

    /** DL4J configuration of this layer, or null for layers that are only a reshape (Flatten). */
    public abstract Layer toDl4j();

    /** Gives this layer a name (to freeze it or cut a model there later). */
    public KerasLayer name(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    /** Keras's {@code layer.trainable = false}: the layer's weights stay as they are during fit. */
    public KerasLayer trainable(boolean trainable) {
        this.trainable = trainable;
        return this;
    }

    public boolean isTrainable() {
        return trainable;
    }

    /** Functional form, like Keras's {@code Dense(64)(x)}: this layer applied to the given nodes. */
    public Node apply(Node... inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new ModelException("apply() attend au moins une entrée, par exemple Dense(64, \"relu\").apply(entree).");
        }
        return new Node(this, new ArrayList<>(Arrays.asList(inputs)));
    }

    /** Keras's class name (for summaries). */
    public String kerasType() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return kerasType() + (name != null ? "(" + name + ")" : "");
    }

    static List<KerasLayer> list(KerasLayer... layers) {
        return new ArrayList<>(Arrays.asList(layers));
    }
}
