package fr.carnets.dl.runtime;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.Tensors;

/**
 * First step of an image network that runs NHWC inside (our oneDNN path): the course's image
 * arrays stay NCHW {@code [n, channels, height, width]} (what the datasets give), and this copies
 * each batch to NHWC once, so that every layer after it works on NHWC without any permute. Saved
 * with the model (DL4J records preprocessors by class name).
 */
public final class ImagesToNhwc implements InputPreProcessor, fr.carnets.dl.runtime.onednn.SkipsNullGradient {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr ws) {
        if (input.rank() != 4) {
            throw new ModelException("Le modèle attend des images [n, canaux, hauteur, largeur] (4 dimensions), pas un tableau de forme "
                    + java.util.Arrays.toString(input.shape()) + " : utilisez addChannel() au chargement.");
        }
        long n = input.size(0), c = input.size(1), h = input.size(2), w = input.size(3);
        if (c == 1 && !input.isAttached() && Tensors.rowMajorDense(input)) {
            // One channel: NCHW and NHWC hold the same bytes, a view does (MNIST's images; the copy
            // cost one image's predict about 5 us of 125). Only for an array outside any workspace:
            // DL4J accepts a detached array as the first layer's input, not one of another workspace.
            return input.reshape('c', n, h, w, 1);
        }
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), new long[] {n, h, w, c}, 'c');
        return out.assign(input.permute(0, 2, 3, 1));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr ws) {
        if (output == null) return null; // the first layer skipped its input gradient: nothing reads it
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, output.dataType(),
                new long[] {output.size(0), output.size(3), output.size(1), output.size(2)}, 'c');
        return out.assign(output.permute(0, 3, 1, 2));
    }

    @Override
    public ImagesToNhwc clone() {
        return new ImagesToNhwc();
    }

    @Override
    public InputType getOutputType(InputType in) {
        if (in instanceof InputType.InputTypeConvolutional c) {
            return InputType.convolutional(c.getHeight(), c.getWidth(), c.getChannels(), CNN2DFormat.NHWC);
        }
        throw new IllegalStateException("ImagesToNhwc attend des images, pas " + in);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int miniBatchSize) {
        return new Pair<>(mask, state);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImagesToNhwc;
    }

    @Override
    public int hashCode() {
        return ImagesToNhwc.class.hashCode();
    }
}
