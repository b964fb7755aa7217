package fr.carnets.dl.runtime.onednn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import fr.carnets.dl.TestData;

/** Adam on oneDNN against libnd4j's adam_updater: same moments, same update, step after step. */
class OneDnnAdamTest {

    /** Two Adams on copies of the same state; {@code ours} wrapped. Returns the largest relative gap over 6 steps. */
    private static double gap(long n, Adam config) {
        INDArray stateA = Nd4j.zeros(DataType.FLOAT, 1, 2 * n), stateB = stateA.dup();
        AdamUpdater theirs = new AdamUpdater(config), inner = new AdamUpdater(config);
        theirs.setStateViewArray(stateA, new long[] {1, n}, 'c', true);
        inner.setStateViewArray(stateB, new long[] {1, n}, 'c', true);
        OneDnnAdam ours = new OneDnnAdam(inner);
        Nd4j.getRandom().setSeed(n);
        double worst = 0;
        for (int it = 0; it < 6; it++) {
            INDArray g = Nd4j.randn(DataType.FLOAT, 1, n).muli(it % 2 == 0 ? 1e-3 : 10), g2 = g.dup();
            theirs.applyUpdater(g, it, 0);
            ours.applyUpdater(g2, it, 0);
            worst = Math.max(worst, relative(g, g2));
            worst = Math.max(worst, relative(stateA, stateB));
        }
        assertEquals(6, ours.steps, "every step ran on oneDNN");
        return worst;
    }

    private static double relative(INDArray a, INDArray b) {
        double scale = Math.max(a.amaxNumber().doubleValue(), 1e-30);
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    @Test
    void sameStepsAsLibnd4jForOddSizesAndBatchOfOne() {
        assumeOneDnn();
        for (long n : new long[] {1, 7, 1000, 15910}) {
            double gap = gap(n, new Adam(1e-3));
            assertTrue(gap < 1e-5, "n=" + n + ": relative gap " + gap);
        }
    }

    @Test
    void followsTheLearningRateScheduleAndOtherBetas() {
        assumeOneDnn();
        Adam c = Adam.builder().learningRateSchedule(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.5))
                .beta1(0.8).beta2(0.95).epsilon(1e-6).build();
        double gap = gap(333, c);
        assertTrue(gap < 1e-5, "relative gap " + gap);
    }

    @Test
    void aBlockOfAnotherLayoutStaysOnLibnd4j() {
        assumeOneDnn();
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2 * 12);
        AdamUpdater inner = new AdamUpdater(new Adam(1e-3));
        inner.setStateViewArray(state, new long[] {3, 4}, 'f', true);
        OneDnnAdam ours = new OneDnnAdam(inner);
        INDArray g = Nd4j.rand(DataType.FLOAT, 4, 3).transpose(); // [3, 4], column-major: not one row-major block
        INDArray expected = g.dup('f');
        AdamUpdater theirs = new AdamUpdater(new Adam(1e-3));
        theirs.setStateViewArray(Nd4j.zeros(DataType.FLOAT, 1, 2 * 12), new long[] {3, 4}, 'f', true);
        theirs.applyUpdater(expected, 0, 0);
        ours.applyUpdater(g, 0, 0);
        assertEquals(0, ours.steps, "libnd4j took it");
        assertEquals(expected, g);
    }

    @Test
    void aNetworkTrainsOnItAndKeepsDl4jsState() {
        assumeOneDnn();
        INDArray[] d = TestData.blobs(64, 3, 5);
        MultiLayerNetwork net = TestData.mlp(5).toDl4j();
        ViewUpdaters.install(net);
        INDArray state = net.getUpdater().getStateViewArray();
        double before = net.score(new org.nd4j.linalg.dataset.DataSet(d[0], d[1]));
        for (int i = 0; i < 30; i++) net.fit(d[0], d[1]);
        List<UpdaterBlock> blocks = ((MultiLayerUpdater) net.getUpdater()).getUpdaterBlocks();
        assertFalse(blocks.isEmpty());
        for (UpdaterBlock b : blocks) {
            assertInstanceOf(OneDnnAdam.class, b.getGradientUpdater());
            assertTrue(((OneDnnAdam) b.getGradientUpdater()).steps > 0);
        }
        assertSame(state, net.getUpdater().getStateViewArray(), "the moments stay in DL4J's state array (saved with the model)");
        assertTrue(state.amaxNumber().doubleValue() > 0, "the moments were written");
        assertTrue(net.score(new org.nd4j.linalg.dataset.DataSet(d[0], d[1])) < before, "the loss went down");
    }

    private static void assumeOneDnn() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OneDnn.enabled(), "oneDNN path off");
    }
}
