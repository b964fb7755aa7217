package fr.carnets.dl;

import static fr.carnets.dl.layers.Layers.*;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.Sequential;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.Optimizers;

/** Small synthetic data and models shared by the model tests (fast: no dataset). */
public final class TestData {
    private TestData() {}

    /** Two separable blobs per class in 8 dimensions, one-hot labels over k classes. */
    public static INDArray[] blobs(int n, int k, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 8).muli(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, k);
        for (int i = 0; i < n; i++) {
            int c = i % k;
            y.putScalar(i, c, 1);
            x.putScalar(i, c, x.getFloat(i, c) + 3.0f);
        }
        return new INDArray[] {x, y};
    }

    public static Sequential mlp(long seed) {
        Sequential m = new Sequential(Input(8), Dense(16, "relu"), Dense(3, "softmax"));
        m.seed(seed);
        m.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        return m;
    }

    /** The {@link #mlp} of this seed trained two epochs on {@code d}, and the file it was saved to. */
    public record Saved(Sequential model, String path) {}

    public static Saved trainedAndSaved(java.nio.file.Path dir, INDArray[] d, long seed) {
        var m = mlp(seed);
        m.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        String p = dir.resolve("model-" + seed + ".zip").toString();
        m.save(p);
        return new Saved(m, p);
    }

    /** n random one-channel images [n, 1, h, w] and one-hot labels cycling through k classes. */
    public static INDArray[] randomImages(int n, int h, int w, int k) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, h, w);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, k);
        for (int i = 0; i < n; i++) y.putScalar(i, i % k, 1f);
        return new INDArray[] {x, y};
    }
}
