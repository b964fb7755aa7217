package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.Layer;

/** Images to rows. DL4J inserts this reshape by itself between a convolution and a Dense layer. */
public class Flatten extends KerasLayer {
    @Override
    public String baseName() {
        return "flatten";
    }

    @Override
    public Layer toDl4j() {
        return null;
    }
}
