package fr.carnets.dl.training;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.runtime.onednn.NetworkPatches;
import fr.carnets.dl.runtime.onednn.OutputRuntime;

import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Dropout;
import fr.carnets.dl.layers.Flatten;
import fr.carnets.dl.layers.GlobalAveragePooling2D;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.Sequential;
import fr.carnets.dl.training.ArrayBatches;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.History;
import fr.carnets.dl.training.Optimizers;

/**
 * The runtime layers swapped into Sequential's networks (fr.carnets.dl.runtime.onednn) change neither the
 * numbers DL4J computes nor what the training loop reports.
 */
class RuntimeLayersTest {
    static INDArray[] data(long n, long... shape) {
        Nd4j.getRandom().setSeed(3);
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        INDArray x = Nd4j.rand(DataType.FLOAT, s);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        INDArray flat = x.reshape(n, x.length() / n);
        for (int i = 0; i < n; i++) y.putScalar(i, flat.getDouble(i, 0) < 0.33 ? 0 : flat.getDouble(i, 0) < 0.66 ? 1 : 2, 1f);
        return new INDArray[] {x, y};
    }

    /** With a learning rate of 1e-30 the float weights never move: the accuracy counted during training is the model's accuracy on the same data. */
    static void trainingAccuracyIsTheModelsAccuracy(Sequential m, INDArray x, INDArray y) {
        m.compile(Optimizers.sgd(1e-30), "categorical_crossentropy", "accuracy");
        History h = m.fit(x, y, Fit.batchSize(16).epochs(1).verbose(0));
        var out = assertInstanceOf(OutputRuntime.class, m.toDl4j().getOutputLayer(), "the output layer is our runtime layer");
        long steps = (x.size(0) + 15) / 16;
        assertEquals(steps, out.counts()[0], "one product per step: the gradient and the score read the same one");
        for (var l : m.toDl4j().getLayers()) {
            if (l instanceof fr.carnets.dl.runtime.onednn.DenseRuntime d) {
                assertArrayEquals(new long[] {steps, steps}, java.util.Arrays.copyOf(d.counts(), 2), "one product per step, forward, reused backward");
            }
        }
        double during = h.get("accuracy")[0], after = m.evaluate(x, y).accuracy();
        assertEquals(after, during, 1e-9, "training accuracy from the step's own forward pass");
        assertEquals(after * x.size(0), Math.rint(after * x.size(0)), 1e-6);
    }

    @Test
    void denseTrainingAccuracy() {
        INDArray[] d = data(100, 8);
        Sequential m = new Sequential(Input(8), Dense(12, "relu"), Dense(3, "softmax"));
        m.seed(4);
        trainingAccuracyIsTheModelsAccuracy(m, d[0], d[1]);
    }

    @Test
    void convolutionalTrainingAccuracy() {
        INDArray[] d = data(70, 1, 10, 10);
        Sequential m = new Sequential(Input(10, 10, 1), Conv2D(4, 3, "relu"), MaxPooling2D(2), Flatten(), Dense(3, "softmax"));
        m.seed(4);
        trainingAccuracyIsTheModelsAccuracy(m, d[0], d[1]);
    }

    /** Same score and gradients as DL4J's own output layer, computed once instead of three times. */
    @Test
    void outputLayerGradientsAndScore() {
        INDArray[] d = data(20, 8);
        Sequential m = new Sequential(Input(8), Dense(5, "tanh"), Dense(4, "relu"), Dense(3, "softmax"));
        m.seed(8);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        MultiLayerNetwork ref = m.toDl4j().clone();
        MultiLayerNetwork ours = m.toDl4j();
        NetworkPatches.install(ours);
        assertInstanceOf(OutputRuntime.class, ours.getOutputLayer());
        assertInstanceOf(fr.carnets.dl.runtime.onednn.DenseRuntime.class, ours.getLayer(1));
        assertFalse(ref.getOutputLayer() instanceof OutputRuntime);
        for (MultiLayerNetwork n : java.util.List.of(ref, ours)) {
            n.setInput(d[0]);
            n.setLabels(d[1]);
            n.computeGradientAndScore();
        }
        assertEquals(ref.score(), ours.score(), 1e-6);
        for (var e : ref.gradient().gradientForVariable().entrySet()) {
            assertTrue(e.getValue().equalsWithEps(ours.gradient().gradientForVariable().get(e.getKey()), 1e-6), e.getKey());
        }
        assertTrue(((OutputRuntime) ours.getOutputLayer()).counts()[2] > 0 && ((fr.carnets.dl.runtime.onednn.DenseRuntime) ours.getLayer(1)).counts()[2] > 0,
                "x·W + b computed by oneDNN");
        ours.getOutputLayer().setInput(d[0].mul(2), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertNull(((OutputRuntime) ours.getOutputLayer()).lastTrainingPreOutput(), "a new input forgets the last pre-activation");
        assertTrue(ref.output(d[0]).equalsWithEps(ours.output(d[0]), 1e-6), "inference unchanged");
    }

    /** Dropout drawn in Java: the rate asked for, kept values scaled, the backward pass through the same mask, reproducible from ND4J's seed. */
    @Test
    void dropout() {
        Sequential m = new Sequential(Input(4, 5, 6), Dropout(0.3), Flatten(), Dense(3, "softmax"));
        m.compile("sgd", "categorical_crossentropy", "accuracy");
        MultiLayerNetwork net = m.toDl4j();
        NetworkPatches.install(net);
        var layer = assertInstanceOf(fr.carnets.dl.runtime.onednn.DropoutRuntime.class, net.getLayer(0));
        var noWs = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray x = Nd4j.rand(DataType.FLOAT, 500, 4, 5, 6).addi(1); // all values in [1, 2): none is zero
        Nd4j.getRandom().setSeed(12);
        layer.setInput(x, noWs);
        INDArray a = layer.activate(true, noWs);
        INDArray kept = a.neq(0).castTo(DataType.FLOAT);
        double dropped = 1 - kept.meanNumber().doubleValue();
        assertEquals(0.3, dropped, 0.01, "fraction dropped");
        assertTrue(a.equalsWithEps(x.mul(kept).div(0.7), 1e-6), "kept values divided by the keep probability");
        INDArray g = Nd4j.ones(DataType.FLOAT, x.shape());
        INDArray dx = layer.backpropGradient(g, noWs).getSecond();
        assertTrue(dx.equalsWithEps(kept.div(0.7), 1e-6), "gradient through the same mask");
        Nd4j.getRandom().setSeed(12);
        layer.setInput(x, noWs);
        assertEquals(a, layer.activate(true, noWs), "same seed, same mask");
        layer.setInput(x, noWs);
        assertEquals(x, layer.activate(false, noWs), "inference keeps everything");
    }

    /** Shuffled mini-batches copy the right rows, from whole arrays, row views with an offset, and (through ND4J) other types. */
    @Test
    void shuffledBatchRows() {
        INDArray big = Nd4j.rand(DataType.FLOAT, 60, 7);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 45), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertTrue(view.offset() > 0);
        int[] order = {39, 0, 17, 3, 3, 22, 8};
        for (INDArray src : java.util.List.of(big, view, view.castTo(DataType.DOUBLE))) {
            INDArray got = ArrayBatches.gather(src, order, 2, 6);
            assertEquals(Nd4j.pullRows(src, 1, new int[] {17, 3, 3, 22}), got);
        }
    }

    /** On a frozen base, global pooling skips the gradient DL4J would throw away; the head still learns the same way. */
    @Test
    void globalPoolingOnAFrozenBase() {
        INDArray[] d = data(40, 1, 10, 10);
        java.util.function.Supplier<Sequential> make = () -> {
            Sequential m = new Sequential(Input(10, 10, 1), Conv2D(4, 3, "relu"), MaxPooling2D(2), GlobalAveragePooling2D(), Dense(3, "softmax"));
            m.seed(6);
            m.freeze(0, 1);
            m.compile("adam", "categorical_crossentropy", "accuracy");
            return m;
        };
        Sequential m = make.get();
        MultiLayerNetwork ref = m.toDl4j().clone(), ours = m.toDl4j();
        NetworkPatches.install(ours);
        var gap = assertInstanceOf(fr.carnets.dl.runtime.onednn.GlobalPoolingRuntime.class, ours.getLayer(2));
        for (MultiLayerNetwork n : java.util.List.of(ref, ours)) {
            n.setInput(d[0]);
            n.setLabels(d[1]);
            n.computeGradientAndScore();
        }
        assertEquals(ref.score(), ours.score(), 1e-6);
        assertEquals(ref.gradient().gradientForVariable().keySet(), ours.gradient().gradientForVariable().keySet());
        for (var e : ref.gradient().gradientForVariable().entrySet()) {
            assertTrue(e.getValue().equalsWithEps(ours.gradient().gradientForVariable().get(e.getKey()), 1e-5), e.getKey());
        }
        INDArray base = ours.getLayer(0).params().dup();
        m.fit(d[0], d[1], Fit.batchSize(10).epochs(1).verbose(0));
        assertEquals(base, m.toDl4j().getLayer(0).params(), "the frozen base did not move");
        assertTrue(gap.backwardSkips() > 0, "the pooling's gradient was not computed");
    }
}
