package fr.carnets.dl;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

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
public class GraphModel extends Model {
    /** One vertex: a layer configuration or another vertex (merge, add), with its inputs. */
    static final class V {
        final String name;
        org.deeplearning4j.nn.conf.layers.Layer layer;
        final GraphVertex vertex;
        final List<String> inputs;
        boolean frozen;
        INDArray carried;
        org.deeplearning4j.nn.conf.InputPreProcessor preProcessor;

        V(String name, org.deeplearning4j.nn.conf.layers.Layer layer, GraphVertex vertex, List<String> inputs, boolean frozen) {
            this.name = name;
            this.layer = layer;
            this.vertex = vertex;
            this.inputs = inputs;
            this.frozen = frozen;
        }
    }

    private String inputName = "input";
    private InputType inputType;
    private long[] inputShape;
    private final List<V> vertices = new ArrayList<>(); // topological order, output last
    private final Map<String, Integer> nameCounts = new HashMap<>();
    private ComputationGraph graph;

    GraphModel(Input input, Node output) {
        this.inputType = input.inputType();
        this.inputShape = input.shape();
        Map<Node, String> names = new IdentityHashMap<>();
        names.put(input, inputName);
        visit(output, input, names, new IdentityHashMap<>());
        buildGraph();
    }

    private GraphModel() {}

    private String visit(Node node, Input input, Map<Node, String> names, Map<Node, Boolean> onPath) {
        String known = names.get(node);
        if (known != null) return known;
        if (node instanceof Input) {
            throw new ModelException("Ce graphe a plusieurs entrées : Model(entree, sortie) n'en accepte qu'une.");
        }
        if (onPath.containsKey(node)) throw new ModelException("Le graphe contient une boucle.");
        onPath.put(node, true);
        List<String> ins = new ArrayList<>();
        for (Node p : node.inputs) ins.add(visit(p, input, names, onPath));
        onPath.remove(node);
        KerasLayer l = node.layer;
        if (l instanceof Flatten) { // DL4J reshapes by itself
            names.put(node, ins.get(0));
            return ins.get(0);
        }
        String name = l.name != null ? l.name : unique(l.baseName());
        for (V v : vertices) if (v.name.equals(name)) throw new ModelException("Le nom de couche \"" + name + "\" est déjà pris.");
        if (l instanceof Merge) {
            if (ins.size() < 2) throw new ModelException(l.kerasType() + " attend au moins deux entrées.");
            vertices.add(new V(name, null, ((Merge) l).vertex(), ins, false));
        } else {
            if (ins.size() != 1) throw new ModelException(l.kerasType() + " n'accepte qu'une entrée ; réunissez-les d'abord avec concatenate(...) ou add(...).");
            vertices.add(new V(name, l.toDl4j(), null, ins, !l.trainable));
        }
        names.put(node, name);
        return name;
    }

    private String unique(String base) {
        int k = nameCounts.merge(base, 1, Integer::sum) - 1;
        return k == 0 ? base : base + "_" + k;
    }

    /** Wraps a DL4J graph with one input and one output (weights and updater state kept). */
    public static GraphModel of(ComputationGraph g) {
        return fromGraph(g, null);
    }

    public static GraphModel load(String path) {
        File f = existing(path);
        ComputationGraph g;
        try {
            g = ModelSerializer.restoreComputationGraph(f, true);
        } catch (IOException | RuntimeException e) {
            throw new ModelException("Impossible de lire le modèle " + path + " : " + e.getMessage(), e);
        }
        return fromGraph(g, readMeta(f));
    }

    private static GraphModel fromGraph(ComputationGraph g, String meta) {
        ComputationGraphConfiguration conf = g.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new ModelException("GraphModel ne gère que les graphes à une entrée et une sortie (celui-ci : "
                    + conf.getNetworkInputs() + " -> " + conf.getNetworkOutputs() + ").");
        }
        GraphModel m = new GraphModel();
        m.inputName = conf.getNetworkInputs().get(0);
        int[] order = g.topologicalSortOrder();
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] gv = g.getVertices();
        for (int idx : order) {
            String name = gv[idx].getVertexName();
            if (conf.getNetworkInputs().contains(name)) continue;
            GraphVertex v = conf.getVertices().get(name);
            List<String> ins = new ArrayList<>(conf.getVertexInputs().get(name));
            if (v instanceof LayerVertex) {
                LayerVertex lv = (LayerVertex) v;
                org.deeplearning4j.nn.conf.layers.Layer c = lv.getLayerConf().getLayer().clone();
                boolean fz = false;
                if (c instanceof FrozenLayerWithBackprop) {
                    c = ((FrozenLayerWithBackprop) c).getUnderlying();
                    fz = true;
                } else if (c instanceof FrozenLayer) {
                    c = ((FrozenLayer) c).getLayer();
                    fz = true;
                }
                V vv = new V(name, c, null, ins, fz);
                vv.preProcessor = lv.getPreProcessor();
                m.vertices.add(vv);
            } else {
                m.vertices.add(new V(name, null, v.clone(), ins, false));
            }
        }
        if (meta != null) {
            Map<String, Object> md = parse(meta);
            m.applyMetadata(md);
            @SuppressWarnings("unchecked")
            List<Number> shape = (List<Number>) md.get("input_shape");
            if (shape != null && !shape.isEmpty()) {
                Input in = new Input(shape.stream().mapToLong(Number::longValue).toArray());
                m.inputType = in.inputType();
                m.inputShape = in.shape();
            }
        }
        V last = m.vertices.get(m.vertices.size() - 1);
        if (m.loss == null && last.layer instanceof BaseOutputLayer) {
            String lf = ((BaseOutputLayer) last.layer).getLossFn().getClass().getSimpleName();
            m.loss = lf.equals("LossMCXENT") ? "categorical_crossentropy" : lf.equals("LossBinaryXENT") ? "binary_crossentropy" : "mse";
            m.compiled = true;
        }
        m.graph = g;
        return m;
    }

    // ------------------------------------------------------------------ build

    private void capture() {
        if (graph == null) return;
        for (V v : vertices) {
            if (v.layer == null) continue;
            org.deeplearning4j.nn.api.Layer l = graph.getLayer(v.name);
            v.carried = l != null && l.numParams() > 0 ? l.params().dup() : null;
        }
    }

    @Override
    void rebuild() {
        capture();
        buildGraph();
    }

    @Override
    void resetWeights() {
        for (V v : vertices) v.carried = null;
        buildGraph();
    }

    private void buildGraph() {
        IUpdater updater = optimizer.toDl4j();
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(seed).updater(updater).weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0.0).dataType(DataType.FLOAT)
                .graphBuilder().addInputs(inputName);
        String out = vertices.get(vertices.size() - 1).name;
        // Vertices whose whole ancestry is frozen need no backpropagation: those layers become
        // DL4J's FrozenLayer, other frozen layers FrozenLayerWithBackprop (see Sequential.rebuild).
        Set<String> frozenBase = new HashSet<>();
        frozenBase.add(inputName);
        for (V v : vertices) {
            if ((v.vertex != null || v.frozen) && frozenBase.containsAll(v.inputs)) frozenBase.add(v.name);
        }
        for (V v : vertices) {
            if (v.vertex != null) {
                gb.addVertex(v.name, v.vertex.clone(), v.inputs.toArray(new String[0]));
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer c = v.layer.clone();
            boolean last = v.name.equals(out);
            if (last && c instanceof DenseLayer) c = Sequential.toOutput((DenseLayer) c, lossOrGuess());
            else if (last && c instanceof BaseOutputLayer && loss != null) ((BaseOutputLayer) c).setLossFn(Losses.toDl4j(loss));
            else if (!last && c instanceof OutputLayer) c = Sequential.toDense((OutputLayer) c);
            if (c instanceof BaseLayer) {
                ((BaseLayer) c).setIUpdater(updater.clone());
                ((BaseLayer) c).setBiasUpdater(null);
            }
            c.setLayerName(v.name);
            org.deeplearning4j.nn.conf.layers.Layer put = !v.frozen ? c
                    : frozenBase.contains(v.name) && !last ? new FrozenLayer(c) : new FrozenLayerWithBackprop(c);
            if (inputType == null && v.preProcessor != null) gb.addLayer(v.name, put, v.preProcessor, v.inputs.toArray(new String[0]));
            else gb.addLayer(v.name, put, v.inputs.toArray(new String[0]));
        }
        gb.setOutputs(out);
        if (inputType != null) gb.setInputTypes(inputType);
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        for (V v : vertices) {
            if (v.carried == null) continue;
            org.deeplearning4j.nn.api.Layer l = g.getLayer(v.name);
            if (l != null && l.numParams() == v.carried.length()) l.params().assign(v.carried);
        }
        graph = g;
    }

    // ------------------------------------------------------------------ transfer learning

    public List<String> layerNames() {
        List<String> n = new ArrayList<>();
        for (V v : vertices) n.add(v.name);
        return n;
    }

    private V find(String name) {
        for (V v : vertices) if (v.name.equals(name)) return v;
        throw new ModelException("Pas de couche nommée \"" + name + "\". Couches : " + layerNames() + ".");
    }

    /** Freezes these layers (weights kept, Keras's {@code trainable = False}). */
    public GraphModel freeze(String... names) {
        capture();
        for (String n : names) find(n).frozen = true;
        buildGraph();
        return this;
    }

    public GraphModel unfreeze(String... names) {
        capture();
        for (String n : names) find(n).frozen = false;
        buildGraph();
        return this;
    }

    /** Freezes this layer and every layer it depends on (the pretrained base). */
    public GraphModel freezeUpTo(String name) {
        capture();
        Set<String> anc = ancestors(name);
        for (V v : vertices) v.frozen = anc.contains(v.name);
        buildGraph();
        return this;
    }

    public GraphModel setTrainable(boolean trainable) {
        capture();
        for (V v : vertices) v.frozen = !trainable;
        buildGraph();
        return this;
    }

    public boolean isTrainable(String name) {
        return !find(name).frozen;
    }

    private Set<String> ancestors(String name) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (n.equals(inputName) || !out.add(n)) continue;
            todo.addAll(find(n).inputs);
        }
        return out;
    }

    /**
     * Keeps the graph up to {@code layerName} (with its weights), drops what came after, and puts
     * these layers on top: {@code head("block5_pool", GlobalAveragePooling2D(), Dense(1024, "relu"), Dense(5, "softmax"))}.
     */
    public GraphModel head(String layerName, KerasLayer... layers) {
        capture();
        Set<String> keep = ancestors(layerName);
        vertices.removeIf(v -> !keep.contains(v.name));
        String prev = layerName;
        for (KerasLayer l : layers) {
            String name = l.name != null ? l.name : unique(l.baseName());
            while (layerNames().contains(name)) name = unique(l.baseName());
            org.deeplearning4j.nn.conf.layers.Layer c = l.toDl4j();
            if (c == null) continue;
            vertices.add(new V(name, c, null, List.of(prev), !l.trainable));
            prev = name;
        }
        if (inputType == null) {
            throw new ModelException("head(...) demande de connaître la forme d'entrée de ce graphe ; appelez d'abord inputShape(h, w, c).");
        }
        compiled = false;
        buildGraph();
        return this;
    }

    /** Declares the input shape of a wrapped graph (Keras's order: [features] or [height, width, channels]). */
    public GraphModel inputShape(long... shape) {
        Input in = new Input(shape);
        capture();
        inputType = in.inputType();
        inputShape = in.shape();
        buildGraph();
        return this;
    }

    // ------------------------------------------------------------------ Model's hooks

    @Override
    public ComputationGraph toDl4j() {
        return graph;
    }

    public ComputationGraph network() {
        return graph;
    }

    @Override
    public long[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    @Override
    public long outputSize() {
        V last = vertices.get(vertices.size() - 1);
        return last.layer instanceof FeedForwardLayer ? ((FeedForwardLayer) last.layer).getNOut() : -1;
    }

    @Override
    String outputActivation() {
        V last = vertices.get(vertices.size() - 1);
        return last.layer instanceof BaseLayer ? Activations.nameOf(((BaseLayer) last.layer).getActivationFn()) : null;
    }

    @Override
    boolean hasOutputLayer() {
        V last = vertices.get(vertices.size() - 1);
        return last.layer instanceof DenseLayer || last.layer instanceof BaseOutputLayer;
    }

    @Override
    long fitBatch(INDArray x, INDArray y, boolean countCorrect) {
        graph.fit(new INDArray[] {x}, new INDArray[] {y});
        return -1;
    }

    @Override
    double batchLoss() {
        return graph.score();
    }

    @Override
    INDArray output(INDArray x) {
        return graph.outputSingle(false, x);
    }

    @Override
    void writeModel(File file) throws IOException {
        ModelSerializer.writeModel(graph, file, true);
    }

    @Override
    String kind() {
        return "graph";
    }

    @Override
    public Summary summary() {
        Summary s = new Summary("functional");
        Map<String, InputType> types = null;
        if (inputType != null) {
            try {
                types = graph.getConfiguration().getLayerActivationTypes(inputType);
            } catch (RuntimeException e) {
                types = null;
            }
        }
        for (V v : vertices) {
            String shape = types == null || types.get(v.name) == null ? "?" : Sequential.shapeText(types.get(v.name));
            String type = v.layer != null ? Sequential.kerasType(v.layer) : v.vertex.getClass().getSimpleName().replace("Vertex", "");
            long p = v.layer != null && graph.getLayer(v.name) != null ? graph.getLayer(v.name).numParams() : 0;
            long trainable = v.frozen ? 0 : (v.layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization ? p / 2 : p);
            s.add(v.name + (v.inputs.size() > 1 ? " ← " + String.join(", ", v.inputs) : ""), type, shape, p, trainable, v.frozen);
        }
        return s;
    }

    @Override
    public String toString() {
        return summary().toString();
    }

    @Override
    public GraphModel seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    public GraphModel compile(String optimizer, String loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return this;
    }

    @Override
    public GraphModel compile(Optimizer optimizer, String loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return this;
    }
}
