package fr.carnets.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.data.DataHome;
import fr.carnets.data.Idx;
import tech.tablesaw.api.Table;

class ConfusionMatrixTest {
    // Hand-checked example: rows true class, columns predicted.
    //            pred 0  1  2
    //   true 0      2  1  0
    //   true 1      0  2  1
    //   true 2      0  1  3
    static final int[] T = {0, 0, 0, 1, 1, 2, 2, 2, 2, 1};
    static final int[] P = {0, 1, 0, 1, 2, 2, 2, 1, 2, 1};
    static final double E = 1e-9;

    @Test
    void countsAndMetricsByHand() {
        ConfusionMatrix cm = ConfusionMatrix.of(T, P);
        assertArrayEquals(new int[][] {{2, 1, 0}, {0, 2, 1}, {0, 1, 3}}, cm.counts());
        assertEquals(10, cm.total());
        assertEquals(0.7, cm.accuracy(), E);
        assertEquals(1.0, cm.precision(0), E);
        assertEquals(0.5, cm.precision(1), E);
        assertEquals(0.75, cm.precision(2), E);
        assertEquals(2 / 3.0, cm.recall(0), E);
        assertEquals(2 / 3.0, cm.recall(1), E);
        assertEquals(0.75, cm.recall(2), E);
        assertEquals(0.8, cm.f1(0), E);
        assertEquals(4 / 7.0, cm.f1(1), E);
        assertEquals(0.75, cm.f1(2), E);
        assertEquals(0.75, cm.macroPrecision(), E);
        assertEquals((0.8 + 4 / 7.0 + 0.75) / 3, cm.macroF1(), E);
        assertEquals((0.8 * 3 + 4 / 7.0 * 3 + 0.75 * 4) / 10, cm.weightedF1(), E);
        double[][] n = cm.normalized();
        assertEquals(2 / 3.0, n[0][0], E);
        assertEquals(0.25, n[2][1], E);
    }

    @Test
    void sameMatrixFromOneHotProbabilitiesOrIndices() {
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 10, 3);
        INDArray probs = Nd4j.zeros(DataType.FLOAT, 10, 3);
        for (int i = 0; i < 10; i++) {
            oneHot.putScalar(i, T[i], 1);
            for (int c = 0; c < 3; c++) probs.putScalar(i, c, c == P[i] ? 0.6 : 0.2);
        }
        ConfusionMatrix a = ConfusionMatrix.of(oneHot, probs);
        ConfusionMatrix b = ConfusionMatrix.of(Nd4j.createFromArray(T), Nd4j.createFromArray(P).reshape(10, 1));
        assertArrayEquals(ConfusionMatrix.of(T, P).counts(), a.counts());
        assertArrayEquals(a.counts(), b.counts());
    }

    @Test
    void reportTableLikeScikitLearn() {
        Table r = ConfusionMatrix.of(T, P).classes(java.util.List.of("chat", "chien", "oiseau")).report();
        assertEquals(6, r.rowCount());
        assertEquals("chien", r.stringColumn("classe").get(1));
        assertEquals(0.5, r.doubleColumn("précision").get(1), 1e-4);
        assertEquals(0.5714, r.doubleColumn("F1").get(1), 1e-4);
        assertEquals(4, r.intColumn("effectif").get(2));
        assertEquals("exactitude (accuracy)", r.stringColumn("classe").get(3));
        assertEquals(0.7, r.doubleColumn("F1").get(3), 1e-4);
        assertEquals(0.7071, r.doubleColumn("F1").get(4), 1e-4); // macro
        assertEquals(0.7114, r.doubleColumn("F1").get(5), 1e-4); // weighted
        String html = fr.carnets.plot.Tables.html(r);
        assertTrue(html.contains("moyenne pondérée"));
        assertTrue(ConfusionMatrix.of(T, P).toString().contains("Exactitude : 0,7000 (7 / 10)"));
    }

    @Test
    void frenchErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}));
        assertTrue(e.getMessage().contains("Nombre d'étiquettes différent"));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(T, P).classes(java.util.List.of("a")));
    }

    /** Real labels (MNIST, else Fashion-MNIST) against a simple rule: the class whose mean ink is nearest. */
    @Test
    void realLabelsAgainstInkRule() {
        Path dir = null;
        for (String name : new String[] {"mnist", "fashion-mnist"}) {
            Path d = DataHome.dir().resolve(name);
            if (Files.isRegularFile(d.resolve("t10k-labels-idx1-ubyte")) && Files.isRegularFile(d.resolve("t10k-images-idx3-ubyte"))) {
                dir = d;
                break;
            }
        }
        Assumptions.assumeTrue(dir != null, "MNIST absent : ./carnets datasets");
        int[] y = Idx.read(dir.resolve("t10k-labels-idx1-ubyte")).castTo(DataType.INT32).toIntVector();
        INDArray x = Idx.read(dir.resolve("t10k-images-idx3-ubyte"));
        double[] ink = x.reshape(x.size(0), 784).sum(1).castTo(DataType.DOUBLE).toDoubleVector();
        double[] mean = new double[10];
        int[] n = new int[10];
        for (int i = 0; i < y.length; i++) {
            mean[y[i]] += ink[i];
            n[y[i]]++;
        }
        for (int c = 0; c < 10; c++) mean[c] /= n[c];
        int[] p = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) if (Math.abs(ink[i] - mean[c]) < Math.abs(ink[i] - mean[best])) best = c;
            p[i] = best;
        }
        ConfusionMatrix cm = ConfusionMatrix.of(y, p);
        assertEquals(10000, cm.total());
        int right = 0;
        for (int i = 0; i < y.length; i++) if (y[i] == p[i]) right++;
        assertEquals(right / 10000.0, cm.accuracy(), 1e-12);
        assertTrue(cm.accuracy() > 0.1 && cm.accuracy() < 0.6, "règle de l'encre : " + cm.accuracy());
        for (int c = 0; c < 10; c++) {
            assertEquals(n[c], cm.support(c));
            int tp = 0, pred = 0;
            for (int i = 0; i < y.length; i++) {
                if (p[i] == c) pred++;
                if (p[i] == c && y[i] == c) tp++;
            }
            assertEquals(pred == 0 ? 0 : tp / (double) pred, cm.precision(c), 1e-12);
            assertEquals(tp / (double) n[c], cm.recall(c), 1e-12);
        }
    }
}
