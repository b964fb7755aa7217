package fr.carnets.dl.runtime.onednn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Our oneDNN helpers against DL4J's reference path (its own Java/libnd4j code, no helper): same
 * outputs and the same gradients for every parameter, on random NHWC geometries: odd and even
 * kernels, strides 1-3, same/valid padding, max and average pooling, batch 1.
 */
class OneDnnHelpersTest {
    record Case(int batch, int h, int w, int c, int f1, int k1h, int k1w, int s1, ConvolutionMode m1, PoolingType pool, int pk, int ps,
            ConvolutionMode pm, int f2, int k2, int s2, ConvolutionMode m2) {}

    /** The second convolution's activation: tanh runs DL4J's layer with our helper, ReLU our runtime layer with its input gradient. */
    static MultiLayerNetwork net(Case t, Activation second) {
        var conf = new NeuralNetConfiguration.Builder().seed(11).updater(new Sgd(0.1)).dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0.1).list()
                .layer(new ConvolutionLayer.Builder(t.k1h, t.k1w).stride(t.s1, t.s1).nOut(t.f1).convolutionMode(t.m1)
                        .dataFormat(CNN2DFormat.NHWC).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(t.pool).kernelSize(t.pk, t.pk).stride(t.ps, t.ps).convolutionMode(t.pm)
                        .dataFormat(CNN2DFormat.NHWC).build())
                .layer(new ConvolutionLayer.Builder(t.k2, t.k2).stride(t.s2, t.s2).nOut(t.f2).convolutionMode(t.m2)
                        .dataFormat(CNN2DFormat.NHWC).activation(second).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(t.h, t.w, t.c, CNN2DFormat.NHWC)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    /** DL4J's own code: no helper at all. */
    static void withoutHelpers(MultiLayerNetwork n) throws ReflectiveOperationException {
        NetworkPatches.removeHelpers(n, true, true, true);
    }

    static double relDiff(INDArray a, INDArray b) {
        double scale = Math.max(a.amaxNumber().doubleValue(), 1e-3);
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    static void check(Case t) throws ReflectiveOperationException {
        check(t, Activation.TANH);
        check(t, Activation.RELU);
        check(t, Activation.IDENTITY);
    }

    static void check(Case t, Activation second) throws ReflectiveOperationException {
        assertTrue(OneDnn.enabled(), OneDnn.describe());
        MultiLayerNetwork ours = net(t, second);
        MultiLayerNetwork ref = ours.clone();
        withoutHelpers(ref);
        NetworkPatches.install(ours);
        var conv1 = assertInstanceOf(ConvolutionRuntime.class, ours.getLayer(0), "our runtime layer replaces DL4J's");
        var pool = assertInstanceOf(PoolingRuntime.class, ours.getLayer(1));
        var conv2 = assertInstanceOf(ConvolutionRuntime.class, ours.getLayer(2));
        assertInstanceOf(ConvHelper.class, ours.getLayer(2).getHelper(), "our helper, for what the runtime layer leaves to DL4J");
        NetworkPatches.install(ours);
        assertSame(conv1, ours.getLayer(0), "installing twice changes nothing");
        assertNull(ref.getLayer(0).getHelper());

        INDArray x = Nd4j.rand(DataType.FLOAT, t.batch, t.h, t.w, t.c).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, t.batch, 4);
        for (int i = 0; i < t.batch; i++) y.putScalar(i, i % 4, 1f);

        INDArray outRef = ref.output(x, false), outOurs = ours.output(x, false);
        assertTrue(relDiff(outRef, outOurs) < 1e-5, t + ": outputs differ by " + relDiff(outRef, outOurs));

        ref.setInput(x);
        ref.setLabels(y);
        ref.computeGradientAndScore();
        ours.setInput(x);
        ours.setLabels(y);
        ours.computeGradientAndScore();
        assertEquals(ref.score(), ours.score(), 1e-5 * Math.max(1, Math.abs(ref.score())), t + ": scores differ");
        var gr = ref.gradient().gradientForVariable();
        var go = ours.gradient().gradientForVariable();
        assertEquals(gr.keySet(), go.keySet(), t + ": same parameters have gradients");
        assertTrue(conv1.forwardRuns > 0 && conv1.backwardRuns > 0, t + ": the first convolution ran in oneDNN");
        assertEquals(0, conv1.inputGradientRuns, t + ": the first layer's input gradient is not computed");
        assertEquals(t.pool == PoolingType.MAX, conv1.reluSkips > 0, t + ": the max pooling applies the ReLU's backward pass");
        if (second == Activation.TANH) {
            var helper = (ConvHelper) conv2.getHelper();
            assertTrue(conv2.forwardRuns == 0 && helper.forwardRuns > 0 && helper.backwardRuns > 0, t + ": tanh goes to DL4J's layer and our helper");
        } else {
            assertTrue(conv2.forwardRuns > 0 && conv2.inputGradientRuns > 0, t + ": " + second + " runs in our layer, input gradient included");
        }
        boolean paddedAvg = t.pool == PoolingType.AVG && t.pm == ConvolutionMode.Same; // may need padding: DL4J's code then
        if (!paddedAvg) assertTrue(pool.forwardRuns > 0 && pool.backwardRuns > 0, t + ": the pooling ran in oneDNN");
        for (String k : gr.keySet()) {
            double d = relDiff(gr.get(k), go.get(k));
            assertTrue(d < 1e-4, t + ": gradient " + k + " differs by " + d + " (relative)");
        }
    }

    @Test
    void theMnistConvnetGeometry() throws ReflectiveOperationException {
        check(new Case(16, 28, 28, 1, 8, 3, 3, 1, ConvolutionMode.Truncate, PoolingType.MAX, 2, 2, ConvolutionMode.Truncate, 6, 3, 1,
                ConvolutionMode.Truncate));
    }

    @Test
    void batchOfOneWithSamePaddingAndStrides() throws ReflectiveOperationException {
        check(new Case(1, 9, 11, 3, 5, 5, 3, 2, ConvolutionMode.Same, PoolingType.MAX, 3, 2, ConvolutionMode.Same, 4, 2, 1,
                ConvolutionMode.Same));
    }

    @Test
    void averagePoolingValid() throws ReflectiveOperationException {
        check(new Case(3, 12, 12, 2, 4, 3, 3, 1, ConvolutionMode.Truncate, PoolingType.AVG, 2, 2, ConvolutionMode.Truncate, 3, 3, 1,
                ConvolutionMode.Truncate));
    }

    @Test
    void randomGeometries() throws ReflectiveOperationException {
        Random r = new Random(2026);
        ConvolutionMode[] modes = {ConvolutionMode.Same, ConvolutionMode.Truncate};
        for (int i = 0; i < 12; i++) {
            int h = 8 + r.nextInt(8), w = 8 + r.nextInt(8);
            int k1 = 1 + r.nextInt(5), k1w = 1 + r.nextInt(4), pk = 1 + r.nextInt(3), k2 = 1 + r.nextInt(3);
            // strides up to the kernel size (DL4J rejects same padding with a stride larger than the kernel)
            check(new Case(1 + r.nextInt(4), h, w, 1 + r.nextInt(4), 2 + r.nextInt(6), k1, k1w, 1 + r.nextInt(Math.min(2, Math.min(k1, k1w))),
                    modes[r.nextInt(2)], r.nextBoolean() ? PoolingType.MAX : PoolingType.AVG, pk, 1 + r.nextInt(Math.min(2, pk)),
                    modes[r.nextInt(2)], 1 + r.nextInt(5), k2, 1 + r.nextInt(k2), modes[r.nextInt(2)]));
        }
    }
}
