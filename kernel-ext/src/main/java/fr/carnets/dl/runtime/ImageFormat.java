package fr.carnets.dl.runtime;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;

import fr.carnets.dl.runtime.onednn.OneDnn;

/**
 * The memory layout of activations inside an image network. NHWC when our oneDNN path runs
 * (oneDNN's fast kernels want it, and nothing is reordered between layers), NCHW otherwise
 * (DL4J's own code). Learners' arrays are NCHW in both cases ({@link ImagesToNhwc}). A model
 * keeps the layout it was built with, saved and reloaded: its dense weights after a flatten
 * depend on it.
 */
public final class ImageFormat {
    private ImageFormat() {}

    /** The layout for a new image model. */
    public static CNN2DFormat forNewModel() {
        return OneDnn.enabled() ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
    }

    /**
     * The layout to build with: NHWC only when the model's first layer works on images (a model
     * that flattens its images right away gets DL4J's own reshape, NCHW).
     */
    public static CNN2DFormat forModel(CNN2DFormat chosen, Layer first) {
        return chosen == CNN2DFormat.NHWC && of(first) != null ? CNN2DFormat.NHWC : chosen == null ? null : CNN2DFormat.NCHW;
    }

    /** The layout a layer configuration was built with, or null when it has none. */
    public static CNN2DFormat of(Layer c) {
        if (c instanceof ConvolutionLayer l) return l.getCnn2dDataFormat();
        if (c instanceof SubsamplingLayer l) return l.getCnn2dDataFormat();
        if (c instanceof BatchNormalization l) return l.getCnn2DFormat();
        return null;
    }

    /** Sets the layout of an image layer configuration (others are left alone). */
    public static void apply(Layer c, CNN2DFormat f) {
        if (c instanceof ConvolutionLayer l) {
            l.setCnn2dDataFormat(f);
            // DL4J's NHWC backprop hands the activation permuted views: let it work on dense memory
            if (f == CNN2DFormat.NHWC && l.getActivationFn() != null && !(l.getActivationFn() instanceof DenseViewActivation)) {
                l.setActivationFn(new DenseViewActivation(l.getActivationFn()));
            }
        }
        else if (c instanceof SubsamplingLayer l) l.setCnn2dDataFormat(f);
        else if (c instanceof BatchNormalization l) l.setCnn2DFormat(f);
        else if (c instanceof ZeroPaddingLayer l) l.setDataFormat(f);
        else if (c instanceof Upsampling2D l) l.setFormat(f);
    }
}
