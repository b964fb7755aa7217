package fr.carnets.dl.training;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.Model;
import fr.carnets.dl.models.Sequential;

/** Callbacks: early stopping, checkpoint, CSV log; the History saved as JSON. */
class CallbacksTest {

    @Test
    void earlyStoppingRestoresBestWeights() {
        INDArray[] d = blobs(200, 3, 9);
        INDArray y = d[1].dup();
        // validation rows have random labels: val_loss gets worse as the model fits the training part
        Nd4j.getRandom().setSeed(3);
        INDArray tail = y.get(NDArrayIndex.interval(150, 200), NDArrayIndex.all());
        INDArray shuffled = Nd4j.zeros(DataType.FLOAT, 50, 3);
        for (int i = 0; i < 50; i++) shuffled.putScalar(i, (i * 7 + 1) % 3, 1);
        tail.assign(shuffled);
        var m = new Sequential(Input(8), Dense(32, "relu"), Dense(3, "softmax")).seed(2);
        m.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        AtomicReference<INDArray> atBest = new AtomicReference<>();
        var es = new EarlyStopping("val_loss", 2, true);
        Callback spy = new Callback() {
            double best = Double.MAX_VALUE;

            @Override
            public void onEpochEnd(Trainable model, int epoch, java.util.Map<String, Double> logs, Training t) {
                if (logs.get("val_loss") < best) {
                    best = logs.get("val_loss");
                    atBest.set(model.weights().dup());
                }
            }
        };
        History h = m.fit(d[0], y, Fit.batchSize(10).epochs(30).validationSplit(0.25).callbacks(spy, es).verbose(0));
        assertTrue(h.epochs() < 30, "early stopping should stop: " + h);
        assertNotNull(es.stoppedEpoch());
        assertTrue(h.stopReason().contains("Arrêt anticipé"));
        assertNotEquals(h.epochs() - 1, es.bestEpoch());
        assertEquals(atBest.get(), m.weights());
    }

    @Test
    void checkpointAndCsvAreWritten(@TempDir Path dir) throws Exception {
        INDArray[] d = blobs(100, 3, 10);
        var m = mlp(4);
        Path ckpt = dir.resolve("ckpt.zip");
        Path csv = dir.resolve("log.csv");
        m.fit(d[0], d[1], Fit.epochs(2).validationSplit(0.2).verbose(0)
                .callbacks(new ModelCheckpoint(ckpt.toString()), new CSVLogger(csv.toString())));
        assertTrue(Files.size(ckpt) > 0);
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.get(0));
        assertEquals(3, lines.size());
        assertEquals(m.predict(d[0]), Model.load(ckpt.toString()).predict(d[0]));
    }

    @Test
    void historyJsonRoundTrip(@TempDir Path dir) {
        INDArray[] d = blobs(100, 3, 8);
        History h = mlp(1).fit(d[0], d[1], Fit.epochs(2).validationSplit(0.2).verbose(0));
        h.save(dir.resolve("h.json").toString());
        History back = History.load(dir.resolve("h.json").toString());
        assertEquals(h.metricNames(), back.metricNames());
        for (String k : h.metricNames()) assertArrayEquals(h.get(k), back.get(k), k);
        assertArrayEquals(h.epochSeconds(), back.epochSeconds());
    }

    /**
     * The History and the progress bar are callbacks applied before the learner's: the learner's
     * callback sees the History already set and already holding the epoch that just ended.
     */
    @Test
    void historyAndProgressAreDefaultCallbacksAppliedFirst() {
        INDArray[] d = blobs(60, 3, 23);
        var m = mlp(3);
        List<String> calls = new java.util.ArrayList<>();
        Callback spy = new Callback() {
            @Override
            public void onTrainBegin(Trainable model, History h) {
                assertSame(h, model.history());
                calls.add("begin");
            }

            @Override
            public void onEpochBegin(Trainable model, int epoch, int steps) {
                calls.add("epoch " + epoch + " steps " + steps);
            }

            @Override
            public void onBatchEnd(Trainable model, int step, double loss, double accuracy) {
                assertTrue(loss > 0 && accuracy >= 0 && accuracy <= 1, loss + " " + accuracy);
                calls.add("batch " + step);
            }

            @Override
            public void onEpochEnd(Trainable model, int epoch, java.util.Map<String, Double> logs, Training t) {
                assertEquals(epoch + 1, model.history().epochs(), "History records the epoch before the learner's callbacks");
                assertEquals(logs.get("loss"), model.history().get("loss")[epoch]);
                calls.add("end " + epoch);
            }

            @Override
            public void onTrainEnd(Trainable model, History h) {
                calls.add("train end");
            }
        };
        m.fit(d[0], d[1], Fit.batchSize(30).epochs(2).verbose(0).callbacks(spy));
        assertEquals(List.of("begin", "epoch 0 steps 2", "batch 1", "batch 2", "end 0", "epoch 1 steps 2", "batch 1", "batch 2", "end 1",
                "train end"), calls);
        // a stream tells its number of steps after its first epoch
        calls.clear();
        var it = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(new org.nd4j.linalg.dataset.DataSet(d[0], d[1]).asList(), 30);
        m.fit(it, Fit.epochs(2).verbose(0).callbacks(spy));
        assertEquals("epoch 0 steps -1", calls.get(1));
        assertEquals("epoch 1 steps 2", calls.get(5));
    }
}
