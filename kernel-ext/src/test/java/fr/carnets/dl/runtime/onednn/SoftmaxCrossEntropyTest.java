package fr.carnets.dl.runtime.onednn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** The one-pass softmax cross-entropy gives DL4J's LossMCXENT gradient and score, clipping included. */
class SoftmaxCrossEntropyTest {
    private static INDArray labels(int rows, int k) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, k);
        for (int i = 0; i < rows; i++) y.putScalar(i, (i * 7) % k, 1f);
        return y;
    }

    private static void same(INDArray z, INDArray y) {
        LossMCXENT ref = new LossMCXENT();
        INDArray expected = ref.computeGradient(y, z.dup(), new ActivationSoftmax(), null);
        INDArray delta = Nd4j.createUninitialized(DataType.FLOAT, z.shape(), 'c');
        SoftmaxCrossEntropy ours = new SoftmaxCrossEntropy();
        ours.gradient(z, y, delta);
        assertTrue(expected.equalsWithEps(delta, 1e-6), "gradient\n" + expected + "\n" + delta);
        double s = ref.computeScore(y, z.dup(), new ActivationSoftmax(), null, false);
        assertEquals(s, ours.score(z, y, ref.getSoftmaxClipEps()), Math.abs(s) * 1e-6 + 1e-6, "score");
    }

    @Test
    void ordinaryLogits() {
        Nd4j.getRandom().setSeed(4);
        same(Nd4j.randn(DataType.FLOAT, 37, 10), labels(37, 10));
        same(Nd4j.randn(DataType.FLOAT, 1, 3).muli(5), labels(1, 3));
    }

    @Test
    void saturatedLogitsAreClippedLikeDl4j() {
        INDArray z = Nd4j.createFromArray(new float[][] {{80f, -80f, 0f}, {-200f, 300f, 1f}, {0f, 0f, 0f}});
        INDArray y = Nd4j.createFromArray(new float[][] {{0f, 1f, 0f}, {1f, 0f, 0f}, {0f, 0f, 1f}});
        same(z, y); // rows 0 and 1 put ~0 probability on their label: log is clipped at 1e-10
        assertEquals(2 * -Math.log(1e-10) + Math.log(3), new SoftmaxCrossEntropy().score(z, y, 1e-10), 1e-3);
    }

    @Test
    void handlesOnlyThePlainCase() {
        var conf = new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(new LossMCXENT()).nIn(4).nOut(3)
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build();
        assertTrue(SoftmaxCrossEntropy.handles(conf, null));
        assertFalse(SoftmaxCrossEntropy.handles(conf, Nd4j.ones(DataType.FLOAT, 2, 1)), "masks go to DL4J");
        var weighted = new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(new LossMCXENT(Nd4j.createFromArray(1f, 2f, 1f))).nIn(4).nOut(3)
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build();
        assertFalse(SoftmaxCrossEntropy.handles(weighted, null), "class weights go to DL4J");
        var sigmoid = new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(new LossMCXENT()).nIn(4).nOut(3)
                .activation(org.nd4j.linalg.activations.Activation.SIGMOID).build();
        assertFalse(SoftmaxCrossEntropy.handles(sigmoid, null));
        INDArray wide = Nd4j.rand(DataType.FLOAT, 4, 6);
        assertFalse(SoftmaxCrossEntropy.readable(wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)),
                labels(4, 3)), "a strided block goes to DL4J");
    }
}
