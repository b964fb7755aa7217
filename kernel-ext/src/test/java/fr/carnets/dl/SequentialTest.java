package fr.carnets.dl;

import static fr.carnets.dl.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The Keras-like model API on small synthetic data (fast). */
class SequentialTest {

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

    @Test
    void buildsLikeKerasAndSummarises() {
        var m = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
        assertEquals(List.of("dense", "dense_1", "dense_2"), m.layerNames());
        Summary s = m.summary();
        assertEquals(784 * 20 + 20 + 20 * 14 + 14 + 14 * 10 + 10, s.totalParams());
        assertEquals("(None, 20)", s.rows().get(0).outputShape);
        assertTrue(s.toString().contains("dense_2 (Dense)"), s.toString());
        assertTrue(fr.carnets.plot.Views.summary(s).startsWith("<div"));
        assertTrue(fr.carnets.plot.Views.summary(s).contains("<td>dense_1 (Dense)</td>"));
        MultiLayerNetwork net = m.network();
        assertEquals(3, net.getnLayers());
        assertSame(net, m.toDl4j());
    }

    @Test
    void convnetShapesOddAndEvenKernelsSameAndValid() {
        var m = new Sequential(Input(28, 28, 1),
                Conv2D(8, 3, "relu"),                              // valid: 26
                Conv2D(8, 2, "relu").padding("same"),              // even kernel, same: 26
                MaxPooling2D(2),                                   // 13
                Conv2D(4, 4, "relu").padding("same").strides(2),   // 7
                AveragePooling2D(2).padding("same"),               // 4
                BatchNormalization(),
                Dropout(0.25),
                Flatten(),
                Dense(10, "softmax"));
        Summary s = m.summary();
        List<Summary.Row> r = s.rows();
        assertEquals("(None, 26, 26, 8)", r.get(0).outputShape);
        assertEquals("(None, 26, 26, 8)", r.get(1).outputShape);
        assertEquals("(None, 13, 13, 8)", r.get(2).outputShape);
        assertEquals("(None, 7, 7, 4)", r.get(3).outputShape);
        assertEquals("(None, 4, 4, 4)", r.get(4).outputShape);
        assertTrue(r.stream().anyMatch(x -> x.type.equals("Flatten") && x.outputShape.equals("(None, 64)")), s.toString());
        assertEquals(3 * 3 * 8 + 8, r.get(0).params);
        Summary.Row bn = r.get(5);
        assertEquals(16, bn.params); // gamma, beta, mean, variance like Keras
        assertEquals(8, bn.trainableParams);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray out = m.predict(Nd4j.rand(DataType.FLOAT, 5, 1, 28, 28));
        assertArrayEquals(new long[] {5, 10}, out.shape());
        var g = new Sequential(Input(28, 28, 1), Conv2D(4, 3, "relu"), GlobalAveragePooling2D(), Dense(2, "softmax"));
        assertEquals("(None, 4)", g.summary().rows().get(1).outputShape);
    }

    @Test
    void dropoutUsesKerasDropRate() {
        var d = Dropout(0.2).toDl4j();
        var dl4j = (org.deeplearning4j.nn.conf.dropout.Dropout) d.getIDropout();
        assertEquals(0.8, dl4j.getP(), 1e-12); // DL4J keeps with probability p
        assertThrows(ModelException.class, () -> Dropout(1.0));
        assertThrows(ModelException.class, () -> Dropout(-0.1));
    }

    @Test
    void kerasDefaultsForOptimizersAndInit() {
        var m = new Sequential(Input(4), Dense(3, "relu"), Dense(2, "softmax"));
        m.compile(Optimizers.sgd(1e-4, 0.9), "categorical_crossentropy", "accuracy");
        var conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.network().getLayerWiseConfigurations().getConf(0).getLayer();
        assertTrue(conf.getIUpdater() instanceof SgdMomentum);
        assertEquals(1e-4, ((SgdMomentum) conf.getIUpdater()).getLearningRate());
        assertEquals(0.9, ((SgdMomentum) conf.getIUpdater()).getMomentum());
        assertTrue(conf.getWeightInitFn() instanceof org.deeplearning4j.nn.weights.WeightInitXavierUniform);
        assertEquals(0.0, m.network().getLayer(0).getParam("b").sumNumber().doubleValue());
        m.compile("rmsprop", "categorical_crossentropy");
        conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.network().getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.001, ((org.nd4j.linalg.learning.config.RmsProp) conf.getIUpdater()).getLearningRate());
        m.compile("adam", "categorical_crossentropy");
        conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.network().getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.001, ((org.nd4j.linalg.learning.config.Adam) conf.getIUpdater()).getLearningRate());
        m.compile("sgd", "mse");
        conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.network().getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.01, ((org.nd4j.linalg.learning.config.Sgd) conf.getIUpdater()).getLearningRate());
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
    void badNamesAreExplainedInFrench() {
        var e = assertThrows(ModelException.class, () -> Dense(3, "rleu"));
        assertTrue(e.getMessage().contains("Activation inconnue"), e.getMessage());
        var m = new Sequential(Input(4), Dense(2, "softmax"));
        e = assertThrows(ModelException.class, () -> m.compile("adamm", "categorical_crossentropy"));
        assertTrue(e.getMessage().contains("Optimiseur inconnu"));
        e = assertThrows(ModelException.class, () -> m.compile("adam", "crossentropy"));
        assertTrue(e.getMessage().contains("Fonction de perte inconnue"));
        e = assertThrows(ModelException.class, () -> m.compile("adam", "binary_crossentropy"));
        assertTrue(e.getMessage().contains("sigmoid"));
        e = assertThrows(ModelException.class, () -> m.compile("adam", "mse", "f1"));
        assertTrue(e.getMessage().contains("Mesure inconnue"));
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(2, 4), Nd4j.zeros(2, 2)));
        assertTrue(e.getMessage().contains("pas compilé"));
        assertThrows(ModelException.class, () -> Conv2D(8, 3, "relu").padding("full"));
        assertThrows(ModelException.class, () -> Fit.batchSize(0));
        assertThrows(ModelException.class, () -> Fit.validationSplit(1.0));
        assertThrows(ModelException.class, () -> new Sequential().network());
    }

    @Test
    void shapeErrorsNameBothShapesAndTheFix() {
        var m = new Sequential(Input(784), Dense(4, "relu"), Dense(2, "softmax"));
        m.compile("adam", "categorical_crossentropy", "accuracy");
        var e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 28, 28), Nd4j.zeros(6, 2)));
        assertTrue(e.getMessage().contains("[6, 28, 28]") && e.getMessage().contains("[n, 784]")
                && e.getMessage().contains("reshape(-1, 784)") && e.getMessage().contains("flatten()"), e.getMessage());
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(6, 10)));
        assertTrue(e.getMessage().contains("10 colonnes") && e.getMessage().contains("2 sorties"), e.getMessage());
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(DataType.FLOAT, 6)));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(5, 2)));
        assertTrue(e.getMessage().contains("6 exemples"), e.getMessage());
        var c = new Sequential(Input(28, 28, 1), Conv2D(2, 3, "relu"), Flatten(), Dense(2, "softmax"));
        c.compile("adam", "categorical_crossentropy", "accuracy");
        e = assertThrows(ModelException.class, () -> c.fit(Nd4j.zeros(DataType.FLOAT, 6, 28, 28, 1), Nd4j.zeros(6, 2)));
        assertTrue(e.getMessage().contains("[6, 28, 28, 1]") && e.getMessage().contains("[n, 1, 28, 28]")
                && e.getMessage().contains("NHWC") && e.getMessage().contains("permute(0, 3, 1, 2)"), e.getMessage());
        e = assertThrows(ModelException.class, () -> c.fit(Nd4j.zeros(DataType.FLOAT, 6, 28, 28), Nd4j.zeros(6, 2)));
        assertTrue(e.getMessage().contains("addChannel()"), e.getMessage());
        e = assertThrows(ModelException.class, () -> c.predict(Nd4j.zeros(DataType.FLOAT, 6, 784)));
        assertTrue(e.getMessage().contains("reshape(6, 1, 28, 28)"), e.getMessage());
    }

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
        assertSame(h, History.last());
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
    void historyJsonRoundTrip(@TempDir Path dir) {
        INDArray[] d = blobs(100, 3, 8);
        History h = mlp(1).fit(d[0], d[1], Fit.epochs(2).validationSplit(0.2).verbose(0));
        h.save(dir.resolve("h.json").toString());
        History back = History.load(dir.resolve("h.json").toString());
        assertEquals(h.metricNames(), back.metricNames());
        for (String k : h.metricNames()) assertArrayEquals(h.get(k), back.get(k), k);
        assertArrayEquals(h.epochSeconds(), back.epochSeconds());
    }

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
            public void onEpochEnd(Model model, int epoch, java.util.Map<String, Double> logs, Training t) {
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

    /** A checkpoint file never exists half-written: it is renamed into place in one step. */
    @Test
    void saveIsAtomic(@TempDir Path dir) throws Exception {
        var m = mlp(6);
        Path target = dir.resolve("m.zip");
        Files.writeString(target, "old");
        m.save(target.toString());
        assertTrue(Files.size(target) > 100);
        assertEquals(1, Files.list(dir).count());
        // an unwritable target fails without touching the old file
        Path ro = dir.resolve("sub");
        Files.createDirectory(ro);
        Path inRo = ro.resolve("m.zip");
        Files.writeString(inRo, "old");
        ro.toFile().setWritable(false);
        try {
            if (!Files.isWritable(ro)) {
                assertThrows(ModelException.class, () -> m.save(inRo.toString()));
                assertEquals("old", Files.readString(inRo));
            }
        } finally {
            ro.toFile().setWritable(true);
        }
    }

    @Test
    void saveLoadRoundTripGivesSamePredictions(@TempDir Path dir) {
        INDArray[] d = blobs(200, 3, 12);
        var m = mlp(8);
        m.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        String p = dir.resolve("model.zip").toString();
        m.save(p);
        Sequential back = Sequential.load(p);
        assertEquals(m.predict(d[0]), back.predict(d[0]));
        assertEquals(m.layerNames(), back.layerNames());
        assertArrayEquals(m.inputShape(), back.inputShape());
        assertEquals("categorical_crossentropy", back.loss());
        // training goes on from the loaded model
        History h = back.fit(d[0], d[1], Fit.epochs(1).verbose(0));
        assertEquals(1, h.epochs());
        var e = assertThrows(ModelException.class, () -> Sequential.load(dir.resolve("absent.zip").toString()));
        assertTrue(e.getMessage().contains("introuvable"));
    }

    @Test
    void freezeKeepsFrozenWeightsWhileHeadLearns(@TempDir Path dir) {
        INDArray[] d = blobs(300, 3, 13);
        var base = mlp(9);
        base.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        String p = dir.resolve("base.zip").toString();
        base.save(p);

        // transfer: cut the loaded model after its hidden layer, freeze it, add a new head
        Sequential loaded = Sequential.load(p);
        INDArray hiddenBefore = loaded.network().getLayer(0).params().dup();
        Sequential t = loaded.upTo("dense");
        assertEquals(hiddenBefore, t.network().getLayer(0).params(), "cutting keeps the trained weights");
        t.freeze("dense");
        assertFalse(t.isTrainable("dense"));
        t.add(Dense(12, "relu"), Dense(3, "softmax"));
        assertEquals(hiddenBefore, t.network().getLayer(0).params(), "adding a head keeps the trained weights");
        t.compile(Optimizers.rmsprop(0.01), "categorical_crossentropy", "accuracy");
        Summary s = t.summary();
        assertTrue(s.rows().get(0).frozen);
        assertEquals(0, s.rows().get(0).trainableParams);
        assertTrue(s.toString().contains("gelée"));
        INDArray headBefore = t.network().getLayer(1).params().dup();
        t.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        assertEquals(hiddenBefore, t.network().getLayer(0).params(), "frozen weights must not change");
        assertNotEquals(headBefore, t.network().getLayer(1).params(), "head weights must change");

        // fine-tuning: unfreeze, recompile with a small SGD, continue without losing weights
        INDArray all = t.weights().dup();
        t.unfreeze("dense");
        t.compile(Optimizers.sgd(1e-4, 0.9), "categorical_crossentropy", "accuracy");
        assertEquals(all, t.weights(), "recompiling keeps the weights");
        t.fit(d[0], d[1], Fit.epochs(1).verbose(0));
        assertNotEquals(hiddenBefore, t.network().getLayer(0).params(), "unfrozen layer learns again");
        assertTrue(t.evaluate(d[0], d[1]).accuracy() > 0.9);
        // by index as well
        t.freeze(0, 1);
        assertFalse(t.isTrainable("dense_1"));
        assertThrows(ModelException.class, () -> t.freeze("nope"));
        assertThrows(ModelException.class, () -> t.freeze(7));
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
    void functionalGraphTrainsAndTakesANewHead(@TempDir Path dir) {
        INDArray[] d = blobs(300, 3, 16);
        var in = Input(8);
        var a = Dense(16, "relu").apply(in);
        var b = Dense(16, "relu").name("branch").apply(in);
        var out = Dense(3, "softmax").apply(concatenate(a, add(a, b)));
        GraphModel g = Model(in, out);
        g.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        History h = g.fit(d[0], d[1], Fit.epochs(3).validationSplit(0.2).verbose(0));
        assertTrue(h.get("accuracy")[2] > 0.9, h.toString());
        assertTrue(g.summary().toString().contains("branch"));
        String p = dir.resolve("g.zip").toString();
        g.save(p);
        Model back = Model.load(p);
        assertTrue(back instanceof GraphModel);
        assertEquals(g.predict(d[0]), back.predict(d[0]));
        GraphModel gb = (GraphModel) back;
        INDArray branch = gb.network().getLayer("branch").params().dup();
        gb.freezeUpTo("branch");
        gb.head(gb.layerNames().get(gb.layerNames().size() - 2), Dense(8, "relu"), Dense(2, "softmax"));
        gb.compile("rmsprop", "categorical_crossentropy", "accuracy");
        INDArray[] d2 = blobs(300, 2, 17);
        gb.fit(d2[0], d2[1], Fit.epochs(1).verbose(0));
        assertEquals(branch, gb.network().getLayer("branch").params());
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
}
