package fr.carnets.dl.onednn;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Puts our oneDNN helpers into a network's convolution and pooling layers.
 *
 * <p>Why here and this way: DL4J 1.0.0-M2.1 creates a layer's helper once, in the layer's
 * constructor ({@code initializeHelper()} calls {@code HelperUtils.createHelper(cudnnName,
 * MKLDNNConvHelper.class.getName(), ...)}); the oneDNN class is a class literal compiled into DL4J,
 * so there is no configuration or service hook to name another class. The alternatives were
 * shadowing DL4J's {@code MKLDNNConvHelper} on the class path (depends on class path order, and
 * DL4J tests {@code instanceof MKLDNNConvHelper}) or subclassing the layers (changes the saved
 * JSON). Instead the layers keep their classes and configuration, and their protected
 * {@code helper} field is replaced after construction, wrapping the helper DL4J chose as the
 * fallback for what ours does not handle. Every model of fr.carnets.dl passes through
 * {@code Performance.prepare} before training or predicting, so built, loaded, cloned and Zoo
 * networks all get it; installing is idempotent and cheap.
 */
public final class Helpers {
    private static final Field CONV = field(ConvolutionLayer.class);
    private static final Field POOL = field(SubsamplingLayer.class);
    private static final Field LAYER_MAP = field(MultiLayerNetwork.class, "layerMap");

    private Helpers() {}

    private static Field field(Class<?> c) {
        return field(c, "helper");
    }

    private static Field field(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another DL4J version: our path stays off, DL4J's runs
        }
    }

    /**
     * Installs our helpers in every convolution and pooling layer of the network, when the path is
     * on; in a MultiLayerNetwork, NHWC convolution and pooling layers are also replaced by our
     * runtime layers ({@link ConvolutionRuntime}, {@link PoolingRuntime}) over the same
     * configuration and parameters.
     */
    public static void install(org.deeplearning4j.nn.api.Model net) {
        if (CONV == null || POOL == null || !OneDnn.enabled()) return;
        if (net instanceof MultiLayerNetwork m && m.getLayers() != null) {
            Layer[] layers = m.getLayers(); // DL4J's own array: replacing an element replaces the layer
            for (int i = 0; i < layers.length; i++) layers[i] = swap(m, layers[i], !inputGradientRead(m, i));
            for (int i = 0; i + 1 < layers.length; i++) {
                // a ReLU convolution straight below a max pooling: the pooling applies the ReLU's backward pass
                if (layers[i] instanceof ConvolutionRuntime c && layers[i + 1] instanceof PoolingRuntime p
                        && m.getLayerWiseConfigurations().getInputPreProcess(i + 1) == null) {
                    c.next(p);
                    p.reluBelow(ConvolutionRuntime.Fused.of(c.layerConf().getActivationFn()) == ConvolutionRuntime.Fused.RELU);
                }
            }
        }
        Layer[] layers = net instanceof MultiLayerNetwork m ? m.getLayers() : net instanceof ComputationGraph g ? g.getLayers() : new Layer[0];
        if (layers == null) return;
        for (Layer l : layers) installLayer(l);
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

    /** The runtime layer for an NHWC convolution or pooling layer (through frozen wrappers), else the layer itself. */
    private static Layer swap(MultiLayerNetwork net, Layer l, boolean noInputGradient) {
        if (l instanceof BaseWrapperLayer w && (l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop)) {
            Layer inside = swap(net, w.getUnderlying(), noInputGradient);
            if (inside != w.getUnderlying()) w.setUnderlying(inside);
            return l;
        }
        DataType type = net.getLayerWiseConfigurations().getDataType();
        Layer r = null;
        if (l.getClass() == ConvolutionLayer.class && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer())
                .getCnn2dDataFormat() == CNN2DFormat.NHWC) {
            var c = new ConvolutionRuntime(l.conf(), type);
            c.inputGradient(!noInputGradient);
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
        replaceInMap(net, l, r);
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
    public static boolean installLayer(Layer l) {
        if (l instanceof FrozenLayer f) return installLayer(f.getInsideLayer());
        if (l instanceof FrozenLayerWithBackprop f) return installLayer(f.getInsideLayer());
        try {
            if (l.getClass() == ConvolutionLayer.class || l instanceof ConvolutionRuntime) {
                Object h = CONV.get(l);
                if (!(h instanceof ConvHelper)) CONV.set(l, new ConvHelper((ConvolutionHelper) h));
                return true;
            }
            if (l.getClass() == SubsamplingLayer.class || l instanceof PoolingRuntime) {
                Object h = POOL.get(l);
                if (!(h instanceof PoolHelper)) POOL.set(l, new PoolHelper((SubsamplingHelper) h));
                return true;
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return false;
    }
}
