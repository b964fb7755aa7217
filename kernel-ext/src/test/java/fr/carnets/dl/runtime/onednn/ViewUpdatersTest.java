package fr.carnets.dl.runtime.onednn;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.blobs;
import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;
import fr.carnets.dl.runtime.onednn.ViewUpdaters;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Dropout;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.GraphModel;
import fr.carnets.dl.models.Sequential;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.TestData;

/**
 * Our updaters (DL4J's standard path, views built once) compute exactly what DL4J's own updater
 * computes on its external-gradient path, and keep the state it had.
 */
class ViewUpdatersTest {
    private static final int STEPS = 12;

    private static MultiLayerNetwork twin(MultiLayerNetwork n) {
        MultiLayerNetwork t = new MultiLayerNetwork(n.getLayerWiseConfigurations().clone());
        t.init(n.params().dup(), false);
        return t;
    }

    private static void steps(MultiLayerNetwork n, INDArray[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            Nd4j.getRandom().setSeed(100 + i); // same dropout masks in both networks
            n.fit(d[0], d[1]);
        }
    }

    @Test
    void sameParametersAndStateAsDl4jsUpdater() {
        INDArray[] d = blobs(64, 3, 5);
        Sequential m = new Sequential(Input(8), Dense(16, "relu"), Dropout(0.3), Dense(8, "tanh"), Dense(3, "softmax"));
        m.seed(5);
        m.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        MultiLayerNetwork stock = twin(m.toDl4j()), ours = twin(m.toDl4j());
        ViewUpdaters.install(ours);
        assertInstanceOf(ViewUpdaters.ForNetwork.class, ours.getUpdater());
        assertEquals(MultiLayerUpdater.class, stock.getUpdater().getClass());
        steps(stock, d, 0, STEPS);
        steps(ours, d, 0, STEPS);
        assertEquals(stock.params(), ours.params(), "parameters bit for bit");
        assertEquals(stock.getUpdater().getStateViewArray(), ours.getUpdater().getStateViewArray(), "Adam's moments bit for bit");
        assertNotEquals(m.toDl4j().params(), ours.params(), "the steps did train");
    }

    @Test
    void takesOverTheStateOfAnUpdaterAlreadyUsed() {
        INDArray[] d = blobs(48, 3, 6);
        MultiLayerNetwork stock = twin(TestData.mlp(6).toDl4j()), ours = twin(stock);
        steps(stock, d, 0, 5);
        steps(ours, d, 0, 5);
        INDArray state = ours.getUpdater().getStateViewArray();
        ViewUpdaters.install(ours);
        assertSame(state, ours.getUpdater().getStateViewArray(), "the same state array, not a fresh one");
        ViewUpdaters.install(ours); // idempotent
        assertSame(state, ours.getUpdater().getStateViewArray());
        steps(stock, d, 5, STEPS);
        steps(ours, d, 5, STEPS);
        assertEquals(stock.params(), ours.params());
    }

    @Test
    void graphsToo() {
        INDArray[] d = blobs(64, 3, 7);
        var in = Input(8);
        var a = Dense(16, "relu").apply(in);
        var b = Dense(16, "tanh").apply(in);
        GraphModel g = new GraphModel(in, Dense(3, "softmax").apply(concatenate(a, b)));
        g.seed(7);
        g.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        ComputationGraph stock = g.toDl4j().clone(), ours = g.toDl4j().clone();
        ViewUpdaters.install(ours);
        assertInstanceOf(ViewUpdaters.ForGraph.class, ours.getUpdater());
        for (int i = 0; i < STEPS; i++) {
            stock.fit(new DataSet(d[0], d[1]));
            ours.fit(new DataSet(d[0], d[1]));
        }
        assertEquals(stock.params(), ours.params());
        assertEquals(stock.getUpdater().getStateViewArray(), ours.getUpdater().getStateViewArray());
    }

    @Test
    void onlyTheNetworksOwnGradientTakesTheStandardPath() {
        MultiLayerNetwork n = TestData.mlp(8).toDl4j();
        n.initGradientsView();
        INDArray view = n.getFlattenedGradients();
        Gradient own = ViewUpdaters.standard(new DefaultGradient(view), view);
        assertSame(view, own.gradient(), "DL4J's identity test then sees its own view");
        Gradient external = new DefaultGradient(view.dup());
        assertSame(external, ViewUpdaters.standard(external, view), "a gradient from elsewhere keeps DL4J's external path");
    }

    @Test
    void fitThroughTheApiUsesIt() {
        INDArray[] d = blobs(60, 3, 9);
        Sequential m = TestData.mlp(9);
        m.fit(d[0], d[1], Fit.epochs(1).batchSize(20).verbose(0));
        assertInstanceOf(ViewUpdaters.ForNetwork.class, m.toDl4j().getUpdater());
    }
}
