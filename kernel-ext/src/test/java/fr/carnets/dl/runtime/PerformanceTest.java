package fr.carnets.dl.runtime;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.GlobalAveragePooling2D;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.Node;
import fr.carnets.dl.models.GraphModel;
import fr.carnets.dl.models.Sequential;
import fr.carnets.dl.training.Fit;

/** The native configuration every model gets: oneDNN helpers, threads per network, frozen bases without backprop. */
class PerformanceTest {

    @AfterEach
    void automaticThreads() {
        Performance.threads(0);
    }

    static Sequential convnet() {
        Sequential m = new Sequential(Input(28, 28, 1), Conv2D(8, 3, "relu"), MaxPooling2D(2), Conv2D(8, 3, "relu"),
                MaxPooling2D(2), GlobalAveragePooling2D(), Dense(10, "softmax"));
        m.seed(3);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        return m;
    }

    /** n random 28x28 images (NCHW) and one-hot labels cycling through the 10 classes. */
    static INDArray[] images(int n) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) y.putScalar(i, i % 10, 1f);
        return new INDArray[] {x, y};
    }

    @Test
    void convolutionLayersUseOneDnnWithoutAnySetting() {
        assertTrue(Performance.helpersEnabled(), "DL4J's helpers are switched on by the extension");
        Sequential m = convnet();
        // installed when the network was built, before any fit or predict
        var conv = (org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) m.toDl4j().getLayer(0);
        assertInstanceOf(fr.carnets.dl.runtime.onednn.ConvHelper.class, conv.getHelper(), "our oneDNN path (on by default)");
        var pool = (org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer) m.toDl4j().getLayer(1);
        assertInstanceOf(fr.carnets.dl.runtime.onednn.PoolHelper.class, pool.getHelper(), "pooling too");
    }

    /**
     * The patches are installed once, when the network is built, rebuilt (freezing) or loaded, and
     * a fit installs nothing; %carnets performance then says which code runs each layer.
     */
    @Test
    void everyNetworkIsPatchedWhenBuiltOrLoadedAndSaysWhichCodeRunsEachLayer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Sequential m = convnet();
        assertInstanceOf(fr.carnets.dl.runtime.onednn.ConvolutionRuntime.class, m.toDl4j().getLayer(0), "at build, before any fit");
        assertInstanceOf(fr.carnets.dl.runtime.onednn.ViewUpdaters.ForNetwork.class, m.toDl4j().getUpdater());
        String d = Performance.describe(m.toDl4j());
        assertTrue(d.contains("couches du modèle :"), d);
        assertTrue(d.contains("conv2d_1 : convolution oneDNN de Carnets"), d);
        assertTrue(d.contains(": pooling oneDNN de Carnets"), d);
        assertTrue(d.contains(": sortie oneDNN de Carnets"), d);
        assertTrue(Performance.describe().contains("couches du dernier modèle construit ou utilisé :\n  conv2d :".replace("\n", System.lineSeparator())),
                Performance.describe());

        m.freeze(0, 1); // rebuilds the network
        var frozen = assertInstanceOf(org.deeplearning4j.nn.layers.FrozenLayer.class, m.toDl4j().getLayer(0));
        assertInstanceOf(fr.carnets.dl.runtime.onednn.ConvolutionRuntime.class, frozen.getInsideLayer());
        assertTrue(Performance.describe(m.toDl4j()).contains("gelée, sans passe arrière (FrozenLayer) ; convolution oneDNN de Carnets"), Performance.describe(m.toDl4j()));

        String file = dir.resolve("m.zip").toString();
        m.save(file);
        Sequential loaded = Sequential.load(file);
        var layer0 = loaded.toDl4j().getLayer(0);
        assertInstanceOf(fr.carnets.dl.runtime.onednn.ConvolutionRuntime.class, ((org.deeplearning4j.nn.layers.FrozenLayer) layer0).getInsideLayer());
        var updater = loaded.toDl4j().getUpdater();
        INDArray[] d2 = images(8);
        loaded.fit(d2[0], d2[1], Fit.epochs(1).batchSize(4).verbose(0));
        assertSame(layer0, loaded.toDl4j().getLayer(0), "a fit installs nothing");
        assertSame(updater, loaded.toDl4j().getUpdater());
    }

    @Test
    void threadsArePickedPerNetworkAndCanBeForced() {
        int max = Performance.maxThreads();
        assertTrue(max >= 1);
        Sequential dense = new Sequential(Input(784), Dense(20, "relu"), Dense(10, "softmax"));
        assertEquals(1, Performance.threadsFor(dense.toDl4j()), "small dense networks run on one thread");
        assertEquals(max, Performance.threadsFor(convnet().toDl4j()), "convolution networks use every thread");
        Performance.threads(1);
        assertEquals(1, Performance.threadsFor(convnet().toDl4j()));
        assertEquals(1, Performance.threads());
        var e = assertThrows(ModelException.class, () -> Performance.threads(max + 1));
        assertTrue(e.getMessage().contains("OMP_NUM_THREADS=" + (max + 1)), e.getMessage());
        assertThrows(ModelException.class, () -> Performance.threads(-1));
        assertTrue(Performance.describe().contains("oneDNN : activé"), Performance.describe());
        assertTrue(Performance.describe().contains("chemin oneDNN de Carnets : activé"), Performance.describe());
    }

    /**
     * A frozen base with only frozen layers below it needs no backpropagation (DL4J's FrozenLayer);
     * a frozen layer above a trainable one must still pass gradients down (FrozenLayerWithBackprop).
     * Either way the frozen weights stay and the trainable layer learns.
     */
    @ParameterizedTest(name = "freeze {0}: {1}")
    @CsvSource({"'0,1,2,3', FrozenLayer, 5", "'2', FrozenLayerWithBackprop, 0"})
    void frozenLayersKeepTheirWeightsAndTheOthersLearn(String frozen, String runtime, int learner) {
        int[] idx = java.util.Arrays.stream(frozen.split(",")).mapToInt(Integer::parseInt).toArray();
        Sequential m = convnet();
        m.freeze(idx);
        MultiLayerNetwork n = m.toDl4j();
        for (int i : idx) assertEquals(runtime, n.getLayer(i).getClass().getSimpleName(), "layer " + i);
        INDArray still = n.getLayer(idx[0]).params().dup();
        INDArray learning = n.getLayer(learner).params().dup();
        Nd4j.getRandom().setSeed(5);
        INDArray[] d = images(64);
        m.fit(d[0], d[1], Fit.batchSize(16).epochs(2).verbose(0));
        assertEquals(still, m.toDl4j().getLayer(idx[0]).params(), "the frozen layer did not move");
        assertNotEquals(learning, m.toDl4j().getLayer(learner).params(), "the trainable layer learned");
    }

    @Test
    void graphFrozenAncestrySkipsBackprop() {
        Input in = Input(28, 28, 1);
        Node c1 = Conv2D(8, 3, "relu").name("c1").apply(in);
        Node p1 = MaxPooling2D(2).name("p1").apply(c1);
        Node gap = GlobalAveragePooling2D().name("gap").apply(p1);
        Node out = Dense(10, "softmax").name("out").apply(gap);
        GraphModel g = new GraphModel(in, out);
        g.compile("adam", "categorical_crossentropy", "accuracy");
        g.freezeUpTo("p1");
        ComputationGraph cg = g.toDl4j();
        assertTrue(cg.getLayer("c1") instanceof org.deeplearning4j.nn.layers.FrozenLayer, cg.getLayer("c1").getClass().getName());
        INDArray before = cg.getLayer("c1").params().dup();
        INDArray[] d = images(32);
        g.fit(d[0], d[1], Fit.batchSize(16).epochs(1).verbose(0));
        assertEquals(before, g.toDl4j().getLayer("c1").params());
    }
}
