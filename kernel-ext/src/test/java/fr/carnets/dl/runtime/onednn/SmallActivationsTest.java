package fr.carnets.dl.runtime.onednn;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.TestData;
import fr.carnets.dl.models.Sequential;

/** ReLU and softmax in Java give ND4J's values; everything else is left to ND4J. */
class SmallActivationsTest {

    @Test
    void reluAndSoftmaxGiveNd4jsValues() {
        SmallActivations ours = new SmallActivations();
        Nd4j.getRandom().setSeed(7);
        for (long[] shape : new long[][] {{1, 1}, {1, 20}, {32, 14}, {7, 10}}) {
            INDArray z = Nd4j.randn(DataType.FLOAT, shape).muli(30); // large values: softmax must not overflow
            for (var a : new org.nd4j.linalg.activations.IActivation[] {new ActivationReLU(), new ActivationSoftmax()}) {
                INDArray expected = a.getActivation(z.dup(), false), got = z.dup();
                assertTrue(SmallActivations.handles(a, got), a + " " + java.util.Arrays.toString(shape));
                ours.apply(a, got);
                assertTrue(expected.equalsWithEps(got, 1e-6), a + " " + java.util.Arrays.toString(shape) + ": " + expected + " vs " + got);
            }
        }
    }

    @Test
    void aNotANumberStaysOneThroughRelu() {
        INDArray z = Nd4j.createFromArray(new float[][] {{-1f, Float.NaN, 2f}});
        new SmallActivations().apply(new ActivationReLU(), z);
        assertEquals(0f, z.getFloat(0, 0));
        assertTrue(Float.isNaN(z.getFloat(0, 1)), "a diverged value must stay visible");
        assertEquals(2f, z.getFloat(0, 2));
    }

    @Test
    void otherActivationsAndLayoutsStayOnNd4j() {
        INDArray z = Nd4j.rand(DataType.FLOAT, 4, 5);
        assertFalse(SmallActivations.handles(new ActivationTanH(), z));
        assertFalse(SmallActivations.handles(new ActivationLReLU(0.1), z));
        assertFalse(SmallActivations.handles(new ActivationReLU(6.0, 0.0, 0.0), z), "ReLU6");
        assertFalse(SmallActivations.handles(new ActivationReLU(), Nd4j.rand(DataType.FLOAT, 4, 5).transpose()), "a strided view");
        assertFalse(SmallActivations.handles(new ActivationReLU(), Nd4j.rand(DataType.FLOAT, 2, 3, 4)), "rank 3");
        assertFalse(SmallActivations.handles(new ActivationReLU(), Nd4j.rand(DataType.DOUBLE, 4, 5)), "doubles");
        assertFalse(SmallActivations.handles(new ActivationReLU(), Nd4j.rand(DataType.FLOAT, 256, 256)), "large: ND4J's loops win");
    }

    @Test
    void aDenseNetworkPredictsWhatDl4jsOwnLayersPredict() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OneDnn.enabled(), "oneDNN path off");
        Sequential m = new Sequential(Input(8), Dense(16, "relu"), Dense(8, "relu"), Dense(3, "softmax"));
        m.seed(3);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        INDArray[] d = TestData.blobs(40, 3, 3);
        m.fit(d[0], d[1], fr.carnets.dl.training.Fit.epochs(2).batchSize(8).verbose(0));
        var ours = m.toDl4j();
        assertInstanceOf(DenseRuntime.class, ours.getLayer(0), "the runtime layers are in place");
        // DL4J's own layers on the same configuration and weights.
        var stock = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(ours.getLayerWiseConfigurations().clone());
        stock.init(ours.params().dup(), false);
        assertFalse(stock.getLayer(0) instanceof DenseRuntime);
        for (int rows : new int[] {1, 5, 40}) {
            INDArray x = d[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows));
            assertTrue(stock.output(x).equalsWithEps(m.predict(x), 1e-5), rows + " rows");
        }
    }
}
