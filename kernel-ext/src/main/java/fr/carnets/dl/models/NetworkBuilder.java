package fr.carnets.dl.models;

import java.util.HashMap;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

import fr.carnets.dl.runtime.ImageFormat;
import fr.carnets.dl.runtime.ImagesToNhwc;
import fr.carnets.dl.runtime.Performance;
import fr.carnets.dl.training.Losses;

/**
 * Builds the DL4J network of a {@link LayerStack}: a MultiLayerNetwork for a Sequential (the
 * network our oneDNN runtime layers go into, NHWC inside for images), a ComputationGraph for a
 * graph. Both get the same settings, the same output layer, the same freezing and the weights
 * carried over from the previous build, and every patch of {@link #patched}.
 */
final class NetworkBuilder {
    private final LayerStack stack;
    private final Model model;
    private final IUpdater updater;

    NetworkBuilder(LayerStack stack, Model model) {
        Performance.configure(); // DL4J decides on its oneDNN helpers when it makes a layer: before every build
        this.stack = stack;
        this.model = model;
        this.updater = model.compileConfig().optimizer().toDl4j();
    }

    private NeuralNetConfiguration.Builder settings() {
        return new NeuralNetConfiguration.Builder().seed(model.compileConfig().seed()).updater(updater).weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0).dataType(DataType.FLOAT);
    }

    /** The network of a linear stack, or null when it has no layer yet. */
    MultiLayerNetwork multiLayer() {
        List<LayerStack.Entry> entries = stack.entries;
        if (entries.isEmpty()) return null;
        NeuralNetConfiguration.ListBuilder lb = settings().list();
        Set<String> frozenBase = stack.frozenBase();
        CNN2DFormat format = stack.imageFormat == null ? null : ImageFormat.forModel(stack.imageFormat, entries.get(0).layer);
        for (int i = 0; i < entries.size(); i++) {
            LayerStack.Entry e = entries.get(i);
            lb.layer(i, prepared(e, i == entries.size() - 1, frozenBase.contains(e.name), format));
        }
        if (stack.inputType != null) {
            // NHWC inside, NCHW arrays from the learner: one copy per batch at the entrance
            if (format == CNN2DFormat.NHWC) lb.inputPreProcessor(0, new ImagesToNhwc());
            lb.setInputType(stack.inputType);
        } else if (stack.loadedPreprocessors != null) lb.inputPreProcessors(new HashMap<>(stack.loadedPreprocessors));
        MultiLayerNetwork n = new MultiLayerNetwork(lb.build());
        n.init();
        stack.restore(n::getLayer);
        return patched(n);
    }

    /** The network of a graph. */
    ComputationGraph graph() {
        ComputationGraphConfiguration.GraphBuilder gb = settings().graphBuilder().addInputs(stack.inputName);
        Set<String> frozenBase = stack.frozenBase();
        String out = stack.entries.get(stack.entries.size() - 1).name;
        CNN2DFormat format = graphFormat();
        for (LayerStack.Entry e : stack.entries) {
            String[] ins = e.inputs.toArray(new String[0]);
            if (e.vertex != null) {
                gb.addVertex(e.name, e.vertex.clone(), ins);
                continue;
            }
            Layer put = prepared(e, e.name.equals(out), frozenBase.contains(e.name), format);
            // NHWC inside, NCHW arrays from the learner: each layer reading the input copies it once
            if (format == CNN2DFormat.NHWC && e.inputs.contains(stack.inputName)) gb.addLayer(e.name, put, new ImagesToNhwc(), ins);
            else if (stack.inputType == null && e.preProcessor != null) gb.addLayer(e.name, put, e.preProcessor, ins);
            else gb.addLayer(e.name, put, ins);
        }
        gb.setOutputs(out);
        if (stack.inputType != null) gb.setInputTypes(stack.inputType);
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        stack.restore(i -> g.getLayer(stack.entries.get(i).name));
        return patched(g);
    }

    /**
     * The layout inside a graph built from layers: the stack's (NHWC on our oneDNN path) when only
     * image layers read the input (a preprocessor goes on each of them; a merge cannot take one), NCHW
     * otherwise; null for a loaded or wrapped graph, which keeps its own.
     */
    private CNN2DFormat graphFormat() {
        if (stack.imageFormat != CNN2DFormat.NHWC || stack.inputType == null) return stack.imageFormat;
        for (LayerStack.Entry e : stack.entries) {
            if (e.inputs.contains(stack.inputName) && (e.vertex != null || ImageFormat.of(e.layer) == null)) return CNN2DFormat.NCHW;
        }
        return CNN2DFormat.NHWC;
    }

    /**
     * Every network a model holds comes through here once (built, loaded, wrapped): our changes to
     * DL4J are installed then, never per fit ({@link fr.carnets.dl.runtime.onednn.NetworkPatches}).
     */
    static <N extends org.deeplearning4j.nn.api.Model> N patched(N net) {
        fr.carnets.dl.runtime.onednn.NetworkPatches.install(net);
        Performance.remember(net);
        return net;
    }

    /**
     * One layer as it goes into the network: the last one becomes the output layer (with the
     * model's loss), an output layer elsewhere a Dense; this model's optimizer; the freezing wrapper.
     */
    private Layer prepared(LayerStack.Entry e, boolean last, boolean inFrozenBase, CNN2DFormat format) {
        Layer c = e.layer.clone();
        if (format != null) ImageFormat.apply(c, format);
        if (last && c instanceof DenseLayer d) c = toOutput(d, model.lossOrGuess());
        else if (last && c instanceof BaseOutputLayer o && model.compileConfig().loss() != null) o.setLossFn(Losses.toDl4j(model.compileConfig().loss()));
        else if (!last && c instanceof OutputLayer o) c = toDense(o);
        if (c instanceof BaseLayer b) {
            b.setIUpdater(updater.clone());
            b.setBiasUpdater(null);
        }
        c.setLayerName(e.name);
        if (!e.frozen) return c;
        // (DL4J refuses a FrozenLayer around the output layer)
        return inFrozenBase && !last ? new FrozenLayer(c) : new FrozenLayerWithBackprop(c);
    }

    static OutputLayer toOutput(DenseLayer d, String loss) {
        OutputLayer.Builder b = new OutputLayer.Builder(Losses.toDl4j(loss)).name(d.getLayerName()).nOut(d.getNOut())
                .activation(d.getActivationFn()).weightInit(d.getWeightInitFn()).biasInit(d.getBiasInit()).hasBias(d.hasBias());
        if (d.getNIn() > 0) b.nIn(d.getNIn());
        return b.build();
    }

    static DenseLayer toDense(OutputLayer o) {
        DenseLayer.Builder b = new DenseLayer.Builder().name(o.getLayerName()).nOut(o.getNOut()).activation(o.getActivationFn())
                .weightInit(o.getWeightInitFn()).biasInit(o.getBiasInit()).hasBias(o.hasBias());
        if (o.getNIn() > 0) b.nIn(o.getNIn());
        return b.build();
    }

    // ------------------------------------------------------------------ reading a built network

    /** The configuration inside a freezing wrapper (or the configuration itself). */
    static Layer unwrap(Layer c) {
        if (c instanceof FrozenLayerWithBackprop f) return f.getUnderlying();
        if (c instanceof FrozenLayer f) return f.getLayer();
        return c;
    }

    static boolean isFrozen(Layer c) {
        return c instanceof FrozenLayerWithBackprop || c instanceof FrozenLayer;
    }

    /** Keras's name of the loss of a loaded output layer. */
    static String lossOf(BaseOutputLayer o) {
        String lf = o.getLossFn().getClass().getSimpleName();
        return lf.equals("LossMCXENT") ? "categorical_crossentropy" : lf.equals("LossBinaryXENT") ? "binary_crossentropy" : "mse";
    }
}
