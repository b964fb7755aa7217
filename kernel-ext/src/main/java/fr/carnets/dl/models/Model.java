package fr.carnets.dl.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.KerasLayer;
import fr.carnets.dl.training.CompileConfig;
import fr.carnets.dl.training.LossCheck;
import fr.carnets.dl.training.Losses;
import fr.carnets.dl.training.Optimizer;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.training.Trainable;

/**
 * What Keras's models share: compile, fit, evaluate, predict, summary, save, and the layers
 * (lookup, freezing, cutting). {@link Sequential} runs on a DL4J MultiLayerNetwork, {@link GraphModel}
 * on a ComputationGraph; both are a {@link LayerStack} built by {@link NetworkBuilder}, and
 * {@link #toDl4j()} gives that network. Fit, evaluate and predict are {@link Trainable}'s (as
 * Keras's Model extends its Trainer), files are {@link ModelFiles}'.
 */
public abstract class Model extends Trainable {
    final LayerStack stack;

    Model(LayerStack stack) {
        this.stack = stack;
    }

    /** Keras's {@code model.summary()}; shows as an HTML table when it is a cell's result. */
    public abstract Summary summary();

    /** The built network's layers, in its own order. */
    abstract org.deeplearning4j.nn.api.Layer[] builtLayers();

    /** Keeps the current weights, then builds the network again (after a change of settings or layers). */
    abstract void rebuild();

    /** Builds the network again from fresh weights drawn with {@link #seed}. */
    abstract void resetWeights();

    /** The kind written in the saved metadata ("sequential", "graph"). */
    abstract String kind();

    // ------------------------------------------------------------------ layers

    @Override
    public long[] inputShape() {
        return stack.inputShape == null ? null : stack.inputShape.clone();
    }

    /** Declares the input shape of a loaded or wrapped network (Keras's order: [features] or [height, width, channels]). */
    public abstract Model inputShape(long... shape);

    @Override
    public long outputSize() {
        return stack.outputSize();
    }

    String outputActivation() {
        return stack.outputActivation();
    }

    /** Layer names, input to output (Keras's {@code [l.name for l in model.layers]}). */
    public List<String> layerNames() {
        return stack.names();
    }

    public int indexOf(String layerName) {
        return stack.indexOf(layerName);
    }

    public boolean isTrainable(String layerName) {
        return !stack.find(layerName).frozen;
    }

    /** Keras's {@code layer.trainable = False} for these layers (by name). Weights are kept. */
    public abstract Model freeze(String... names);

    public abstract Model unfreeze(String... names);

    /** By index in {@link #layerNames()} (0 = first layer; -1 = last). */
    public abstract Model freeze(int... indices);

    public abstract Model unfreeze(int... indices);

    /** Freezes this layer and every layer it depends on (the pretrained base); the others become trainable. */
    public abstract Model freezeUpTo(String name);

    /** Makes this layer and every layer after it trainable (fine-tuning the last layers). */
    public abstract Model unfreezeFrom(String name);

    /** Freezes or unfreezes all layers. */
    public abstract Model setTrainable(boolean trainable);

    public abstract Model setTrainable(boolean trainable, String... names);

    /** A new model of this one's layers up to and including {@code layerName}, with their weights. */
    public abstract Model upTo(String layerName);

    /** Removes the output layer (Keras's {@code pop()}); the layer before it becomes the output; compile again. */
    public abstract Model pop();

    /** Keeps the layers up to {@code layerName}, drops the rest and puts these layers on top. */
    public abstract Model head(String layerName, KerasLayer... layers);

    /**
     * Size of each layer that has one, input to output: units of a Dense layer, filters of a
     * Conv2D layer (pooling, dropout, normalisation and flatten layers have none). What
     * {@code Check.layers(model, 20, 14, 10)} checks.
     */
    public int[] layerSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer l : builtLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer c = NetworkBuilder.unwrap(l.conf().getLayer());
            if (c instanceof org.deeplearning4j.nn.conf.layers.DenseLayer || c instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer
                    || c instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer) {
                sizes.add((int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) c).getNOut());
            }
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------ compile

    /** The metrics compile knows, by Keras name (also written acc and mean_absolute_error). */
    static final List<String> METRICS = List.of("accuracy", "mae");

    /**
     * Chooses how the model learns, Keras's {@code compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])}.
     *
     * @param optimizer "adam", "sgd", "rmsprop"... (its default learning rate; {@code Optimizers.adam(0.001)} for another)
     * @param loss "categorical_crossentropy" (one-hot classes and softmax), "binary_crossentropy" (sigmoid) or "mse" (regression)
     * @param metrics what fit and evaluate also measure: "accuracy", "mae"
     * @return this model
     * @throws ModelException when the optimizer, the loss or a metric is unknown, or the loss does not fit the output layer
     */
    public Model compile(String optimizer, String loss, String... metrics) {
        return compile(Optimizers.byName(optimizer), loss, metrics);
    }

    /** With an explicit learning rate: {@code compile(Optimizers.sgd(1e-4, 0.9), "categorical_crossentropy", "accuracy")}. */
    public Model compile(Optimizer optimizer, String loss, String... metrics) {
        if (optimizer == null) throw new ModelException("compile : donnez un optimiseur, par exemple \"adam\".");
        String l = LossCheck.loss(loss);
        List<String> m = new ArrayList<>();
        for (String s : metrics) {
            String n = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            if (n.equals("acc") || n.equals("accuracy")) m.add("accuracy");
            else if (n.equals("mae") || n.equals("mean_absolute_error")) m.add("mae");
            else throw new ModelException("Mesure inconnue : \"" + s + "\". compile connaît \"accuracy\" (classification) et "
                    + "\"mae\" (régression : erreur absolue moyenne) ; la précision, le rappel et la matrice de confusion se "
                    + "calculent après coup (paquet fr.carnets.analysis).");
        }
        if (!stack.hasOutputLayer()) {
            throw new ModelException("Le modèle n'a pas de couche de sortie : terminez-le par une couche Dense, par exemple "
                    + "add(Dense(10, \"softmax\")).");
        }
        LossCheck.output(l, outputActivation(), outputSize());
        setCompileConfig(compileConfig().compiledWith(optimizer, l, m));
        rebuild();
        return this;
    }

    /** Re-initialises the weights from this seed (the same seed gives the same initial weights). */
    public Model seed(long seed) {
        setCompileConfig(compileConfig().withSeed(seed));
        resetWeights();
        return this;
    }

    @Override
    protected String lossOrGuess() {
        return loss() != null ? loss() : Losses.guess(outputActivation());
    }

    /** A loaded network's output layer tells its loss: the model counts as compiled with it. */
    void adoptLoss() {
        CompileConfig config = compileConfig();
        if (config.loss() == null && stack.outputLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o) {
            setCompileConfig(config.compiledWith(config.optimizer(), NetworkBuilder.lossOf(o), config.metrics()));
        }
    }

    // ------------------------------------------------------------------ weights

    public long countParams() {
        return toDl4j().numParams();
    }

    // ------------------------------------------------------------------ save / load

    /** Saves the network, its optimizer state and this model's settings (temporary file, then rename). */
    @Override
    public void save(String path) {
        save(Path.of(path));
    }

    public void save(Path path) {
        ModelFiles.save(this, path);
    }

    /**
     * Loads a model saved by {@link #save} (or any DL4J model zip), Sequential or graph.
     *
     * @param path the zip file
     * @return the model, with its weights, optimizer state and compile settings
     * @throws ModelException when the file is missing or is not a model
     */
    public static Model load(String path) {
        return ModelFiles.load(path);
    }

    /** Replaces the compile settings (a loaded file's, a copy's). */
    void useConfig(CompileConfig c) {
        setCompileConfig(c);
    }

    @Override
    public String toString() {
        return summary().toString();
    }
}
