package fr.carnets.dl.layers;

import java.util.Locale;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.weights.WeightInit;

import fr.carnets.dl.ModelException;

/**
 * 2D convolution: {@code Conv2D(32, 3, "relu")}, {@code Conv2D(32, 3, "relu").padding("same").strides(2)}.
 * Padding "valid" (Keras's default: no padding) or "same" (output as large as the input divided by the stride).
 */
public class Conv2D extends KerasLayer {
    final int filters;
    final int kh, kw;
    final String activation;
    String padding = "valid";
    int sh = 1, sw = 1;
    L2 kernelRegularizer;

    public Conv2D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize, kernelSize, activation);
    }

    public Conv2D(int filters, int kernelHeight, int kernelWidth, String activation) {
        if (filters <= 0) throw new ModelException("Conv2D : le nombre de filtres doit être positif, pas " + filters + ".");
        if (kernelHeight <= 0 || kernelWidth <= 0) {
            throw new ModelException("Conv2D : la taille du noyau doit être positive, pas " + kernelHeight + "×" + kernelWidth + ".");
        }
        Activations.of(activation);
        this.filters = filters;
        this.kh = kernelHeight;
        this.kw = kernelWidth;
        this.activation = activation;
    }

    /** "valid" (default) or "same". */
    public Conv2D padding(String padding) {
        this.padding = Layers.checkPadding(padding);
        return this;
    }

    public Conv2D strides(int stride) {
        return strides(stride, stride);
    }

    public Conv2D strides(int sh, int sw) {
        if (sh <= 0 || sw <= 0) throw new ModelException("Conv2D : le pas (strides) doit être positif.");
        this.sh = sh;
        this.sw = sw;
        return this;
    }

    /** Keras's {@code kernel_regularizer=L2(1e-4)}: a penalty on the filters' weights (not the biases); null for none. */
    public Conv2D kernelRegularizer(L2 regularizer) {
        this.kernelRegularizer = regularizer;
        return this;
    }

    @Override
    public String baseName() {
        return "conv2d";
    }

    @Override
    public ConvolutionLayer toDl4j() {
        ConvolutionLayer.Builder b = new ConvolutionLayer.Builder(kh, kw).name(name).nOut(filters).stride(sh, sw)
                .convolutionMode(mode(padding)).activation(Activations.of(activation))
                .weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0.0);
        if (kernelRegularizer != null) b.l2(kernelRegularizer.dl4jCoefficient());
        return b.build();
    }

    static ConvolutionMode mode(String padding) {
        return "same".equals(padding.toLowerCase(Locale.ROOT)) ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }
}
