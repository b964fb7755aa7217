package fr.carnets.dl.layers;

import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;

/** Mean of each feature map: [n, c, h, w] becomes [n, c]. */
public class GlobalAveragePooling2D extends KerasLayer {
    @Override
    public String baseName() {
        return "global_average_pooling2d";
    }

    @Override
    public GlobalPoolingLayer toDl4j() {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).name(name).build();
    }
}
