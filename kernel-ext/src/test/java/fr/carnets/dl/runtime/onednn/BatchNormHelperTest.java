package fr.carnets.dl.runtime.onednn;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.Node;
import fr.carnets.dl.models.GraphModel;
import fr.carnets.dl.models.Sequential;

/**
 * Our oneDNN batch normalization against DL4J's own code (no helper): the same outputs in training
 * and inference, the same input, gamma and beta gradients, the same moving-average update after a
 * step, within 1e-4 relative; odd shapes, batch 1, NHWC and NCHW, rank 2; and whole models (a
 * VGG-like Sequential, a residual GraphModel) with the same score and gradients with it on and off.
 */
class BatchNormHelperTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    static double relDiff(INDArray a, INDArray b) {
        assertArrayEquals(a.shape(), b.shape());
        double scale = Math.max(a.amaxNumber().doubleValue(), 1e-3);
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    static void close(INDArray expected, INDArray actual, String what) {
        double d = relDiff(expected, actual);
        assertTrue(d < 1e-4, what + " differs by " + d + " (relative)");
    }

    /** Batch normalization (non-trivial gamma and beta, moving averages away from 0 and 1) under a softmax output layer. */
    static MultiLayerNetwork net(InputType in, CNN2DFormat format, boolean logStd) {
        var conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(0.1)).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list()
                .layer(new BatchNormalization.Builder().dataFormat(format).useLogStd(logStd).decay(0.9).eps(1e-3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(in).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        Layer bn = n.getLayer(0);
        for (String p : bn.paramTable().keySet()) {
            INDArray v = bn.getParam(p);
            switch (p) {
                case "gamma" -> v.assign(Nd4j.rand(DataType.FLOAT, v.shape()).addi(0.5));
                case "beta", "mean" -> v.assign(Nd4j.rand(DataType.FLOAT, v.shape()).subi(0.5));
                case "var" -> v.assign(Nd4j.rand(DataType.FLOAT, v.shape()).addi(0.5));
                case "log10stdev" -> v.assign(Nd4j.rand(DataType.FLOAT, v.shape()).subi(0.5).muli(0.4));
                default -> fail("unexpected parameter " + p);
            }
        }
        return n;
    }

    /** Ours and DL4J's own code, on the same weights. */
    static MultiLayerNetwork[] pair(InputType in, CNN2DFormat format, boolean logStd) {
        MultiLayerNetwork ours = net(in, format, logStd), ref = ours.clone();
        NetworkPatches.install(ours);
        NetworkPatches.install(ref);
        NetworkPatches.removeHelpers(ref, true, true, true);
        assertInstanceOf(BatchNormHelper.class, ours.getLayer(0).getHelper());
        assertNull(ref.getLayer(0).getHelper());
        ours.initGradientsView(); // the layers' gradient views, for a backward pass outside fit
        ref.initGradientsView();
        return new MultiLayerNetwork[] {ours, ref};
    }

    static void check(InputType in, CNN2DFormat format, boolean logStd, long... shape) {
        assertTrue(OneDnn.enabled(), OneDnn.describe());
        String what = java.util.Arrays.toString(shape) + " " + format + (logStd ? " log10 std" : " variance");
        MultiLayerNetwork[] p = pair(in, format, logStd);
        MultiLayerNetwork ours = p[0], ref = p[1];
        var helper = (BatchNormHelper) ours.getLayer(0).getHelper();
        INDArray x = Nd4j.rand(DataType.FLOAT, shape).muli(3).subi(1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, shape[0], 3);
        for (int i = 0; i < shape[0]; i++) y.putScalar(i, i % 3, 1f);

        // the layer alone: outputs in both modes, then the input, gamma and beta gradients and the moving-average "gradients"
        Layer lo = ours.getLayer(0), lr = ref.getLayer(0);
        for (boolean training : new boolean[] {false, true}) {
            lo.setInput(x, NO_WS);
            lr.setInput(x, NO_WS);
            close(lr.activate(training, NO_WS), lo.activate(training, NO_WS), what + (training ? " training" : " inference") + " output");
        }
        INDArray eps = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
        var go = lo.backpropGradient(eps, NO_WS);
        var gr = lr.backpropGradient(eps, NO_WS);
        close(gr.getSecond(), go.getSecond(), what + " input gradient");
        Map<String, INDArray> vo = go.getFirst().gradientForVariable(), vr = gr.getFirst().gradientForVariable();
        assertEquals(vr.keySet(), vo.keySet(), what);
        for (String k : vr.keySet()) close(vr.get(k), vo.get(k), what + " gradient " + k);
        assertEquals(0, helper.recomputed, "the backward pass used the training pass's statistics");

        // a whole step: score, every gradient, then every parameter (moving averages included) after the update
        ours.setInput(x);
        ours.setLabels(y);
        ours.computeGradientAndScore();
        ref.setInput(x);
        ref.setLabels(y);
        ref.computeGradientAndScore();
        assertEquals(ref.score(), ours.score(), 1e-5 * Math.max(1, Math.abs(ref.score())), what + " score");
        for (var e : ref.gradient().gradientForVariable().entrySet()) {
            close(e.getValue(), ours.gradient().gradientForVariable().get(e.getKey()), what + " network gradient " + e.getKey());
        }
        long runs = helper.backwardRuns;
        ours.fit(x, y);
        ref.fit(x, y);
        assertEquals(runs + 1, helper.backwardRuns, what + ": the step ran in oneDNN");
        for (String k : ref.paramTable().keySet()) close(ref.getParam(k), ours.getParam(k), what + " after a step: " + k);
        close(ref.output(x, false), ours.output(x, false), what + " inference output after a step");
    }

    @Test
    void nhwcOddShapes() {
        check(InputType.convolutional(5, 7, 3, CNN2DFormat.NHWC), CNN2DFormat.NHWC, true, 4, 5, 7, 3);
    }

    @Test
    void nhwcBatchOfOne() {
        check(InputType.convolutional(5, 7, 3, CNN2DFormat.NHWC), CNN2DFormat.NHWC, true, 1, 5, 7, 3);
    }

    @Test
    void nhwcVarianceParameterization() {
        check(InputType.convolutional(6, 3, 5, CNN2DFormat.NHWC), CNN2DFormat.NHWC, false, 3, 6, 3, 5);
    }

    @Test
    void nchw() {
        check(InputType.convolutional(5, 7, 3, CNN2DFormat.NCHW), CNN2DFormat.NCHW, true, 2, 3, 5, 7);
    }

    @Test
    void afterADenseLayer() { // rank 2: DL4J's layer hands the helper n×c×1×1
        check(InputType.feedForward(6), CNN2DFormat.NCHW, true, 5, 6);
    }

    /**
     * FrozenLayerWithBackprop runs its layer in inference mode and still asks for its input gradient:
     * the gradient of that pass (moving averages constant, Keras's frozen BatchNormalization), not
     * of a training pass, and the moving averages do not move. DL4J has no consistent answer to
     * compare with (see bench/README.md): checked against the formulas.
     */
    @Test
    void aBackwardPassAfterAnInferencePassHoldsTheMovingAveragesConstant() {
        MultiLayerNetwork n = net(InputType.convolutional(5, 7, 3, CNN2DFormat.NHWC), CNN2DFormat.NHWC, true);
        NetworkPatches.install(n);
        n.initGradientsView();
        Layer bn = n.getLayer(0);
        var helper = (BatchNormHelper) bn.getHelper();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 5, 7, 3).muli(3).subi(1), eps = Nd4j.rand(DataType.FLOAT, 4, 5, 7, 3).subi(0.5);
        bn.setInput(x, NO_WS);
        INDArray out = bn.activate(false, NO_WS);
        var g = bn.backpropGradient(eps, NO_WS);

        INDArray gamma = bn.getParam("gamma").reshape(1, 3), beta = bn.getParam("beta").reshape(1, 3), mean = bn.getParam("mean").reshape(1, 3);
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(new long[] {1, 3}, 10.0, DataType.FLOAT),
                bn.getParam("log10stdev").reshape(1, 3)); // var = std²; the layer normalizes by sqrt(var + eps), eps = 1e-3
        INDArray denom = org.nd4j.linalg.ops.transforms.Transforms.sqrt(std.mul(std).addi(1e-3));
        INDArray x2 = x.reshape(-1, 3), e2 = eps.reshape(-1, 3);
        INDArray xhat = x2.subRowVector(mean).diviRowVector(denom);
        close(xhat.mulRowVector(gamma).addiRowVector(beta), out.reshape(-1, 3), "inference output");
        close(e2.mulRowVector(gamma).diviRowVector(denom), g.getSecond().reshape(-1, 3), "input gradient");
        var v = g.getFirst().gradientForVariable();
        close(e2.mul(xhat).sum(true, 0), v.get("gamma").reshape(1, 3), "gamma gradient");
        close(e2.sum(true, 0), v.get("beta").reshape(1, 3), "beta gradient");
        assertEquals(0.0, v.get("mean").amaxNumber().doubleValue(), 1e-7, "the moving mean does not move");
        assertEquals(0.0, v.get("log10stdev").amaxNumber().doubleValue(), 1e-6, "nor the moving deviation");
        assertEquals(0, helper.recomputed, "no batch statistics");
    }

    @Test
    void otherTypesAndFixedGammaBetaStayWithDl4j() {
        var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nOut(4).build())
                .layer(new BatchNormalization.Builder().lockGammaBeta(true).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        NetworkPatches.install(n);
        assertFalse(n.getLayer(1).getHelper() instanceof BatchNormHelper, "fixed gamma and beta: no gradient views for a helper");

        var helper = new BatchNormHelper(null);
        INDArray d = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 4), g = Nd4j.ones(DataType.DOUBLE, 1, 3), b = Nd4j.zeros(DataType.DOUBLE, 1, 3);
        assertNull(helper.preOutput(d, true, new long[] {1, 3}, g, b, b, g, 0.9, 1e-5, CNN2DFormat.NCHW, NO_WS), "doubles: DL4J's code");
        assertEquals(0, helper.forwardRuns);
    }

    /** Score and gradients of the same network with our batch normalization and with DL4J's own. */
    static void sameStep(org.deeplearning4j.nn.api.Model ours, org.deeplearning4j.nn.api.Model ref, INDArray x, INDArray y, String what) {
        for (var net : java.util.List.of(ours, ref)) {
            if (net instanceof MultiLayerNetwork m) {
                m.setInput(x);
                m.setLabels(y);
                m.computeGradientAndScore();
            } else if (net instanceof ComputationGraph g) {
                g.setInputs(x);
                g.setLabels(y);
                g.computeGradientAndScore();
            }
        }
        assertEquals(ref.score(), ours.score(), 1e-5 * Math.max(1, Math.abs(ref.score())), what + " score");
        var gr = ref.gradient().gradientForVariable();
        assertEquals(gr.keySet(), ours.gradient().gradientForVariable().keySet());
        for (var e : gr.entrySet()) close(e.getValue(), ours.gradient().gradientForVariable().get(e.getKey()), what + " gradient " + e.getKey());
    }

    static int helpers(Layer[] layers) {
        int n = 0;
        for (Layer l : layers) if (l.getHelper() instanceof BatchNormHelper) n++;
        return n;
    }

    @Test
    void vggLikeSequentialGivesTheSameScoreAndGradients() {
        Sequential m = new Sequential(Input(10, 9, 3), Conv2D(4, 3, "relu", "same"), BatchNormalization(), Conv2D(4, 3, "relu", "same"),
                BatchNormalization(), MaxPooling2D(2), Flatten(), Dense(6, "relu"), Dense(3, "softmax"));
        m.seed(8);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        MultiLayerNetwork ours = (MultiLayerNetwork) m.toDl4j();
        assertEquals(2, helpers(ours.getLayers()), "installed with the network");
        assertTrue(NetworkPatches.describeLayers(ours).get(1).contains("normalisation oneDNN de Carnets"), NetworkPatches.describeLayers(ours).toString());
        MultiLayerNetwork ref = ours.clone();
        NetworkPatches.install(ref);
        NetworkPatches.removeHelpers(ref, false, false, true); // only batch normalization differs
        assertEquals(0, helpers(ref.getLayers()));
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 10, 9), y = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) y.putScalar(i, i % 3, 1f);
        sameStep(ours, ref, x, y, "vgg-like");
        for (int i = 0; i < 3; i++) {
            ours.fit(x, y);
            ref.fit(x, y);
        }
        close(ref.params(), ours.params(), "parameters after three Adam steps");
        close(ref.output(x, false), ours.output(x, false), "inference after three steps");
    }

    @Test
    void residualGraphModelGivesTheSameScoreAndGradients() {
        Input in = Input(9, 11, 2);
        Node t = BatchNormalization().apply(Conv2D(4, 3, "relu", "same").apply(in));
        t = add(t, BatchNormalization().apply(Conv2D(4, 3, "relu", "same").apply(t)));
        GraphModel m = new GraphModel(in, Dense(3, "softmax").apply(GlobalAveragePooling2D().apply(t)));
        m.seed(8);
        m.compile("adam", "categorical_crossentropy", "accuracy");
        ComputationGraph ours = m.toDl4j();
        assertEquals(2, helpers(ours.getLayers()));
        assertEquals(2, NetworkPatches.describeLayers(ours).stream().filter(l -> l.contains("normalisation oneDNN de Carnets")).count(),
                "%carnets performance says so: " + NetworkPatches.describeLayers(ours));
        ComputationGraph ref = ours.clone();
        NetworkPatches.install(ref);
        NetworkPatches.removeHelpers(ref, false, false, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 9, 11), y = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) y.putScalar(i, i % 3, 1f);
        sameStep(ours, ref, x, y, "residual graph");
        for (int i = 0; i < 3; i++) {
            ours.fit(new INDArray[] {x}, new INDArray[] {y});
            ref.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        close(ref.params(), ours.params(), "parameters after three Adam steps");
        close(ref.outputSingle(false, x), ours.outputSingle(false, x), "inference after three steps");
    }
}
