package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.training.CompileConfig;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.History;

/** Saving and loading models. */
class ModelFilesTest {

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
        var m = trainedAndSaved(dir, d, 8).model();
        Sequential back = Sequential.load(dir.resolve("model-8.zip").toString());
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

    /**
     * Models saved by the code before the layer stack (main at 824bfb8: a frozen Sequential with
     * SGD momentum, a functional graph, an NHWC convnet) load and predict as they did then.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sequential", "graph", "conv"})
    void modelsSavedBeforeStillLoad(String name) throws Exception {
        Path zip = Path.of(getClass().getResource("/legacy-models/" + name + ".zip").toURI());
        List<String> expected = Files.readAllLines(zip.resolveSibling(name + ".txt"));
        Model m = Model.load(zip.toString());
        INDArray x = name.equals("conv") ? Nd4j.linspace(0, 1, 6 * 36, DataType.FLOAT).reshape(6, 1, 6, 6)
                : Nd4j.linspace(-1, 1, 6 * 8, DataType.FLOAT).reshape(6, 8);
        float[] got = m.predict(x).data().asFloat();
        assertEquals(expected.size(), got.length);
        for (int i = 0; i < got.length; i++) assertEquals(Float.parseFloat(expected.get(i)), got[i], 1e-6f, "output " + i);
        assertEquals(name.equals("graph") ? "graph" : "sequential", m.kind());
        assertEquals("categorical_crossentropy", m.loss());
        if (name.equals("sequential")) {
            // DL4J keeps no name inside a FrozenLayer it saved: the frozen layer comes back as "layer0", still frozen
            assertEquals(List.of("layer0", "dense_1"), m.layerNames());
            assertFalse(m.isTrainable("layer0"));
            assertEquals(0.9, m.optimizer().momentum());
        }
        if (name.equals("conv")) assertEquals(org.deeplearning4j.nn.conf.CNN2DFormat.NHWC, ((Sequential) m).imageFormat());
        m.fit(x, Nd4j.eye(3).repeat(0, 2).castTo(DataType.FLOAT), Fit.epochs(1).verbose(0)); // training goes on
    }

    /** A model saved by main before its settings became one CompileConfig: same settings, same predictions, same carnets.json when saved again. */
    @Test
    void compileConfigSavedByMainLoadsTheSame(@TempDir Path dir) throws Exception {
        Path zip = Path.of(getClass().getResource("/legacy-models/compiled-sgd-mae.zip").toURI());
        List<String> expected = Files.readAllLines(zip.resolveSibling("compiled-sgd-mae.txt"));
        Model m = Model.load(zip.toString());
        CompileConfig c = m.compileConfig();
        assertTrue(c.compiled());
        assertEquals("categorical_crossentropy", c.loss());
        assertEquals(List.of("accuracy", "mae"), c.metrics());
        assertEquals("sgd", c.optimizer().name());
        assertEquals(0.05, c.optimizer().learningRate());
        assertEquals(0.9, c.optimizer().momentum());
        assertEquals(11L, c.seed());
        INDArray x = Nd4j.linspace(-1, 1, 24, DataType.FLOAT).reshape(6, 4);
        float[] got = m.predict(x).data().asFloat();
        assertEquals(expected.size(), got.length);
        for (int i = 0; i < got.length; i++) assertEquals(Float.parseFloat(expected.get(i)), got[i], 1e-6f, "output " + i);
        assertTrue(Double.isFinite(m.evaluate(x, Nd4j.eye(3).repeat(0, 2).castTo(DataType.FLOAT)).mae()), "compiled with mae: evaluate reports it");

        String again = dir.resolve("again.zip").toString();
        m.save(again);
        assertEquals(ModelFiles.parse(ModelFiles.readMeta(zip.toFile())), ModelFiles.parse(ModelFiles.readMeta(new java.io.File(again))));
    }
}
