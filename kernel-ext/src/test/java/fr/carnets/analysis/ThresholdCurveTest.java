package fr.carnets.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ThresholdCurveTest {

    @Test
    void smallExampleByHand() {
        // scikit-learn's precision_recall_curve example.
        double[] s = {0.1, 0.4, 0.35, 0.8};
        int[] y = {0, 0, 1, 1};
        ThresholdCurve c = ThresholdCurve.of(s, y, new double[] {0.8, 0.1, 0.35, 0.4, 0.9});
        assertArrayEquals(new double[] {0.1, 0.35, 0.4, 0.8, 0.9}, c.thresholds());
        assertArrayEquals(new double[] {0.5, 2 / 3.0, 0.5, 1, 1}, c.precision(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0}, c.recall(), 1e-12);
        assertEquals(0.35, c.bestF1Threshold());
        assertEquals(0.35, c.thresholdForRecall(1.0));
        assertEquals(0.8, c.thresholdForPrecision(1.0));
    }

    @Test
    void monotonicAsTheThresholdRises() {
        Random r = new Random(5);
        int n = 2000;
        double[] s = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble() < 0.3 ? 1 : 0;
            s[i] = Math.max(0, Math.min(0.999, 0.5 + (y[i] == 1 ? 0.15 : -0.1) + 0.25 * r.nextGaussian()));
        }
        ThresholdCurve c = ThresholdCurve.of(s, y);
        double[] rec = c.recall();
        int[] tp = c.truePositives(), fp = c.falsePositives();
        for (int j = 1; j < c.size(); j++) {
            assertTrue(rec[j] <= rec[j - 1], "le rappel ne remonte jamais");
            assertTrue(tp[j] <= tp[j - 1] && fp[j] <= fp[j - 1], "moins de positifs prédits");
        }
        assertEquals(1.0, rec[0], 1e-12); // threshold 0: everything positive
        assertEquals(0.3, c.precision()[0], 0.03); // = share of positives
        double[] prec = c.precision();
        assertTrue(prec[80] > prec[0], "la précision monte avec le seuil sur un modèle utile");
        assertTrue(c.toTable().rowCount() == 101);
        assertTrue(c.toString().contains("meilleur F1"));
    }

    @Test
    void fromModelOutputsAndErrors() {
        ThresholdCurve c = ThresholdCurve.of(Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {0.2, 0.8}}),
                Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        assertEquals(1.0, c.f1()[c.bestF1Index()], 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdCurve.of(new double[] {0.1}, new int[] {2}));
        assertTrue(e.getMessage().contains("binaire"));
    }
}
