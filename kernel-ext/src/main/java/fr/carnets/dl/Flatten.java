package fr.carnets.dl;

/** Images to rows. DL4J inserts this reshape by itself between a convolution and a Dense layer. */
public class Flatten extends KerasLayer {
    @Override
    String baseName() {
        return "flatten";
    }

    @Override
    public org.deeplearning4j.nn.conf.layers.Layer toDl4j() {
        return null;
    }
}
