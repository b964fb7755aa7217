package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.History;
import fr.carnets.dl.training.Optimizers;

/** Transfer learning on both kinds of model: cutting, freezing, a new head, weights kept. */
class TransferTest {

    @Test
    void freezeKeepsFrozenWeightsWhileHeadLearns(@TempDir Path dir) {
        INDArray[] d = blobs(300, 3, 13);
        String p = trainedAndSaved(dir, d, 9).path();

        // transfer: cut the loaded model after its hidden layer, freeze it, add a new head
        Sequential loaded = Sequential.load(p);
        INDArray hiddenBefore = loaded.toDl4j().getLayer(0).params().dup();
        Sequential t = loaded.upTo("dense");
        assertEquals(hiddenBefore, t.toDl4j().getLayer(0).params(), "cutting keeps the trained weights");
        t.freeze("dense");
        assertFalse(t.isTrainable("dense"));
        t.add(Dense(12, "relu"), Dense(3, "softmax"));
        assertEquals(hiddenBefore, t.toDl4j().getLayer(0).params(), "adding a head keeps the trained weights");
        t.compile(Optimizers.rmsprop(0.01), "categorical_crossentropy", "accuracy");
        Summary s = t.summary();
        assertTrue(s.rows().get(0).frozen);
        assertEquals(0, s.rows().get(0).trainableParams);
        assertTrue(s.toString().contains("gelée"));
        INDArray headBefore = t.toDl4j().getLayer(1).params().dup();
        t.fit(d[0], d[1], Fit.epochs(2).verbose(0));
        assertEquals(hiddenBefore, t.toDl4j().getLayer(0).params(), "frozen weights must not change");
        assertNotEquals(headBefore, t.toDl4j().getLayer(1).params(), "head weights must change");

        // fine-tuning: unfreeze, recompile with a small SGD, continue without losing weights
        INDArray all = t.weights().dup();
        t.unfreeze("dense");
        t.compile(Optimizers.sgd(1e-4, 0.9), "categorical_crossentropy", "accuracy");
        assertEquals(all, t.weights(), "recompiling keeps the weights");
        t.fit(d[0], d[1], Fit.epochs(1).verbose(0));
        assertNotEquals(hiddenBefore, t.toDl4j().getLayer(0).params(), "unfrozen layer learns again");
        assertTrue(t.evaluate(d[0], d[1]).accuracy() > 0.9);
        // by index as well
        t.freeze(0, 1);
        assertFalse(t.isTrainable("dense_1"));
        assertThrows(ModelException.class, () -> t.freeze("nope"));
        assertThrows(ModelException.class, () -> t.freeze(7));
    }

    @Test
    void functionalGraphTrainsAndTakesANewHead(@TempDir Path dir) {
        INDArray[] d = blobs(300, 3, 16);
        var in = Input(8);
        var a = Dense(16, "relu").apply(in);
        var b = Dense(16, "relu").name("branch").apply(in);
        var out = Dense(3, "softmax").apply(concatenate(a, add(a, b)));
        GraphModel g = new GraphModel(in, out);
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
        INDArray branch = gb.toDl4j().getLayer("branch").params().dup();
        gb.freezeUpTo("branch");
        gb.head(gb.layerNames().get(gb.layerNames().size() - 2), Dense(8, "relu"), Dense(2, "softmax"));
        gb.compile("rmsprop", "categorical_crossentropy", "accuracy");
        INDArray[] d2 = blobs(300, 2, 17);
        gb.fit(d2[0], d2[1], Fit.epochs(1).verbose(0));
        assertEquals(branch, gb.toDl4j().getLayer("branch").params());
    }

    /** The same three layers as a Sequential or as a functional graph (same names, same seed). */
    static LayerModel<?> chain(String kind) {
        if (kind.equals("sequential")) return new Sequential(Input(8), Dense(16, "relu"), Dense(12, "relu"), Dense(3, "softmax")).seed(21);
        var in = Input(8);
        return new GraphModel(in, Dense(3, "softmax").apply(Dense(12, "relu").apply(Dense(16, "relu").apply(in)))).seed(21);
    }

    /** Layer lookup, freezing and cutting are one code for both kinds: same answers on a chain of layers. */
    @ParameterizedTest
    @ValueSource(strings = {"sequential", "graph"})
    void layerOperationsAreTheSameOnBothKinds(String kind) {
        INDArray[] d = blobs(200, 3, 22);
        LayerModel<?> m = chain(kind);
        assertEquals(List.of("dense", "dense_1", "dense_2"), m.layerNames());
        assertArrayEquals(new long[] {8}, m.inputShape());
        m.compile(Optimizers.adam(0.01), "categorical_crossentropy", "accuracy");
        m.fit(d[0], d[1], Fit.epochs(1).verbose(0));
        INDArray trained = m.weights().dup();

        m.freeze(0, -1);
        assertFalse(m.isTrainable("dense"));
        assertTrue(m.isTrainable("dense_1"));
        assertFalse(m.isTrainable("dense_2"));
        m.unfreezeFrom("dense_1");
        assertEquals(List.of(false, true, true), trainable(m));
        m.freezeUpTo("dense_1");
        assertEquals(List.of(false, false, true), trainable(m));
        m.setTrainable(true);
        assertEquals(List.of(true, true, true), trainable(m));
        assertEquals(trained, m.weights(), "freezing keeps the weights");

        Model base = m.upTo("dense_1");
        assertEquals(List.of("dense", "dense_1"), base.layerNames());
        assertEquals(trained.get(NDArrayIndex.interval(0, base.countParams())), base.weights(), "cutting keeps the weights");
        assertEquals(12, base.outputSize());

        m.pop();
        assertEquals(List.of("dense", "dense_1"), m.layerNames());
        m.head("dense", Dense(2, "softmax"));
        assertEquals(List.of("dense", "dense_3"), m.layerNames());
        assertEquals(trained.get(NDArrayIndex.interval(0, 8 * 16 + 16)), m.weights().get(NDArrayIndex.interval(0, 8 * 16 + 16)));
        var e = assertThrows(ModelException.class, () -> m.fit(d[0], d[1]));
        assertTrue(e.getMessage().contains("pas compilé"), "a new head asks for compile again: " + e.getMessage());
        assertThrows(ModelException.class, () -> m.freeze("nope"));
        assertThrows(ModelException.class, () -> m.freeze(7));
    }

    private static List<Boolean> trainable(Model m) {
        return m.layerNames().stream().map(m::isTrainable).toList();
    }

    /** A graph whose output merges two layers has no single layer to fall back to: pop says what to do. */
    @Test
    void popOnAMergedOutputExplainsHead() {
        var in = Input(4);
        GraphModel g = new GraphModel(in, add(Dense(3, "relu").apply(in), Dense(3, "relu").apply(in)));
        var e = assertThrows(ModelException.class, g::pop);
        assertTrue(e.getMessage().contains("head("), e.getMessage());
        Sequential s = new Sequential(Input(4), Dense(3, "softmax")).pop();
        assertEquals(List.of(), s.layerNames());
        assertTrue(assertThrows(ModelException.class, s::toDl4j).getMessage().contains("pas encore de couche"));
        assertThrows(ModelException.class, s::pop);
    }
}
