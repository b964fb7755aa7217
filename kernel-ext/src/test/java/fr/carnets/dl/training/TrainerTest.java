package fr.carnets.dl.training;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Dropout;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.Sequential;

/** The fit loop on small synthetic data: history, validation, seeds, interrupt, streams, evaluate. */
class TrainerTest {

    @Test
    void fitReturnsHistoryAndEvaluatePredict() {
        INDArray[] d = blobs(400, 3, 2);
        var m = mlp(5);
        History h = m.fit(d[0], d[1], Fit.batchSize(32).epochs(3).validationSplit(0.25).verbose(1));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.metricNames());
        assertEquals(3, h.epochs());
        assertEquals(3, h.epochSeconds().length);
        assertTrue(h.get("loss")[2] < h.get("loss")[0]);
        assertTrue(h.get("val_accuracy")[2] > 0.9, h.toString());
        Scores s = m.evaluate(d[0], d[1]);
        assertTrue(s.accuracy() > 0.9 && s.loss() < 1.0, s.toString());
        int[] cls = m.predictClasses(d[0]);
        assertEquals(400, cls.length);
        assertEquals(0, cls[0]);
        assertArrayEquals(new long[] {400, 3}, m.predict(d[0]).shape());
        assertSame(h, m.history());
        History short1 = m.fit(d[0], d[1], 32, 1, 0.1);
        assertEquals(1, short1.epochs());
        var e = assertThrows(ModelException.class, () -> h.get("val_f1"));
        assertTrue(e.getMessage().contains("val_loss"));
    }

    /** Validation data = the LAST fraction: a model whose last 20 % rows have impossible labels shows it. */
    @Test
    void validationSplitTakesTheLastFraction() {
        INDArray[] d = blobs(500, 2, 4);
        var m = new Sequential(Input(8), Dense(8, "relu"), Dense(2, "softmax")).seed(1);
        m.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        INDArray y = d[1].dup();
        // flip the labels of the last 100 rows: if validation were the last 20 %, val_accuracy is ~0
        INDArray tail = y.get(NDArrayIndex.interval(400, 500), NDArrayIndex.all());
        tail.assign(tail.rsub(1.0));
        History h = m.fit(d[0], y, Fit.batchSize(20).epochs(4).validationSplit(0.2).verbose(0));
        assertTrue(h.get("accuracy")[3] > 0.9, h.toString());
        assertTrue(h.get("val_accuracy")[3] < 0.1, h.toString());
        // the same with explicit validation data
        History h2 = m.fit(d[0].get(NDArrayIndex.interval(0, 400), NDArrayIndex.all()),
                y.get(NDArrayIndex.interval(0, 400), NDArrayIndex.all()),
                Fit.epochs(1).validationData(d[0].get(NDArrayIndex.interval(400, 500), NDArrayIndex.all()),
                        y.get(NDArrayIndex.interval(400, 500), NDArrayIndex.all())).verbose(0));
        assertTrue(h2.get("val_accuracy")[0] < 0.1, h2.toString());
    }

    @Test
    void sameSeedSameHistory() {
        INDArray[] d = blobs(300, 3, 6);
        var withDropout = new Object() {
            History run() {
                var m = new Sequential(Input(8), Dense(16, "relu"), Dropout(0.3), Dense(3, "softmax")).seed(11);
                m.compile("adam", "categorical_crossentropy", "accuracy");
                return m.fit(d[0], d[1], Fit.batchSize(16).epochs(3).validationSplit(0.2).seed(7).verbose(0));
            }
        };
        History a = withDropout.run();
        History b = withDropout.run();
        for (String k : a.metricNames()) assertArrayEquals(a.get(k), b.get(k), k);
    }

    @Test
    void sgdWithClassicalMomentumLearns() {
        INDArray[] d = blobs(300, 3, 1);
        var m = new Sequential(Input(8), Dense(16, "relu"), Dense(3, "softmax")).seed(3);
        m.compile(Optimizers.sgd(0.05, 0.9), "categorical_crossentropy", "accuracy");
        History h = m.fit(d[0], d[1], Fit.batchSize(16).epochs(5).verbose(0));
        assertTrue(h.get("accuracy")[4] > 0.9, h.toString());
        // the model survives a save and a load with its custom updater
    }

    @Test
    void interruptKeepsHistorySoFar() throws Exception {
        INDArray[] d = blobs(4000, 3, 14);
        var m = mlp(10);
        AtomicReference<History> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(m.fit(d[0], d[1], Fit.batchSize(8).epochs(1000).verbose(0)));
            } catch (Throwable e) {
                error.set(e);
            }
        });
        t.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while ((m.history() == null || m.history().epochs() < 2) && System.currentTimeMillis() < deadline) Thread.sleep(20);
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive(), "fit must stop at the next batch");
        assertNull(error.get());
        History h = result.get();
        assertNotNull(h);
        assertTrue(h.epochs() >= 2 && h.epochs() < 1000, h.toString());
        assertTrue(h.stopReason().contains("interrompu à l'époque"), h.stopReason());
        assertSame(h, m.history());
        assertTrue(m.evaluate(d[0], d[1]).accuracy() > 0.5, "the model keeps what it learnt");
    }

    @Test
    void fitFromAStream() {
        INDArray[] d = blobs(300, 3, 15);
        var m = mlp(12);
        var it = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
                new org.nd4j.linalg.dataset.DataSet(d[0], d[1]).asList(), 32);
        History h = m.fit(it, Fit.epochs(3).validationData(d[0], d[1]).verbose(1));
        assertEquals(3, h.epochs());
        assertTrue(h.get("val_accuracy")[2] > 0.9, h.toString());

        // evaluate on a stream = evaluate on the same arrays
        Scores fromStream = m.evaluate(it);
        Scores fromArrays = m.evaluate(d[0], d[1]);
        assertEquals(300, fromStream.examples());
        assertEquals(fromArrays.accuracy(), fromStream.accuracy(), 1e-9);
        assertEquals(fromArrays.loss(), fromStream.loss(), 1e-4);
        var wrongShape = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(
                new org.nd4j.linalg.dataset.DataSet(Nd4j.rand(DataType.FLOAT, 10, 5), d[1].get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10), org.nd4j.linalg.indexing.NDArrayIndex.all())).asList(), 5);
        var e = assertThrows(ModelException.class, () -> m.evaluate(wrongShape));
        assertTrue(e.getMessage().contains("flux"), e.getMessage());
        assertThrows(ModelException.class, () -> m.evaluate((org.nd4j.linalg.dataset.api.iterator.DataSetIterator) null));
    }

    @Test
    void evaluateAcceptsAStridedColumnView() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 300, 4);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 300, 10);
        for (int i = 0; i < 300; i++) oneHot.putScalar(i, i % 10, 1);
        // A column of a one-hot matrix is a strided view (stride 10): evaluate used to fail on it.
        INDArray isFive = oneHot.getColumn(5).reshape(300, 1);
        Sequential m = new Sequential(Input(4), Dense(1, "sigmoid"));
        m.compile("adam", "binary_crossentropy", "accuracy");
        Scores s = m.evaluate(x, isFive);
        assertTrue(s.accuracy() >= 0 && s.accuracy() <= 1, "accuracy " + s.accuracy());
        assertEquals(m.evaluate(x, isFive.dup()).loss(), s.loss(), 1e-6);
    }

    /** An options chain is a value: adding an option gives new options and leaves the first ones as they were. */
    @Test
    void fitOptionsAreValues() {
        INDArray[] d = blobs(60, 3, 24);
        var m = mlp(2);
        List<Integer> steps = new java.util.ArrayList<>();
        Callback count = new Callback() {
            @Override
            public void onEpochBegin(Trainable model, int epoch, int n) {
                steps.add(n);
            }
        };
        FitOptions base = Fit.epochs(1).verbose(0).callbacks(count);
        FitOptions small = base.batchSize(10);
        FitOptions longer = base.epochs(2);
        m.fit(d[0], d[1], base);
        m.fit(d[0], d[1], small);
        m.fit(d[0], d[1], longer);
        assertEquals(List.of(2, 6, 2, 2), steps, "batch 32, then 10, then two epochs of 32: base unchanged");
        assertEquals(1, m.fit(d[0], d[1], base).epochs());
        var e = assertThrows(ModelException.class, () -> base.callbacks(count, null));
        assertTrue(e.getMessage().contains("vaut null"), e.getMessage());
    }

    @Test
    void progressLineLooksLikeKeras() {
        Progress p = new Progress(3, true);
        p.startEpoch(1, 1500);
        String line = p.line(1200, 0.31, 0.91, null);
        assertTrue(line.startsWith("Epoch 2/3  1200/1500 [========================>"), line);
        assertTrue(line.contains("ETA: ") && line.contains("loss: 0.3100") && line.contains("accuracy: 0.9100"), line);
    }

    @Test
    void outOfMemoryIsReportedInFrench() {
        var e = Trainer.outOfMemory(new OutOfMemoryError("Java heap space"), 32);
        assertTrue(e.getMessage().contains("batchSize") && e.getMessage().contains("CARNETS_XMX"), e.getMessage());
    }
}
