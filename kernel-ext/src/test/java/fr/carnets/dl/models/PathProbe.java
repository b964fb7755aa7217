package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;

import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.GlobalAveragePooling2D;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.Sequential;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.TestData;
import fr.carnets.dl.runtime.Performance;

/**
 * Run in a child JVM by {@link OneDnnSwitchTest} (the path is decided once per process): trains a
 * small convnet through the public API and prints what ran, then compares its predictions with
 * the same weights on DL4J's own NCHW path.
 */
public final class PathProbe {
    private PathProbe() {}

    public static void main(String[] args) {
        System.out.println("describe=" + Performance.describe().replace('\n', '|'));
        Sequential m = new Sequential(Input(12, 12, 1), Conv2D(4, 3, "relu"), MaxPooling2D(2), Conv2D(6, 3, "relu").padding("same"),
                GlobalAveragePooling2D(), Dense(3, "softmax"));
        m.seed(4);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray[] d = TestData.randomImages(40, 12, 12, 3);
        INDArray x = d[0], y = d[1];
        var h = m.fit(x, y, Fit.batchSize(8).epochs(2).verbose(0));
        System.out.println("format=" + m.imageFormat());
        System.out.println("helper=" + m.toDl4j().getLayer(0).getHelper().getClass().getSimpleName());
        System.out.println("loss=" + h.get("loss")[1]);
        // same weights on DL4J's NCHW path (GAP: no flatten order to translate)
        Sequential ref = new Sequential(Input(12, 12, 1), Conv2D(4, 3, "relu"), MaxPooling2D(2), Conv2D(6, 3, "relu").padding("same"),
                GlobalAveragePooling2D(), Dense(3, "softmax")).imageFormat(org.deeplearning4j.nn.conf.CNN2DFormat.NCHW);
        ref.toDl4j().setParams(m.toDl4j().params().dup());
        INDArray a = m.predict(x), b = ref.predict(x);
        System.out.println("maxdiff=" + a.sub(b).amaxNumber().doubleValue());
        System.exit(0);
    }
}
