package fr.carnets.dl;

import static fr.carnets.dl.Layers.*;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small synthetic data and models shared by the model tests (fast: no dataset). */
final class TestData {
    private TestData() {}

    /** Two separable blobs per class in 8 dimensions, one-hot labels over k classes. */
    static INDArray[] blobs(int n, int k, long seed) {
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

    static Sequential mlp(long seed) {
        Sequential m = new Sequential(Input(8), Dense(16, "relu"), Dense(3, "softmax"));
        m.seed(seed);
        m.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        return m;
    }
}
