package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.BatchNormalization;
import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Dropout;
import fr.carnets.dl.layers.Flatten;
import fr.carnets.dl.layers.GlobalAveragePooling2D;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.training.SgdMomentum;

/** How both kinds of model are described and built: names, shapes, Keras defaults, errors. */
class LayerStackTest {

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
        MultiLayerNetwork net = m.toDl4j();
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
        var conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.toDl4j().getLayerWiseConfigurations().getConf(0).getLayer();
        assertTrue(conf.getIUpdater() instanceof SgdMomentum);
        assertEquals(1e-4, ((SgdMomentum) conf.getIUpdater()).getLearningRate());
        assertEquals(0.9, ((SgdMomentum) conf.getIUpdater()).getMomentum());
        assertTrue(conf.getWeightInitFn() instanceof org.deeplearning4j.nn.weights.WeightInitXavierUniform);
        assertEquals(0.0, m.toDl4j().getLayer(0).getParam("b").sumNumber().doubleValue());
        m.compile("rmsprop", "categorical_crossentropy");
        conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.toDl4j().getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.001, ((org.nd4j.linalg.learning.config.RmsProp) conf.getIUpdater()).getLearningRate());
        m.compile("adam", "categorical_crossentropy");
        conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.toDl4j().getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.001, ((org.nd4j.linalg.learning.config.Adam) conf.getIUpdater()).getLearningRate());
        m.compile("sgd", "mse");
        conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) m.toDl4j().getLayerWiseConfigurations().getConf(0).getLayer();
        assertEquals(0.01, ((org.nd4j.linalg.learning.config.Sgd) conf.getIUpdater()).getLearningRate());
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
        assertThrows(ModelException.class, () -> new Sequential().toDl4j());
    }
}
