package fr.carnets.dl.runtime.onednn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every change Carnets makes to how DL4J runs a network, installed once, when the network is
 * built, loaded or wrapped ({@code NetworkBuilder.patched}: built models, {@code Sequential} and
 * {@code GraphModel} {@code load}/{@code of}, hence Zoo models; freezing, compile and weight
 * resets rebuild through it). Nothing is installed per fit, evaluate or predict. This is the only
 * class that reaches into DL4J's private state (the reflective field accesses are here); each
 * {@link Patch} says what DL4J behaviour it replaces, why, what was measured (bench/README.md)
 * and which DL4J internal it relies on, and NetworkPatchesTest fails when DL4J's version or one
 * of those internals changes. The whole runtime stays in the onednn package for now: the split
 * into {@code dl.runtime} is issue 26 §3.
 */
public final class NetworkPatches {
    /** The DL4J release every patch was written and measured against. */
    public static final String DL4J_VERSION = "1.0.0-M2.1";

    /** A private or protected DL4J field a patch reads or writes. */
    public record Internal(Class<?> owner, String field, Class<?> type) {}

    /** What Carnets replaces in DL4J, in one place. */
    public enum Patch {
        ND4JCPU_STAND_IN("DL4J's oneDNN helpers ask org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN(), a class ND4J M2.1 moved "
                + "(org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu, isUseONEDNN): without it they never switch on",
                "our class of that name answers from the moved one (org/nd4j/nativeblas/Nd4jCpu.java); Performance.configure sets "
                        + "org.eclipse.deeplearning4j.helpers.disable=false",
                "MNIST convnet training step 330 ms -> 68-73 ms (2 cores, bench/README.md, « Le réglage livré »)",
                List.of()),
        LAYER_HELPER("the helper DL4J's convolution and pooling layers pick in their constructor (MKLDNNConvHelper, "
                + "class literal, no hook)", "ConvHelper / PoolHelper set into the layer's protected helper field, DL4J's own as fallback; "
                        + "oneDNN 3 on NHWC activations without NCHW copies",
                "Profile convnet, 1 thread CPU time: conv 0 forward/backward 16.4/58.5 -> 7.6/27.0 ms (bench/README.md)",
                List.of(new Internal(ConvolutionLayer.class, "helper", ConvolutionHelper.class),
                        new Internal(SubsamplingLayer.class, "helper", SubsamplingHelper.class))),
        BATCH_NORM_HELPER("the helper DL4J's BatchNormalization layer picks in its constructor (MKLDNNBatchNormHelper: ND4J mean and "
                + "variance ops, then libnd4j's batchnorm and batchnorm_bp ops)",
                "BatchNormHelper set into the layer's package-private helper field, DL4J's own as fallback (Sequential and GraphModel): "
                        + "oneDNN 3 batch_normalization forward (batch statistics in training, moving averages in inference) and backward "
                        + "on dense NHWC/NCHW floats; DL4J's layer keeps its moving-average update, from the helper's batch mean and "
                        + "biased variance",
                "fit step, Profile, 1 thread CPU time, 2 alternated pairs on a busy machine: vgg 457-572 -> 252-303 ms, resnet 882-988 -> "
                        + "526-533 ms (bench/README.md, « La BatchNormalization sur le chemin oneDNN de Carnets »)",
                List.of(new Internal(BatchNormalization.class, "helper", BatchNormalizationHelper.class))),
        RUNTIME_LAYERS("DL4J's layer objects (convolution, pooling, dropout, dense, output, global pooling) of a MultiLayerNetwork",
                "subclasses over the same configuration and parameter views, put into the network's layer array and its private "
                        + "layerMap: fused ReLU, forward result kept for the backward pass, no input gradient for the first layer, "
                        + "oneDNN inner product; saved files do not name them",
                "convnet fit step 43.3 -> 25.4 ms (runtime layers) -> 19.3-19.8 ms (inner product) (bench/README.md)",
                List.of(new Internal(MultiLayerNetwork.class, "layerMap", java.util.Map.class))),
        VIEW_UPDATERS("BaseMultiLayerUpdater.update's test of an external gradient (identity with the gradient view, never true "
                + "since DefaultGradient.gradient() reshapes on each call)",
                "ViewUpdaters: MultiLayerUpdater / ComputationGraphUpdater subclasses that hand DL4J its own view; same state",
                "43 % of the bytes a transfer-model fit step allocated (bench/README.md, « L'updater de DL4J »)",
                List.of());

        public final String replaces, how, measured;
        public final List<Internal> relies;

        Patch(String replaces, String how, String measured, List<Internal> relies) {
            this.replaces = replaces;
            this.how = how;
            this.measured = measured;
            this.relies = relies;
        }
    }

    private static final Field CONV = field(Patch.LAYER_HELPER.relies.get(0));
    private static final Field POOL = field(Patch.LAYER_HELPER.relies.get(1));
    private static final Field BN = field(Patch.BATCH_NORM_HELPER.relies.get(0));
    private static final Field LAYER_MAP = field(Patch.RUNTIME_LAYERS.relies.get(0));
    private static final boolean FOUND = DL4J_VERSION.equals(dl4jVersion()) && CONV != null && POOL != null && BN != null && LAYER_MAP != null;

    private NetworkPatches() {}

    private static Field field(Internal i) {
        try {
            Field f = i.owner().getDeclaredField(i.field());
            if (!i.type().isAssignableFrom(f.getType())) return null;
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another DL4J version: our path stays off, DL4J's runs (and NetworkPatchesTest fails)
        }
    }

    /** Whether DL4J is the release the patches were written for and every internal they rely on was found, with its type. */
    public static boolean internalsFound() {
        return FOUND;
    }

    /** The version of the deeplearning4j-nn jar on the class path (its Maven properties), or null. */
    public static String dl4jVersion() {
        try (var in = MultiLayerNetwork.class.getResourceAsStream("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
            if (in == null) return null;
            var p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Installs every patch into a built network, once: the updater ({@link ViewUpdaters}), then,
     * when our oneDNN path is on, the runtime layers (MultiLayerNetwork and ComputationGraph) and the layer helpers.
     * Nothing on another DL4J release (DL4J's own code runs). Idempotent, so wrapping a network
     * twice is harmless.
     */
    public static void install(org.deeplearning4j.nn.api.Model net) {
        if (!internalsFound()) return;
        WeightVersion version = ViewUpdaters.install(net);
        if (!OneDnn.enabled()) return;
        if (net instanceof MultiLayerNetwork m && m.getLayers() != null) {
            Layer[] layers = m.getLayers(); // DL4J's own array: replacing an element replaces the layer
            DataType type = m.getLayerWiseConfigurations().getDataType();
            for (int i = 0; i < layers.length; i++) {
                Layer r = swap(type, layers[i], !inputGradientRead(m, i), version);
                if (r != layers[i]) replaceInMap(m, layers[i], r);
                layers[i] = r;
            }
            for (int i = 0; i + 1 < layers.length; i++) {
                // a ReLU convolution straight below a max pooling: the pooling applies the ReLU's backward pass
                if (layers[i] instanceof ConvolutionRuntime c && layers[i + 1] instanceof PoolingRuntime p
                        && m.getLayerWiseConfigurations().getInputPreProcess(i + 1) == null) {
                    c.next(p);
                    p.reluBelow(ConvolutionRuntime.Fused.of(c.layerConf().getActivationFn()) == ConvolutionRuntime.Fused.RELU);
                }
            }
        }
        if (net instanceof ComputationGraph g && g.getLayers() != null) swapInGraph(g, version);
        for (Layer l : layers(net)) installLayer(l, version);
    }

    /**
     * The runtime layers in a graph's layer vertices too. DL4J's own NHWC convolution copied its
     * whole input to NCHW at every forward pass (for its size checks) and ran the ReLU's backward pass
     * as a separate ND4J op: a third of the small residual net's training step. Every swapped layer
     * computes its input gradient: a graph's backward pass expects one from each layer vertex.
     */
    private static void swapInGraph(ComputationGraph g, WeightVersion version) {
        DataType type = g.getConfiguration().getDataType();
        Layer[] layers = g.getLayers(); // DL4J's own array, as for a MultiLayerNetwork
        for (var v : g.getVertices()) {
            if (!(v instanceof org.deeplearning4j.nn.graph.vertex.impl.LayerVertex lv) || !lv.hasLayer()) continue;
            Layer old = lv.getLayer(), r = swap(type, old, false, version);
            if (r == old) continue;
            lv.setLayer(r);
            for (int i = 0; i < layers.length; i++) if (layers[i] == old) layers[i] = r;
        }
    }

    /** The weights of this network were changed from outside an optimizer step (setWeights): kept forward results are stale. */
    public static void weightsChanged(org.deeplearning4j.nn.api.Model net) {
        WeightVersion v = ViewUpdaters.versionOf(net);
        if (v != null) v.bump();
    }

    private static Layer[] layers(org.deeplearning4j.nn.api.Model net) {
        Layer[] layers = net instanceof MultiLayerNetwork m ? m.getLayers() : net instanceof ComputationGraph g ? g.getLayers() : null;
        return layers == null ? new Layer[0] : layers;
    }

    /** Takes our and DL4J's helpers out of convolution, pooling and/or batch normalization layers: DL4J's own code, for comparisons (tests, bench). */
    public static void removeHelpers(org.deeplearning4j.nn.api.Model net, boolean convolutions, boolean poolings, boolean batchNorms) {
        try {
            for (Layer l : layers(net)) {
                if (convolutions && l instanceof ConvolutionLayer) CONV.set(l, null);
                if (poolings && l instanceof SubsamplingLayer) POOL.set(l, null);
                if (batchNorms && l instanceof BatchNormalization) BN.set(l, null);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts back, in batch normalization layers, the helper DL4J chose in place of ours: the "before" of a measurement (bench's Profile). */
    public static void dl4jBatchNormHelpers(org.deeplearning4j.nn.api.Model net) {
        try {
            for (Layer l : layers(net)) if (l instanceof BatchNormalization && BN.get(l) instanceof BatchNormHelper h) BN.set(l, h.fallback());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per layer, in French, which code runs it and why (for {@code %carnets performance}). */
    public static List<String> describeLayers(org.deeplearning4j.nn.api.Model net) {
        List<String> out = new ArrayList<>();
        for (Layer l : layers(net)) out.add(l.conf().getLayer().getLayerName() + " : " + path(l));
        return out;
    }

    private static String path(Layer l) {
        if (l instanceof FrozenLayer f) return "gelée, sans passe arrière (FrozenLayer) ; " + path(f.getInsideLayer());
        if (l instanceof FrozenLayerWithBackprop f) return "gelée, gradient transmis (FrozenLayerWithBackprop) ; " + path(f.getInsideLayer());
        if (!OneDnn.enabled()) return "code de DL4J (chemin oneDNN de Carnets désactivé ou indisponible)";
        if (l instanceof ConvolutionRuntime c) {
            String not = c.notFused();
            return not == null ? "convolution oneDNN de Carnets (NHWC, activation fusionnée, sortie gardée pour la passe arrière)"
                    : "code de DL4J et aide oneDNN de Carnets : " + not;
        }
        if (l instanceof PoolingRuntime) return "pooling oneDNN de Carnets (NHWC)";
        if (l instanceof DropoutRuntime) return "dropout de Carnets (masque appliqué sans copie)";
        if (l instanceof DenseRuntime) return "produit interne oneDNN de Carnets (pré-activation gardée pour la passe arrière)";
        if (l instanceof OutputRuntime) return "sortie oneDNN de Carnets (produit interne ; softmax et entropie croisée en une passe)";
        if (l instanceof BatchNormalization b && b.getHelper() instanceof BatchNormHelper) {
            return "normalisation oneDNN de Carnets (statistiques du lot à l'entraînement, moyennes mobiles de DL4J en inférence)";
        }
        if (l instanceof GlobalPoolingRuntime) return "code de DL4J, sans gradient d'entrée (rien ne le lit)";
        if (l.getClass() == ConvolutionLayer.class || l.getClass() == SubsamplingLayer.class) return "code de DL4J et aide oneDNN de Carnets (format NCHW)";
        return "code de DL4J (pas de chemin Carnets pour " + l.getClass().getSimpleName() + ")";
    }

    /**
     * Whether DL4J reads layer i's input gradient: not for the first layer, nor above a FrozenLayer,
     * where DL4J stops backpropagating. A null gradient must also pass the layer's input
     * preprocessor, which only ours accepts.
     */
    private static boolean inputGradientRead(MultiLayerNetwork m, int i) {
        var pre = m.getLayerWiseConfigurations().getInputPreProcess(i);
        if (pre != null && !(pre instanceof SkipsNullGradient)) return true;
        return i > 0 && !(m.getLayers()[i - 1] instanceof FrozenLayer);
    }

    /** The runtime layer for an NHWC convolution or pooling, dense, output, dropout or global pooling layer (through frozen wrappers), else the layer itself. */
    private static Layer swap(DataType type, Layer l, boolean noInputGradient, WeightVersion version) {
        if (l instanceof BaseWrapperLayer w && (l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop)) {
            Layer inside = swap(type, w.getUnderlying(), noInputGradient, version);
            if (inside != w.getUnderlying()) w.setUnderlying(inside);
            return l;
        }
        Layer r = null;
        if (l.getClass() == ConvolutionLayer.class && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer())
                .getCnn2dDataFormat() == CNN2DFormat.NHWC) {
            var c = new ConvolutionRuntime(l.conf(), type);
            c.inputGradient(!noInputGradient);
            c.version(version);
            r = c;
        } else if (l.getClass() == SubsamplingLayer.class && ((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) l.conf().getLayer())
                .getCnn2dDataFormat() == CNN2DFormat.NHWC) {
            r = new PoolingRuntime(l.conf(), type);
        } else if (l.getClass() == org.deeplearning4j.nn.layers.pooling.GlobalPoolingLayer.class && noInputGradient) {
            var g = new GlobalPoolingRuntime(l.conf(), type);
            g.inputGradient(false);
            r = g;
        } else if (l.getClass() == org.deeplearning4j.nn.layers.DropoutLayer.class) {
            r = new DropoutRuntime(l.conf(), type);
        } else if (l.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            var d = new DenseRuntime(l.conf(), type);
            d.inputGradient(!noInputGradient);
            r = d;
        } else if (l.getClass() == org.deeplearning4j.nn.layers.OutputLayer.class) {
            var o = new OutputRuntime(l.conf(), type);
            o.inputGradient(!noInputGradient);
            r = o;
        }
        if (r instanceof org.deeplearning4j.nn.layers.BaseLayer<?> b) { // the same parameter and gradient views as DL4J's layer
            if (l.numParams() > 0) b.setParamsViewArray(l.params());
            b.setParamTable(l.paramTable());
            if (l.numParams() > 0 && l.getGradientsViewArray() != null) b.setBackpropGradientsViewArray(l.getGradientsViewArray());
        }
        if (r == null) return l;
        r.setIndex(l.getIndex());
        r.setListeners(l.getListeners());
        r.setIterationCount(l.getIterationCount());
        r.setEpochCount(l.getEpochCount());
        return r;
    }

    /** MultiLayerNetwork also finds layers by name. */
    @SuppressWarnings("unchecked")
    private static void replaceInMap(MultiLayerNetwork net, Layer old, Layer replacement) {
        if (LAYER_MAP == null) return;
        try {
            var map = (java.util.Map<String, Layer>) LAYER_MAP.get(net);
            if (map != null) map.replaceAll((name, l) -> l == old ? replacement : l);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Installs our helper in one layer (a network is a Layer too in DL4J: hence another name) (through frozen wrappers); returns whether the layer has it. */
    private static boolean installLayer(Layer l, WeightVersion version) {
        if (l instanceof FrozenLayer f) return installLayer(f.getInsideLayer(), version);
        if (l instanceof FrozenLayerWithBackprop f) return installLayer(f.getInsideLayer(), version);
        try {
            if (l.getClass() == ConvolutionLayer.class || l instanceof ConvolutionRuntime) {
                Object h = CONV.get(l);
                if (!(h instanceof ConvHelper)) CONV.set(l, new ConvHelper((ConvolutionHelper) h, version));
                return true;
            }
            if (l.getClass() == SubsamplingLayer.class || l instanceof PoolingRuntime) {
                Object h = POOL.get(l);
                if (!(h instanceof PoolHelper)) POOL.set(l, new PoolHelper((SubsamplingHelper) h));
                return true;
            }
            // fixed gamma/beta: DL4J hands helpers stand-in arrays with no gradient views behind them; its own code keeps those
            if (l.getClass() == BatchNormalization.class && !((org.deeplearning4j.nn.conf.layers.BatchNormalization) l.conf().getLayer()).isLockGammaBeta()) {
                Object h = BN.get(l);
                if (!(h instanceof BatchNormHelper)) BN.set(l, new BatchNormHelper((BatchNormalizationHelper) h));
                return true;
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return false;
    }
}
