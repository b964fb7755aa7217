package fr.carnets.dl.layers;

import java.util.Arrays;
import java.util.Collections;

import org.deeplearning4j.nn.conf.inputs.InputType;

import fr.carnets.dl.ModelException;

/**
 * The input of a model, with Keras's shape: {@code Input(784)} for rows of 784 values,
 * {@code Input(28, 28, 1)} for images (height, width, channels). The image arrays themselves are
 * in DL4J's order NCHW, {@code [n, channels, height, width]} (what {@code Mnist.options().addChannel()} gives).
 */
public class Input extends Node {
    final long[] shape;

    public Input(long... shape) {
        super(null, Collections.emptyList());
        if (shape == null || (shape.length != 1 && shape.length != 3)) {
            throw new ModelException("Input attend 1 dimension (Input(784)) ou 3 dimensions (Input(28, 28, 1) : hauteur, "
                    + "largeur, canaux), pas " + (shape == null ? "rien" : Arrays.toString(shape)) + ".");
        }
        for (long s : shape) {
            if (s <= 0) throw new ModelException("Input : les dimensions doivent être positives, pas " + Arrays.toString(shape) + ".");
        }
        this.shape = shape.clone();
    }

    public long[] shape() {
        return shape.clone();
    }

    public InputType inputType() {
        return shape.length == 1 ? InputType.feedForward(shape[0]) : InputType.convolutional(shape[0], shape[1], shape[2]);
    }

    public static long[] shapeOf(InputType t) {
        if (t instanceof InputType.InputTypeFeedForward f) return new long[] {f.getSize()};
        if (t instanceof InputType.InputTypeConvolutional c) return new long[] {c.getHeight(), c.getWidth(), c.getChannels()};
        if (t instanceof InputType.InputTypeConvolutionalFlat c) return new long[] {c.getFlattenedSize()};
        return null;
    }

    @Override
    public String toString() {
        return "Input" + Arrays.toString(shape);
    }
}
