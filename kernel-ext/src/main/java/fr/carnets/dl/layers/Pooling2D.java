package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

import fr.carnets.dl.ModelException;

/** MaxPooling2D / AveragePooling2D: {@code MaxPooling2D(2)}; strides default to the pool size, like Keras. */
public class Pooling2D extends KerasLayer {
    final boolean max;
    final int ph, pw;
    int sh, sw;
    String padding = "valid";

    Pooling2D(boolean max, int ph, int pw) {
        if (ph <= 0 || pw <= 0) throw new ModelException((max ? "MaxPooling2D" : "AveragePooling2D")
                + " : la taille de la fenêtre doit être positive, pas " + ph + "×" + pw + ".");
        this.max = max;
        this.ph = ph;
        this.pw = pw;
        this.sh = ph;
        this.sw = pw;
    }

    public Pooling2D strides(int s) {
        return strides(s, s);
    }

    public Pooling2D strides(int sh, int sw) {
        if (sh <= 0 || sw <= 0) throw new ModelException(kerasType() + " : le pas (strides) doit être positif.");
        this.sh = sh;
        this.sw = sw;
        return this;
    }

    public Pooling2D padding(String padding) {
        this.padding = Layers.checkPadding(padding);
        return this;
    }

    @Override
    public String kerasType() {
        return max ? "MaxPooling2D" : "AveragePooling2D";
    }

    @Override
    public String baseName() {
        return max ? "max_pooling2d" : "average_pooling2d";
    }

    @Override
    public SubsamplingLayer toDl4j() {
        return new SubsamplingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG).name(name)
                .kernelSize(ph, pw).stride(sh, sw).convolutionMode(Conv2D.mode(padding)).build();
    }
}
