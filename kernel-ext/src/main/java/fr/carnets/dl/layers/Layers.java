package fr.carnets.dl.layers;

import java.util.Locale;

import fr.carnets.dl.ModelException;

/**
 * Static factories so that a cell reads like Keras:
 * <pre>
 * import static fr.carnets.dl.layers.Layers.*;
 * var model = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
 * </pre>
 */
public final class Layers {
    private Layers() {}

    /**
     * The input of a model, Keras's {@code keras.Input(shape)}.
     *
     * @param shape the size of one example: {@code Input(784)} for a vector, {@code Input(28, 28, 1)}
     *        for an image (height, width, channels, in Keras's order)
     * @return the input, first argument of {@code new Sequential(...)}
     * @throws fr.carnets.dl.ModelException when the shape has neither 1 nor 3 dimensions, or a dimension is not positive
     */
    public static Input Input(long... shape) {
        return new Input(shape);
    }

    public static Dense Dense(int units) {
        return new Dense(units, null);
    }

    /**
     * A fully connected layer, Keras's {@code Dense(units, activation=...)}.
     *
     * @param units the number of neurons (outputs) of the layer
     * @param activation "relu", "sigmoid", "softmax", "tanh"... or null for none (linear)
     * @return the layer, to give to {@code new Sequential(...)} or {@code model.add(...)}
     * @throws fr.carnets.dl.ModelException when units is not positive, the activation is unknown, or
     *         softmax is given one unit (its output would always be 1)
     */
    public static Dense Dense(int units, String activation) {
        return new Dense(units, activation);
    }

    /** Keras's default: no activation (linear). */
    public static Conv2D Conv2D(int filters, int kernelSize) {
        return new Conv2D(filters, kernelSize, null);
    }

    /**
     * A 2D convolution, Keras's {@code Conv2D(filters, kernel_size, activation=...)}, padding "valid".
     *
     * @param filters the number of filters (output channels)
     * @param kernelSize the side of the square kernel, in pixels (3 for 3×3)
     * @param activation "relu"... or null for none
     * @return the layer
     * @throws fr.carnets.dl.ModelException when filters or kernelSize is not positive, or the activation is unknown
     */
    public static Conv2D Conv2D(int filters, int kernelSize, String activation) {
        return new Conv2D(filters, kernelSize, activation);
    }

    public static Conv2D Conv2D(int filters, int kernelHeight, int kernelWidth, String activation) {
        return new Conv2D(filters, kernelHeight, kernelWidth, activation);
    }

    /**
     * In the order Keras reads {@code Conv2D(32, 3, activation="relu", padding="same")}: filters, kernel,
     * activation, padding; the same order as the magic {@code %modele ... Conv2D(32, 3, relu, same)}.
     */
    public static Conv2D Conv2D(int filters, int kernelSize, String activation, String padding) {
        return Conv2D(filters, kernelSize, activation, padding, 1);
    }

    /** Same, with a stride: {@code Conv2D(32, 3, "relu", "same", 2)}. */
    public static Conv2D Conv2D(int filters, int kernelSize, String activation, String padding, int strides) {
        if (isPadding(activation) && !isPadding(padding)) {
            throw new IllegalArgumentException("Conv2D : l'activation vient avant le bord, comme en Keras : Conv2D(" + filters + ", "
                    + kernelSize + ", \"" + padding + "\", \"" + activation + "\"), et non « " + activation + " » puis « " + padding + " ».");
        }
        return new Conv2D(filters, kernelSize, activation).padding(padding).strides(strides);
    }

    private static boolean isPadding(String word) {
        return word != null && (word.equalsIgnoreCase("same") || word.equalsIgnoreCase("valid"));
    }

    /** Keras's default pool size, 2×2. */
    public static Pooling2D MaxPooling2D() {
        return MaxPooling2D(2);
    }

    /**
     * Keeps the largest value of each square window, Keras's {@code MaxPooling2D(pool_size)}; the stride is the window's side.
     *
     * @param poolSize the side of the window (2 halves the height and the width)
     * @return the layer
     * @throws fr.carnets.dl.ModelException when poolSize is not positive
     */
    public static Pooling2D MaxPooling2D(int poolSize) {
        return new Pooling2D(true, poolSize, poolSize);
    }

    public static Pooling2D MaxPooling2D(int poolHeight, int poolWidth) {
        return new Pooling2D(true, poolHeight, poolWidth);
    }

    /** Keras's default pool size, 2×2. */
    public static Pooling2D AveragePooling2D() {
        return AveragePooling2D(2);
    }

    public static Pooling2D AveragePooling2D(int poolSize) {
        return new Pooling2D(false, poolSize, poolSize);
    }

    public static Pooling2D AveragePooling2D(int poolHeight, int poolWidth) {
        return new Pooling2D(false, poolHeight, poolWidth);
    }

    public static GlobalAveragePooling2D GlobalAveragePooling2D() {
        return new GlobalAveragePooling2D();
    }

    /** Turns an image [height, width, channels] into one vector, before Dense layers (Keras's {@code Flatten()}); no weights. */
    public static Flatten Flatten() {
        return new Flatten();
    }

    /**
     * Sets a random fraction of its inputs to zero at each training step (only while fitting), Keras's {@code Dropout(rate)}.
     *
     * @param rate the fraction DROPPED, as in Keras (0.25: a quarter of the inputs), from 0 included to 1 excluded
     * @return the layer
     * @throws fr.carnets.dl.ModelException when rate is outside [0, 1)
     */
    public static Dropout Dropout(double rate) {
        return new Dropout(rate);
    }

    /** Normalises its inputs over each batch, then scales and shifts them by learned weights (Keras's {@code BatchNormalization()}). */
    public static BatchNormalization BatchNormalization() {
        return new BatchNormalization();
    }

    /** Keras's {@code keras.regularizers.L2(factor)}, for {@code Dense(...).kernelRegularizer(L2(1e-4))}. */
    public static L2 L2(double factor) {
        return new L2(factor);
    }

    /** Functional form: concatenation of several nodes (Keras's {@code Concatenate()([a, b])}). */
    public static Node concatenate(Node... nodes) {
        return new Merge(false).apply(nodes);
    }

    /** Functional form: element-wise sum (Keras's {@code Add()([a, b])}, the shortcut of a ResNet block). */
    public static Node add(Node... nodes) {
        return new Merge(true).apply(nodes);
    }

    static String checkPadding(String padding) {
        String p = padding == null ? "" : padding.trim().toLowerCase(Locale.ROOT);
        if (!p.equals("same") && !p.equals("valid")) {
            throw new ModelException("padding doit valoir \"valid\" (pas de bord ajouté) ou \"same\" (sortie de même taille), pas \""
                    + padding + "\".");
        }
        return p;
    }
}
