package fr.carnets.dl.models;

import java.util.Set;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.KerasLayer;
import fr.carnets.dl.runtime.ImageFormat;
import fr.carnets.dl.training.Optimizer;

/**
 * The layer operations of both kinds of model, written once over their {@link LayerStack}:
 * freezing, cutting, a new head. Each returns the model itself with its own type, so that
 * {@code base.upTo("conv3").freezeUpTo("conv3").add(...)} chains on a Sequential. Every change
 * keeps the trained weights ({@link #rebuild()}).
 *
 * @param <M> the model's own class
 */
public abstract class LayerModel<M extends LayerModel<M>> extends Model {

    LayerModel(LayerStack stack) {
        super(stack);
    }

    /** This model, typed (M is always the class itself). */
    @SuppressWarnings("unchecked")
    final M self() {
        return (M) this;
    }

    /** A new model of the same kind over these layers. */
    abstract M create(LayerStack layers);

    /** The built layer of entry {@code i} of the stack, or null (not built, or a vertex). */
    abstract org.deeplearning4j.nn.api.Layer builtLayer(int i);

    /** Builds the network from the stack (the carried weights go into it). */
    abstract void build();

    @Override
    void rebuild() {
        capture();
        build();
    }

    @Override
    void resetWeights() {
        stack.forgetWeights();
        if (stack.buildable()) build();
    }

    void capture() {
        stack.capture(this::builtLayer);
    }

    /** Applies a change to the layers, keeping the trained weights. */
    M change(Runnable change) {
        capture();
        change.run();
        if (stack.buildable() || stack.entries.isEmpty()) build(); // no layer left: no network (Sequential)
        return self();
    }

    @Override
    public M inputShape(long... shape) {
        Input in = new Input(shape);
        return change(() -> {
            stack.input(in);
            if (stack.linear && stack.imageFormat == null && shape.length == 3) stack.imageFormat = ImageFormat.forNewModel();
        });
    }

    @Override
    public M freeze(String... names) {
        return setTrainable(false, names);
    }

    @Override
    public M unfreeze(String... names) {
        return setTrainable(true, names);
    }

    @Override
    public M freeze(int... indices) {
        return setTrainableAt(false, indices);
    }

    @Override
    public M unfreeze(int... indices) {
        return setTrainableAt(true, indices);
    }

    @Override
    public M setTrainable(boolean trainable, String... names) {
        int[] idx = new int[names.length];
        for (int i = 0; i < names.length; i++) idx[i] = stack.indexOf(names[i]);
        return setTrainableAt(trainable, idx);
    }

    private M setTrainableAt(boolean trainable, int... indices) {
        int[] ks = new int[indices.length];
        for (int i = 0; i < indices.length; i++) ks[i] = stack.index(indices[i]);
        return change(() -> {
            for (int k : ks) stack.entries.get(k).frozen = !trainable;
        });
    }

    @Override
    public M setTrainable(boolean trainable) {
        return change(() -> stack.entries.forEach(e -> e.frozen = !trainable));
    }

    @Override
    public M freezeUpTo(String name) {
        Set<String> base = stack.ancestors(name);
        return change(() -> stack.entries.forEach(e -> e.frozen = base.contains(e.name)));
    }

    @Override
    public M unfreezeFrom(String name) {
        Set<String> after = stack.descendants(name);
        return change(() -> stack.entries.forEach(e -> e.frozen &= !after.contains(e.name)));
    }

    /**
     * A new model made of this one's layers up to and including {@code layerName}, with their
     * trained weights (Keras's {@code Model(base.input, base.get_layer(name).output)}). Put a new
     * head on it with {@code add(...)} (Sequential) or {@link #head}.
     */
    @Override
    public M upTo(String layerName) {
        stack.indexOf(layerName);
        capture();
        M m = create(stack.upTo(layerName));
        m.useConfig(m.compileConfig().withOptimizer(optimizer()).withSeed(compileConfig().seed()));
        if (m.stack.buildable()) m.build();
        return m;
    }

    @Override
    public M pop() {
        if (stack.entries.isEmpty()) throw new ModelException("pop : le modèle n'a plus de couche.");
        LayerStack.Entry out = stack.entries.get(stack.entries.size() - 1);
        if (out.inputs.size() != 1) {
            throw new ModelException("pop : la sortie \"" + out.name + "\" réunit plusieurs couches " + out.inputs
                    + " ; gardez celle de votre choix avec head(nom, nouvelles couches...).");
        }
        String before = out.inputs.get(0);
        if (!stack.linear && before.equals(stack.inputName)) throw new ModelException("pop : le graphe n'aurait plus de couche.");
        uncompile();
        return change(() -> {
            if (before.equals(stack.inputName)) stack.entries.clear();
            else stack.cutAfter(before);
        });
    }

    /**
     * Keeps the model up to {@code layerName} (with its weights), drops what came after, and puts
     * these layers on top: {@code head("block5_pool", GlobalAveragePooling2D(), Dense(1024, "relu"), Dense(5, "softmax"))}.
     * The model must be compiled again.
     */
    @Override
    public M head(String layerName, KerasLayer... layers) {
        stack.indexOf(layerName);
        if (stack.inputType == null && stack.loadedPreprocessors == null) {
            throw new ModelException("head(...) demande de connaître la forme d'entrée de ce graphe ; appelez d'abord inputShape(h, w, c).");
        }
        uncompile();
        return change(() -> {
            stack.cutAfter(layerName);
            appendLayers(layers);
        });
    }

    /** The output layer changes: its loss is no longer known, compile again. */
    private void uncompile() {
        setCompileConfig(compileConfig().uncompiled());
    }

    /** Appends layers after the output (Flatten is left out: DL4J reshapes by itself between images and Dense layers). */
    void appendLayers(KerasLayer... layers) {
        for (KerasLayer l : layers) {
            if (l == null) throw new ModelException("add : une couche vaut null.");
            String name = stack.nameFor(l);
            l.name(name);
            org.deeplearning4j.nn.conf.layers.Layer c = l.toDl4j();
            if (c != null) stack.append(name, c, !l.isTrainable());
        }
    }

    @Override
    public M seed(long seed) {
        super.seed(seed);
        return self();
    }

    @Override
    public M compile(String optimizer, String loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return self();
    }

    @Override
    public M compile(Optimizer optimizer, String loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return self();
    }
}
