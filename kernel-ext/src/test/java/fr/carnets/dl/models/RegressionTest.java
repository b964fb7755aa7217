package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.History;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.training.Scores;

/** Regression: a linear output, the "mse" loss and the "mae" metric in fit's history and in evaluate. */
class RegressionTest {

    /** y = 2·x0 − x1 + 0.5 plus a little noise: a line a linear output can learn. */
    private static INDArray[] line(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 2);
        INDArray y = x.getColumn(0).mul(2).sub(x.getColumn(1)).add(0.5)
                .add(Nd4j.randn(DataType.FLOAT, n).muli(0.05)).reshape(n, 1);
        return new INDArray[] {x, y};
    }

    @Test
    void maeIsMeasuredInHistoryAndEvaluate() {
        INDArray[] d = line(600, 3);
        var m = new Sequential(Input(2), Dense(8, "relu"), Dense(1, "linear")).seed(4);
        m.compile(Optimizers.adam(0.01), "mse", "mae");
        History h = m.fit(d[0], d[1], Fit.batchSize(32).epochs(15).validationSplit(0.2).verbose(0));
        assertEquals(List.of("loss", "mae", "val_loss", "val_mae"), h.metricNames());
        double[] mae = h.get("mae"), valMae = h.get("val_mae");
        assertTrue(mae[14] < mae[0] / 3, h.toString());
        assertTrue(valMae[14] < 0.3, h.toString());

        // evaluate's mae and loss against a computation of our own from predict
        INDArray xv = d[0].get(NDArrayIndex.interval(480, 600), NDArrayIndex.all());
        INDArray yv = d[1].get(NDArrayIndex.interval(480, 600), NDArrayIndex.all());
        Scores s = m.evaluate(xv, yv);
        float[] p = m.predict(xv).toFloatVector(), t = yv.toFloatVector();
        double abs = 0, sq = 0;
        for (int i = 0; i < p.length; i++) {
            abs += Math.abs(p[i] - t[i]);
            sq += (p[i] - t[i]) * (p[i] - t[i]);
        }
        assertEquals(abs / p.length, s.mae(), 1e-4);
        assertEquals(sq / p.length, s.loss(), 1e-4);
        assertEquals(valMae[14], s.mae(), 1e-4, "the last epoch's val_mae is evaluate's mae on the same rows");
        assertArrayEquals(new double[] {s.loss(), s.mae()}, s.toArray());
        assertTrue(s.toString().contains("mae"), s.toString());
    }

    @Test
    void withoutMaeScoresAreThoseOfAClassifier() {
        INDArray[] d = line(100, 5);
        var m = new Sequential(Input(2), Dense(1, "linear")).seed(1);
        m.compile("sgd", "mean_squared_error");
        History h = m.fit(d[0], d[1], Fit.epochs(1).verbose(0));
        assertEquals(List.of("loss"), h.metricNames());
        Scores s = m.evaluate(d[0], d[1]);
        assertTrue(Double.isNaN(s.mae()));
        assertEquals(2, s.toArray().length);
        var e = assertThrows(ModelException.class, () -> m.compile("adam", "mse", "r2"));
        assertTrue(e.getMessage().contains("\"mae\""), e.getMessage());
    }
}
