package fr.carnets.dl.runtime.onednn;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Modifier;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fr.carnets.dl.models.GraphModel;

/**
 * Every patch of {@link NetworkPatches} fails here first when DL4J changes: its version, the
 * private fields written by reflection, the class our Nd4jCpu stands in for. And a kept forward
 * result is keyed on the weights' version, not on their sum.
 */
class NetworkPatchesTest {

    @Test
    void dl4jIsTheReleaseThePatchesWereWrittenFor() {
        assertEquals(NetworkPatches.DL4J_VERSION, NetworkPatches.dl4jVersion(),
                "DL4J changed: re-check every NetworkPatches.Patch (what it replaces, its measurement), then update DL4J_VERSION");
        assertTrue(NetworkPatches.internalsFound());
    }

    @Test
    void everyInternalAPatchReliesOnExistsWithItsType() throws ReflectiveOperationException {
        int fields = 0;
        for (NetworkPatches.Patch p : NetworkPatches.Patch.values()) {
            assertFalse(p.replaces.isBlank() || p.how.isBlank() || p.measured.isBlank(), p + " says what it replaces, how and what was measured");
            for (NetworkPatches.Internal i : p.relies) {
                var f = i.owner().getDeclaredField(i.field());
                assertTrue(i.type().isAssignableFrom(f.getType()), p + ": " + i + " is now " + f.getType());
                assertFalse(Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers()), p + ": " + i + " is an instance field we can set");
                fields++;
            }
        }
        assertEquals(4, fields, "helper (convolution, pooling, batch normalization) and layerMap");
    }

    @Test
    void ourNd4jCpuStandsInForTheClassDl4jsHelpersAsk() throws Exception {
        // DL4J's oneDNN helpers still exist and still read the old class name...
        Class.forName("org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper");
        var urls = java.util.Collections.list(getClass().getClassLoader().getResources("org/nd4j/nativeblas/Nd4jCpu$Environment.class"));
        assertEquals(1, urls.size(), "only ours: ND4J brought its own back, remove the stand-in " + urls);
        // ...and the moved class still answers the question
        var moved = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
        assertEquals(boolean.class, moved.getMethod("isUseONEDNN").getReturnType());
        assertEquals(boolean.class, org.nd4j.nativeblas.Nd4jCpu.Environment.class.getMethod("isUseMKLDNN").getReturnType());
    }

    /** A one-convolution graph in NHWC: its layers become our runtime layers, as in a Sequential. */
    private static ComputationGraph graph() {
        var conf = new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.1)).weightInit(WeightInit.XAVIER).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "conv")
                .setOutputs("out").setInputTypes(InputType.convolutional(5, 5, 2, CNN2DFormat.NHWC)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void twoWeightSetsWithTheSameSumGiveTheirOwnOutputs() {
        assertTrue(OneDnn.enabled(), OneDnn.describe());
        ComputationGraph g = graph();
        GraphModel m = GraphModel.of(g); // installs the patches
        assertEquals(List.of("conv : convolution oneDNN de Carnets (NHWC, activation fusionnée, sortie gardée pour la passe arrière)",
                "out : sortie oneDNN de Carnets (produit interne ; softmax et entropie croisée en une passe)"), NetworkPatches.describeLayers(g));
        var conv = assertInstanceOf(ConvolutionRuntime.class, g.getLayer("conv"));
        assertTrue(java.util.Arrays.asList(g.getLayers()).contains(conv), "the graph's layer array holds the runtime layer too");
        assertInstanceOf(ConvHelper.class, conv.getHelper(), "DL4J's code, when it runs, keeps our helper");
        INDArray w = g.getLayer("conv").getParam("W");
        // exact sums: multiples of 1/8
        INDArray values = Nd4j.arange(w.length()).castTo(DataType.FLOAT).fmodi(5).subi(2).muli(0.125);
        m.setWeights(withConvWeights(g, values));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 5, 2);
        INDArray first = g.feedForward(x, true).get("conv").dup(); // a training forward pass: kept for a backward pass that never comes
        long runs = conv.forwardRuns;

        INDArray reversed = Nd4j.reverse(values.dup());
        assertEquals(values.sumNumber().doubleValue(), reversed.sumNumber().doubleValue(), 0.0, "the same sum");
        m.setWeights(withConvWeights(g, reversed));
        INDArray second = g.feedForward(x, true).get("conv").dup();
        assertEquals(runs + 1, conv.forwardRuns, "computed again, not reused");

        ComputationGraph ref = graph();
        ref.setParams(g.params().dup());
        NetworkPatches.removeHelpers(ref, true, true, true); // DL4J's own code
        INDArray expected = ref.feedForward(x, false).get("conv");
        assertTrue(second.sub(expected).amaxNumber().doubleValue() < 1e-4, "the new weights' output");
        assertTrue(second.sub(first).amaxNumber().doubleValue() > 1e-3, "not the previous weights' output");
    }

    /** The graph's flat parameters with the convolution's weights replaced by {@code values} (the graph unchanged). */
    private static INDArray withConvWeights(ComputationGraph g, INDArray values) {
        INDArray w = g.getLayer("conv").getParam("W"), keep = w.dup();
        w.assign(values.reshape(w.shape()));
        INDArray all = g.params().dup();
        w.assign(keep);
        return all;
    }
}
