package fr.carnets.dl.models;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Activations;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.KerasLayer;

/**
 * What both kinds of model are made of, before DL4J builds a network from it: the input, then
 * layers (or merge vertices) in topological order, the output last, each with its name, inputs,
 * frozen flag and the weights to carry into the next build. A {@link Sequential} is a stack where
 * each entry's input is the entry before it. {@link NetworkBuilder} turns it into a network.
 */
final class LayerStack {
    /** One layer configuration (without freezing wrapper, the output layer possibly a Dense) or one vertex. */
    static final class Entry {
        final String name;
        final Layer layer;
        final GraphVertex vertex;
        final List<String> inputs;
        boolean frozen;
        INDArray carried;
        /** The preprocessor of a loaded graph's layer (used while the input type is unknown). */
        InputPreProcessor preProcessor;

        Entry(String name, Layer layer, GraphVertex vertex, List<String> inputs, boolean frozen) {
            this.name = name;
            this.layer = layer;
            this.vertex = vertex;
            this.inputs = List.copyOf(inputs);
            this.frozen = frozen;
            if (layer != null) layer.setLayerName(name);
        }

        Entry copy() {
            Entry e = new Entry(name, layer == null ? null : layer.clone(), vertex == null ? null : vertex.clone(), inputs, frozen);
            e.carried = carried == null ? null : carried.dup();
            e.preProcessor = preProcessor;
            return e;
        }
    }

    String inputName = "input";
    InputType inputType;
    long[] inputShape;
    /** Layout of activations inside an image Sequential (see ImageFormat); null otherwise. */
    CNN2DFormat imageFormat;
    /** Preprocessors of a loaded MultiLayerNetwork whose input type is unknown. */
    Map<Integer, InputPreProcessor> loadedPreprocessors;
    final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> nameCounts = new HashMap<>();

    void input(Input in) {
        inputType = in.inputType();
        inputShape = in.shape();
    }

    /** True for a Sequential: each entry's input is the entry before it. */
    final boolean linear;

    LayerStack(boolean linear) {
        this.linear = linear;
    }

    /** Whether a network can be built: a graph always, a stack once its input is known (declared, or read from a loaded network). */
    boolean buildable() {
        return !entries.isEmpty() && (!linear || inputType != null || loadedPreprocessors != null);
    }

    // ------------------------------------------------------------------ names

    List<String> names() {
        List<String> n = new ArrayList<>();
        for (Entry e : entries) n.add(e.name);
        return n;
    }

    /** Keras's numbering: dense, dense_1, dense_2..., skipping names already taken. */
    String uniqueName(String base) {
        List<String> taken = names();
        String name;
        do {
            int k = nameCounts.merge(base, 1, Integer::sum) - 1;
            name = k == 0 ? base : base + "_" + k;
        } while (taken.contains(name));
        return name;
    }

    /** The name a new layer gets: its own (checked free) or the next Keras name. */
    String nameFor(KerasLayer l) {
        if (l.name() == null) return uniqueName(l.baseName());
        if (names().contains(l.name())) throw new ModelException("Le nom de couche \"" + l.name() + "\" est déjà pris.");
        return l.name();
    }

    /** Counts the names already there, so that new layers go on from them (dense_2 after dense_1). */
    void countNames() {
        for (String n : names()) nameCounts.merge(n.replaceAll("_\\d+$", ""), 1, Integer::sum);
    }

    int indexOf(String name) {
        int i = names().indexOf(name);
        if (i < 0) throw new ModelException("Pas de couche nommée \"" + name + "\". Couches : " + names() + ".");
        return i;
    }

    Entry find(String name) {
        return entries.get(indexOf(name));
    }

    /** Index of a layer given as in Python: 0 is the first, -1 the last. */
    int index(int i) {
        int k = i < 0 ? entries.size() + i : i;
        if (k < 0 || k >= entries.size()) {
            throw new ModelException("Indice de couche " + i + " hors limites : le modèle a " + entries.size() + " couches " + names() + ".");
        }
        return k;
    }

    /** Appends a layer after the current output (or the input). */
    void append(String name, Layer layer, boolean frozen) {
        String prev = entries.isEmpty() ? inputName : entries.get(entries.size() - 1).name;
        entries.add(new Entry(name, layer, null, List.of(prev), frozen));
    }

    // ------------------------------------------------------------------ graph relations

    /** This entry and every entry it depends on. */
    Set<String> ancestors(String name) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (n.equals(inputName) || !out.add(n)) continue;
            todo.addAll(find(n).inputs);
        }
        return out;
    }

    /** This entry and every entry that depends on it. */
    Set<String> descendants(String name) {
        Set<String> out = new HashSet<>(List.of(find(name).name));
        for (Entry e : entries) {
            for (String in : e.inputs) if (out.contains(in)) out.add(e.name);
        }
        return out;
    }

    /** Keeps {@code name} and what it depends on; drops the rest (what came after it). */
    void cutAfter(String name) {
        Set<String> keep = ancestors(name);
        entries.removeIf(e -> !keep.contains(e.name));
    }

    /**
     * Entries whose whole ancestry is frozen: they need no backpropagation at all, so DL4J's
     * FrozenLayer can skip it (transfer step 50 -> 17 ms measured). Frozen layers above a
     * trainable one must still pass gradients down (FrozenLayerWithBackprop).
     */
    Set<String> frozenBase() {
        Set<String> base = new HashSet<>(List.of(inputName));
        for (Entry e : entries) {
            if ((e.vertex != null || e.frozen) && base.containsAll(e.inputs)) base.add(e.name);
        }
        return base;
    }

    // ------------------------------------------------------------------ weights

    /** Copies the built network's weights (layer of each entry index, or null) for the next build. */
    void capture(IntFunction<org.deeplearning4j.nn.api.Layer> built) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.layer == null) continue;
            org.deeplearning4j.nn.api.Layer l = built.apply(i);
            if (l != null) e.carried = l.numParams() > 0 ? l.params().dup() : null;
        }
    }

    /** Puts the carried weights into a freshly built network (layers whose size did not change). */
    void restore(IntFunction<org.deeplearning4j.nn.api.Layer> built) {
        for (int i = 0; i < entries.size(); i++) {
            INDArray w = entries.get(i).carried;
            org.deeplearning4j.nn.api.Layer l = w == null ? null : built.apply(i);
            if (l != null && l.numParams() == w.length()) l.params().assign(w);
        }
    }

    void forgetWeights() {
        for (Entry e : entries) e.carried = null;
    }

    // ------------------------------------------------------------------ output

    Layer outputLayer() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1).layer;
    }

    long outputSize() {
        return outputLayer() instanceof FeedForwardLayer f ? f.getNOut() : -1;
    }

    String outputActivation() {
        return outputLayer() instanceof BaseLayer b ? Activations.nameOf(b.getActivationFn()) : null;
    }

    boolean hasOutputLayer() {
        Layer c = outputLayer();
        return c instanceof DenseLayer || c instanceof BaseOutputLayer;
    }

    /** A copy of the entries up to {@code name} (with what they depend on), weights included. */
    LayerStack upTo(String name) {
        Set<String> keep = ancestors(name);
        LayerStack s = new LayerStack(linear);
        s.inputName = inputName;
        s.inputType = inputType;
        s.inputShape = inputShape == null ? null : inputShape.clone();
        s.imageFormat = imageFormat;
        s.loadedPreprocessors = loadedPreprocessors;
        for (Entry e : entries) if (keep.contains(e.name)) s.entries.add(e.copy());
        s.countNames();
        return s;
    }
}
