package fr.carnets.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KFoldTest {

    static void assertPartition(List<Fold> folds, int n) {
        int[] seen = new int[n];
        for (Fold f : folds) {
            for (int i : f.valIndices()) seen[i]++;
            assertEquals(n, f.trainIndices().length + f.valIndices().length);
            int[] train = f.trainIndices();
            for (int i : f.valIndices()) assertTrue(Arrays.binarySearch(train, i) < 0, "validation hors entraînement");
        }
        for (int i = 0; i < n; i++) assertEquals(1, seen[i], "l'exemple " + i + " valide une fois");
        int min = Integer.MAX_VALUE, max = 0;
        for (Fold f : folds) {
            min = Math.min(min, f.valIndices().length);
            max = Math.max(max, f.valIndices().length);
        }
        assertTrue(max - min <= 1, "plis de tailles voisines");
    }

    @Test
    void everyIndexValidatedExactlyOnce() {
        assertPartition(KFold.split(103, 5, 42), 103);
        assertPartition(KFold.sequential(10, 3), 10);
        assertArrayEquals(new int[] {0, 1, 2, 3}, KFold.sequential(10, 3).get(0).valIndices());
    }

    @Test
    void sameSeedSameFolds() {
        List<Fold> a = KFold.split(200, 4, 7), b = KFold.split(200, 4, 7), c = KFold.split(200, 4, 8);
        boolean differs = false;
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(a.get(f).valIndices(), b.get(f).valIndices());
            differs |= !Arrays.equals(a.get(f).valIndices(), c.get(f).valIndices());
        }
        assertTrue(differs, "une autre graine donne d'autres plis");
        int[] labels = new Random(1).ints(300, 0, 3).toArray();
        assertArrayEquals(KFold.stratified(labels, 5, 3).get(2).valIndices(), KFold.stratified(labels, 5, 3).get(2).valIndices());
    }

    @Test
    void stratificationKeepsClassShares() {
        // 10 % of class 1, 30 % of class 2, 60 % of class 0, shuffled.
        int n = 1000;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i < 100 ? 1 : i < 400 ? 2 : 0;
        Random r = new Random(9);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        int k = 7;
        List<Fold> folds = KFold.stratified(labels, k, 42);
        assertPartition(folds, n);
        int[] total = {600, 100, 300};
        for (Fold f : folds) {
            int[] count = new int[3];
            for (int i : f.valIndices()) count[labels[i]]++;
            for (int c = 0; c < 3; c++) {
                assertTrue(Math.abs(count[c] - total[c] / (double) k) < 1.0,
                        "pli " + f.index() + " classe " + c + " : " + count[c]);
            }
        }
    }

    @Test
    void foldsCarryTheirRows() {
        INDArray x = Nd4j.arange(0, 40).castTo(DataType.FLOAT).reshape(10, 2, 2);
        INDArray y = Nd4j.createFromArray(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
        List<Fold> folds = KFold.of(5, x, y, 1);
        Fold f = folds.get(0);
        assertArrayEquals(new long[] {8, 2, 2}, f.xTrain().shape());
        assertArrayEquals(new long[] {2, 2, 2}, f.xVal().shape());
        int first = f.valIndices()[0];
        assertEquals(first * 4.0, f.xVal().getDouble(0, 0, 0), 0);
        assertEquals(first % 2, f.yVal().getInt(0));
        // stratified on y: each validation fold has one of each class
        for (Fold g : folds) assertEquals(1.0, g.yVal().sumNumber().doubleValue(), 0);
    }

    @Test
    void crossValidateMeanAndStdWithFreshModels() {
        final class Counter {
            int trained;
        }
        CvResult r = CrossValidation.crossValidate(4, 40, 1, Counter::new, (m, fold) -> {
            assertEquals(0, m.trained, "un modèle neuf par pli");
            m.trained++;
            return (double) (fold.index() + 1);
        });
        assertArrayEquals(new double[] {1, 2, 3, 4}, r.scores(), 0);
        assertEquals(2.5, r.mean(), 1e-12);
        assertEquals(Math.sqrt(1.25), r.std(), 1e-12);
        assertTrue(r.toString().startsWith("Validation croisée : 2,5000 ± 1,1180 sur 4 plis"), r.toString());
        assertTrue(fr.carnets.plot.Views.crossValidation(r).contains("<table><thead><tr><th>pli</th>"));

        Counter shared = new Counter();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CrossValidation.crossValidate(3, 30, 1, () -> shared, (m, f) -> 1.0));
        assertTrue(e.getMessage().contains("modèle neuf"));
    }

    @Test
    void crossValidateOnArraysWithAMajorityModel() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 50, 3);
        float[][] hot = new float[50][2];
        for (int i = 0; i < 50; i++) hot[i][i < 40 ? 0 : 1] = 1;
        INDArray y = Nd4j.createFromArray(hot);
        final class Majority {
            int cls;
        }
        CvResult r = CrossValidation.crossValidate(5, x, y, Majority::new, (m, f) -> {
            double ones = f.yTrain().getColumn(1).sumNumber().doubleValue();
            m.cls = ones > f.yTrain().size(0) / 2.0 ? 1 : 0;
            int[] truth = Labels.indices(f.yVal());
            int right = 0;
            for (int t : truth) if (t == m.cls) right++;
            return right / (double) truth.length;
        });
        // stratified: every validation fold is 80 % class 0
        for (double s : r.scores()) assertEquals(0.8, s, 1e-12);
        assertEquals(0.0, r.std(), 1e-12);
    }

    @Test
    void frenchErrors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KFold.split(10, 1, 0)).getMessage().contains("2 plis"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KFold.split(3, 5, 0)).getMessage().contains("réduisez k"));
        Fold f = KFold.split(10, 2, 0).get(0);
        assertTrue(assertThrows(IllegalStateException.class, f::xTrain).getMessage().contains("KFold.of"));
        assertFalse(f.toString().isEmpty());
    }
}
