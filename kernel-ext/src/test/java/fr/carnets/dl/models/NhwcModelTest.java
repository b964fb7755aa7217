package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.runtime.onednn.OneDnn;

import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Flatten;
import fr.carnets.dl.layers.GlobalAveragePooling2D;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.Node;
import fr.carnets.dl.runtime.ImagesToNhwc;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.TestData;

/**
 * Image models on our oneDNN path run NHWC inside while learners keep NCHW arrays: same results
 * as the NCHW model (flatten order included), and the layout survives saving, loading and
 * transfer learning.
 */
class NhwcModelTest {
    static Sequential flattenNet() {
        Sequential m = new Sequential(Input(12, 10, 2), Conv2D(4, 3, "relu"), MaxPooling2D(2), Flatten(), Dense(6, "relu"),
                Dense(3, "softmax"));
        m.seed(5);
        m.compile("sgd", "categorical_crossentropy", "accuracy");
        return m;
    }

    @Test
    void newImageModelsRunNhwcWhenThePathIsOn() {
        assertTrue(OneDnn.enabled(), OneDnn.describe());
        Sequential m = flattenNet();
        assertEquals(CNN2DFormat.NHWC, m.imageFormat());
        assertInstanceOf(ImagesToNhwc.class, m.toDl4j().getLayerWiseConfigurations().getInputPreProcess(0));
        assertNull(new Sequential(Input(784), Dense(3, "softmax")).imageFormat(), "no layout for non-image models");
    }

    /** The whole NHWC path (entrance copy, our helpers, DenseViewActivation, global pooling) against DL4J's NCHW path: same gradients. */
    @Test
    void gradientsMatchTheNchwModel() {
        java.util.function.Supplier<Sequential> make = () -> {
            Sequential m = new Sequential(Input(13, 11, 3), Conv2D(5, 3, "relu").padding("same"), MaxPooling2D(2),
                    Conv2D(4, 2, "tanh").strides(2), Conv2D(6, 1, "relu"), GlobalAveragePooling2D(), Dense(3, "softmax"));
            m.seed(9);
            m.compile("sgd", "categorical_crossentropy", "accuracy");
            return m;
        };
        Sequential nhwc = make.get(), nchw = make.get().imageFormat(CNN2DFormat.NCHW);
        assertEquals(CNN2DFormat.NHWC, nhwc.imageFormat());
        var a = nchw.toDl4j();
        var b = nhwc.toDl4j();
        b.setParams(a.params().dup());
        fr.carnets.dl.runtime.onednn.NetworkPatches.install(b);
        INDArray x = images(), y = labels();
        for (var n : java.util.List.of(a, b)) {
            n.setInput(x);
            n.setLabels(y);
            n.computeGradientAndScore();
        }
        assertSameGradients(a, b);
    }

    static INDArray images() {
        return Nd4j.rand(DataType.FLOAT, 5, 3, 13, 11).subi(0.5);
    }

    static INDArray labels() {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) y.putScalar(i, i % 3, 1f);
        return y;
    }

    /** Same score, and every gradient within 1e-4 of the first network's (relative to its largest value). */
    static void assertSameGradients(org.deeplearning4j.nn.api.Model a, org.deeplearning4j.nn.api.Model b) {
        assertEquals(a.score(), b.score(), 1e-5);
        for (String k : a.gradient().gradientForVariable().keySet()) {
            INDArray ga = a.gradient().gradientForVariable().get(k), gb = b.gradient().gradientForVariable().get(k);
            double rel = ga.sub(gb).amaxNumber().doubleValue() / Math.max(ga.amaxNumber().doubleValue(), 1e-3);
            assertTrue(rel < 1e-4, k + " differs by " + rel);
        }
    }

    /**
     * A graph with every vertex kind (BN, add, concatenate of images and of vectors, pooling, global
     * poolings) on NHWC against NCHW with the same weights: same gradients. (A flatten orders its
     * features by layout, so the same weights cannot give the same output there.)
     */
    @Test
    void graphGradientsMatchTheNchwGraph(@TempDir java.nio.file.Path dir) {
        java.util.function.Supplier<GraphModel> make = () -> {
            Input in = Input(13, 11, 3);
            Node t = BatchNormalization().apply(Conv2D(5, 3, "relu").padding("same").apply(in));
            t = add(t, BatchNormalization().apply(Conv2D(5, 3, "relu").padding("same").apply(t)));
            t = concatenate(t, Conv2D(3, 1, "tanh").apply(t));
            t = MaxPooling2D(2).apply(t);
            Node pooled = GlobalAveragePooling2D().apply(t);
            Node maxed = GlobalAveragePooling2D().apply(AveragePooling2D(2).apply(Conv2D(2, 1, "relu").apply(t)));
            GraphModel m = new GraphModel(in, Dense(3, "softmax").apply(concatenate(pooled, maxed)));
            m.seed(9);
            m.compile("sgd", "categorical_crossentropy", "accuracy");
            return m;
        };
        GraphModel nhwc = make.get(), nchw = make.get().imageFormat(CNN2DFormat.NCHW);
        var a = nchw.toDl4j();
        var b = nhwc.toDl4j();
        assertInstanceOf(ImagesToNhwc.class, ((org.deeplearning4j.nn.conf.graph.LayerVertex) b.getConfiguration().getVertices().get("conv2d")).getPreProcessor());
        // the NHWC graph runs our runtime layers, as a Sequential does
        assertInstanceOf(fr.carnets.dl.runtime.onednn.ConvolutionRuntime.class, b.getLayer("conv2d"));
        assertTrue(java.util.Arrays.stream(b.getLayers()).anyMatch(l -> l instanceof fr.carnets.dl.runtime.onednn.PoolingRuntime));
        assertTrue(java.util.Arrays.stream(b.getLayers()).anyMatch(l -> l instanceof fr.carnets.dl.runtime.onednn.OutputRuntime));
        b.setParams(a.params().dup());
        fr.carnets.dl.runtime.onednn.NetworkPatches.weightsChanged(b);
        INDArray x = images(), y = labels();
        for (var n : java.util.List.of(a, b)) {
            n.setInputs(x);
            n.setLabels(y);
            n.computeGradientAndScore();
        }
        assertSameGradients(a, b);
        // a graph cut after a convolution gives feature maps [n, channels, height, width] on both paths
        assertEquals(0, nchw.upTo("conv2d_1").predict(x).sub(nhwc.upTo("conv2d_1").predict(x)).amaxNumber().doubleValue(), 1e-5);
        assertEquals(0, nchw.upTo("add").predict(x).sub(nhwc.upTo("add").predict(x)).amaxNumber().doubleValue(), 1e-5);
        // saved and loaded, the graph keeps its layout and its answers
        String file = dir.resolve("graphe.zip").toString();
        nhwc.save(file);
        Model back = Model.load(file);
        assertEquals(0, back.predict(x).sub(nhwc.predict(x)).amaxNumber().doubleValue(), 1e-5);
        assertInstanceOf(ImagesToNhwc.class, ((org.deeplearning4j.nn.conf.graph.LayerVertex) ((GraphModel) back).toDl4j().getConfiguration()
                .getVertices().get("conv2d")).getPreProcessor());
    }

    /**
     * A residual graph trained on our NHWC path (its moving averages of batch normalization moved),
     * then given to the NCHW graph, whose convolutions, poolings and normalizations run DL4J's own
     * code: the same predictions in inference mode.
     */
    @Test
    void aTrainedResidualGraphPredictsAsDl4jsOwnGraph() {
        java.util.function.Supplier<GraphModel> make = () -> {
            Input in = Input(12, 12, 1);
            Node t = BatchNormalization().momentum(0.5).apply(Conv2D(4, 3, "relu").padding("same").apply(in));
            t = add(t, BatchNormalization().momentum(0.5).apply(Conv2D(4, 3, "relu").padding("same").apply(t)));
            t = MaxPooling2D(2).apply(t);
            GraphModel m = new GraphModel(in, Dense(3, "softmax").apply(GlobalAveragePooling2D().apply(t)));
            m.seed(11);
            m.compile("adam", "categorical_crossentropy", "accuracy");
            return m;
        };
        GraphModel ours = make.get(), dl4j = make.get().imageFormat(CNN2DFormat.NCHW);
        INDArray x = Nd4j.rand(DataType.FLOAT, 40, 1, 12, 12), y = Nd4j.zeros(DataType.FLOAT, 40, 3);
        for (int i = 0; i < 40; i++) y.putScalar(i, i % 3, 1f);
        ours.fit(x, y, Fit.batchSize(8).epochs(3).seed(1).verbose(0));
        dl4j.toDl4j().setParams(ours.toDl4j().params().dup());
        fr.carnets.dl.runtime.onednn.NetworkPatches.removeHelpers(dl4j.toDl4j(), true, true, true);
        INDArray test = Nd4j.rand(DataType.FLOAT, 7, 1, 12, 12);
        assertEquals(0, ours.predict(test).sub(dl4j.predict(test)).amaxNumber().doubleValue(), 1e-5);
    }

    @Test
    void imagesFlattenedRightAwayStayWithDl4jsReshape() {
        Sequential m = new Sequential(Input(28, 28, 1), Flatten(), Dense(10, "softmax"));
        m.compile("adam", "categorical_crossentropy", "accuracy");
        assertEquals(CNN2DFormat.NCHW, m.imageFormat());
        assertArrayEquals(new long[] {3, 10}, m.predict(Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28)).shape());
    }

    /** NCHW model's dense weights, rows reordered from (c, h, w) to (h, w, c): the NHWC model must then compute the same. */
    @Test
    void flattenOrderAndOutputsMatchTheNchwModel() {
        Sequential nhwc = flattenNet();
        Sequential nchw = flattenNet().imageFormat(CNN2DFormat.NCHW);
        assertEquals(CNN2DFormat.NCHW, nchw.toDl4j().getLayerWiseConfigurations().getConf(0).getLayer() instanceof
                org.deeplearning4j.nn.conf.layers.ConvolutionLayer c ? c.getCnn2dDataFormat() : null);
        var a = nchw.toDl4j();
        var b = nhwc.toDl4j();
        b.getLayer(0).setParams(a.getLayer(0).params().dup());
        b.getLayer(3).setParams(a.getLayer(3).params().dup());
        // after conv 3x3 and pool 2: 5x4x4 (h, w, c)
        long h = 5, w = 4, c = 4;
        INDArray wa = a.getLayer(2).getParam("W"), wb = b.getLayer(2).getParam("W");
        for (long ci = 0; ci < c; ci++) {
            for (long hi = 0; hi < h; hi++) {
                for (long wi = 0; wi < w; wi++) {
                    wb.getRow(hi * w * c + wi * c + ci).assign(wa.getRow(ci * h * w + hi * w + wi));
                }
            }
        }
        b.getLayer(2).getParam("b").assign(a.getLayer(2).getParam("b"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 2, 12, 10);
        INDArray pa = nchw.predict(x), pb = nhwc.predict(x);
        assertTrue(pa.equalsWithEps(pb, 1e-5), "same predictions:\n" + pa + "\n" + pb);
    }

    @Test
    void savedNhwcModelsReloadAndTransferKeepsTheLayout(@TempDir File dir) throws Exception {
        Sequential m = new Sequential(Input(14, 14, 1), Conv2D(4, 3, "relu").name("c1"), MaxPooling2D(2), Conv2D(6, 3, "relu").name("c2"),
                GlobalAveragePooling2D(), Dense(3, "softmax"));
        m.seed(2);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray[] d = TestData.randomImages(30, 14, 14, 3);
        INDArray x = d[0], y = d[1];
        m.fit(x, y, Fit.batchSize(10).epochs(1).verbose(0));
        File f = new File(dir, "m.zip");
        m.save(f.getPath());
        assertTrue(Files.size(f.toPath()) > 0);
        Sequential back = Sequential.load(f.getPath());
        assertEquals(CNN2DFormat.NHWC, back.imageFormat());
        assertTrue(m.predict(x).equalsWithEps(back.predict(x), 1e-6), "the reloaded model predicts the same");
        Sequential t = back.upTo("c2").freezeUpTo("c2");
        t.add(GlobalAveragePooling2D(), Dense(2, "softmax"));
        t.compile("adam", "categorical_crossentropy", "accuracy");
        assertEquals(CNN2DFormat.NHWC, t.imageFormat());
        INDArray y2 = y.getColumns(0, 1).dup();
        t.fit(x, y2, Fit.batchSize(10).epochs(1).verbose(0));
        assertArrayEquals(new long[] {30, 2}, t.predict(x).shape());
    }

    /** Feature maps read the same on both layouts: layerOutputs gives NCHW activations (notebook 04 draws them). */
    @Test
    void layerOutputsAreNchwOnBothPaths() {
        Sequential nhwc = flattenNet(), nchw = flattenNet().imageFormat(CNN2DFormat.NCHW);
        assertEquals(CNN2DFormat.NHWC, nhwc.imageFormat());
        nhwc.toDl4j().setParams(nchw.toDl4j().params().dup());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 12, 10);
        var a = nchw.layerOutputs(x);
        var b = nhwc.layerOutputs(x);
        assertEquals(a.size(), b.size());
        assertArrayEquals(new long[] {2, 4, 10, 8}, b.get(1).shape(), "conv output as [n, channels, h, w]");
        // same weights give the same image activations (the dense layers after Flatten read another order)
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).shape(), b.get(i).shape(), "layer " + i);
            if (a.get(i).rank() == 4) assertTrue(a.get(i).equalsWithEps(b.get(i), 1e-5), "layer " + i);
        }
    }
}
