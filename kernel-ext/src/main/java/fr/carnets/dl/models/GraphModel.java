package fr.carnets.dl.models;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.runtime.ImageFormat;
import fr.carnets.dl.runtime.Performance;
import fr.carnets.dl.layers.Flatten;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.KerasLayer;
import fr.carnets.dl.layers.Merge;
import fr.carnets.dl.layers.Node;

/**
 * Keras's functional form over a DL4J {@link ComputationGraph}, one input and one output:
 * <pre>
 * var in = Input(28, 28, 1);
 * var x = Conv2D(16, 3, "relu").apply(in);
 * var a = Conv2D(16, 3, "relu").padding("same").apply(x);
 * var out = Dense(10, "softmax").apply(GlobalAveragePooling2D().apply(add(x, a)));
 * var model = Model(in, out);
 * </pre>
 * Also wraps any single-input, single-output graph (a zoo model, a loaded file) to freeze part of
 * it and put a new head on it with {@link #head(String, KerasLayer...)}.
 */
public class GraphModel extends LayerModel<GraphModel> {
    private ComputationGraph graph;
    /** Whether the graph's images run NHWC inside (then its image outputs are turned back to NCHW). */
    private boolean nhwc;
    private final StepAccuracy accuracy = new StepAccuracy(stack);

    public GraphModel(Input input, Node output) {
        this(new LayerStack(false));
        stack.input(input);
        Map<Node, String> names = new IdentityHashMap<>();
        names.put(input, stack.inputName);
        visit(output, names, new IdentityHashMap<>());
        if (input.shape().length == 3) stack.imageFormat = ImageFormat.forNewModel();
        build();
    }

    private GraphModel(LayerStack layers) {
        super(layers);
    }

    /** Adds the layers {@code node} depends on, then its own, to the stack (topological order); returns its name. */
    private String visit(Node node, Map<Node, String> names, Map<Node, Boolean> onPath) {
        String known = names.get(node);
        if (known != null) return known;
        if (node instanceof Input) {
            throw new ModelException("Ce graphe a plusieurs entrées : Model(entree, sortie) n'en accepte qu'une.");
        }
        if (onPath.containsKey(node)) throw new ModelException("Le graphe contient une boucle.");
        onPath.put(node, true);
        List<String> ins = new ArrayList<>();
        for (Node p : node.inputs()) ins.add(visit(p, names, onPath));
        onPath.remove(node);
        KerasLayer l = node.layer();
        if (l instanceof Flatten) { // DL4J reshapes by itself
            names.put(node, ins.get(0));
            return ins.get(0);
        }
        String name = stack.nameFor(l);
        if (l instanceof Merge m) {
            if (ins.size() < 2) throw new ModelException(l.kerasType() + " attend au moins deux entrées.");
            stack.entries.add(new LayerStack.Entry(name, null, m.vertex(), ins, false));
        } else {
            if (ins.size() != 1) throw new ModelException(l.kerasType() + " n'accepte qu'une entrée ; réunissez-les d'abord avec concatenate(...) ou add(...).");
            stack.entries.add(new LayerStack.Entry(name, l.toDl4j(), null, ins, !l.isTrainable()));
        }
        names.put(node, name);
        return name;
    }

    /** Wraps a DL4J graph with one input and one output (weights and updater state kept). */
    public static GraphModel of(ComputationGraph g) {
        return fromGraph(g, null);
    }

    public static GraphModel load(String path) {
        File f = ModelFiles.existing(path);
        ComputationGraph g;
        Performance.configure(); // before DL4J makes the loaded network's layers
        try {
            g = ModelSerializer.restoreComputationGraph(ModelFiles.readable(f), true);
        } catch (IOException | RuntimeException e) {
            throw new ModelException("Impossible de lire le modèle " + path + " : " + e.getMessage(), e);
        }
        return fromGraph(g, ModelFiles.readMeta(f));
    }

    private static GraphModel fromGraph(ComputationGraph g, String meta) {
        ComputationGraphConfiguration conf = g.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new ModelException("GraphModel ne gère que les graphes à une entrée et une sortie (celui-ci : "
                    + conf.getNetworkInputs() + " -> " + conf.getNetworkOutputs() + ").");
        }
        GraphModel m = new GraphModel(new LayerStack(false));
        LayerStack st = m.stack;
        st.inputName = conf.getNetworkInputs().get(0);
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] gv = g.getVertices();
        for (int idx : g.topologicalSortOrder()) {
            String name = gv[idx].getVertexName();
            if (conf.getNetworkInputs().contains(name)) continue;
            GraphVertex v = conf.getVertices().get(name);
            List<String> ins = conf.getVertexInputs().get(name);
            if (v instanceof LayerVertex lv) {
                org.deeplearning4j.nn.conf.layers.Layer wrapped = lv.getLayerConf().getLayer().clone();
                LayerStack.Entry e = new LayerStack.Entry(name, NetworkBuilder.unwrap(wrapped), null, ins, NetworkBuilder.isFrozen(wrapped));
                e.preProcessor = lv.getPreProcessor();
                st.entries.add(e);
            } else {
                st.entries.add(new LayerStack.Entry(name, null, v.clone(), ins, false));
            }
        }
        ModelFiles.applyMetadata(m, meta);
        m.adoptLoss();
        m.adopt(NetworkBuilder.patched(g));
        return m;
    }

    // ------------------------------------------------------------------ Model's hooks

    @Override
    public ComputationGraph toDl4j() {
        return graph;
    }

    @Override
    GraphModel create(LayerStack layers) {
        return new GraphModel(layers);
    }

    @Override
    void build() {
        adopt(new NetworkBuilder(stack, this).graph());
    }

    /** Rebuilds a new image graph with another inner layout (tests comparing both paths); weights start afresh. */
    GraphModel imageFormat(org.deeplearning4j.nn.conf.CNN2DFormat f) {
        stack.imageFormat = f;
        stack.forgetWeights();
        build();
        return this;
    }

    /** Holds a patched graph; the step's accuracy listener goes in once, here. */
    private void adopt(ComputationGraph patched) {
        graph = patched;
        nhwc = graph != null && java.util.Arrays.stream(graph.getLayers())
                .anyMatch(l -> ImageFormat.of(NetworkBuilder.unwrap(l.conf().getLayer())) == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC);
        if (graph != null) accuracy.attach(graph);
    }

    @Override
    org.deeplearning4j.nn.api.Layer builtLayer(int i) {
        return graph == null ? null : graph.getLayer(stack.entries.get(i).name);
    }

    @Override
    org.deeplearning4j.nn.api.Layer[] builtLayers() {
        return graph.getLayers();
    }

    @Override
    protected long fitBatch(INDArray x, INDArray y, boolean countCorrect) {
        return accuracy.fit(graph, x, y, countCorrect);
    }

    @Override
    protected boolean countsWhileFitting() {
        return StepAccuracy.canCount(graph);
    }

    @Override
    protected double batchLoss() {
        return graph.score();
    }

    @Override
    protected INDArray output(INDArray x) {
        INDArray out = graph.outputSingle(false, x);
        // images come back [n, channels, height, width] whatever the inner layout (a graph cut after a convolution or a merge)
        return nhwc && out.rank() == 4 ? out.permute(0, 3, 1, 2).dup('c') : out;
    }

    @Override
    String kind() {
        return "graph";
    }

    @Override
    public Summary summary() {
        Summary s = new Summary("functional");
        Map<String, InputType> types = null;
        if (stack.inputType != null) {
            try {
                types = graph.getConfiguration().getLayerActivationTypes(stack.inputType);
            } catch (RuntimeException e) {
                types = null;
            }
        }
        for (LayerStack.Entry e : stack.entries) {
            String shape = types == null || types.get(e.name) == null ? "?" : Summary.shapeText(types.get(e.name));
            long p = e.layer != null && graph.getLayer(e.name) != null ? graph.getLayer(e.name).numParams() : 0;
            s.add(e, e.name + (e.inputs.size() > 1 ? " ← " + String.join(", ", e.inputs) : ""), shape, p);
        }
        return s;
    }
}
