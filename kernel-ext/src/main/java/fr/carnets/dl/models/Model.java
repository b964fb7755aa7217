package fr.carnets.dl.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.Tensors;
import fr.carnets.dl.layers.KerasLayer;
import fr.carnets.dl.runtime.Performance;
import fr.carnets.dl.training.ArrayValidation;
import fr.carnets.dl.training.CompileConfig;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.FitData;
import fr.carnets.dl.training.FitOptions;
import fr.carnets.dl.training.History;
import fr.carnets.dl.training.LossCheck;
import fr.carnets.dl.training.Losses;
import fr.carnets.dl.training.Optimizer;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.training.Scores;
import fr.carnets.dl.training.ShapeCheck;
import fr.carnets.dl.training.StreamValidation;
import fr.carnets.dl.training.Trainer;

/**
 * What Keras's models share: compile, fit, evaluate, predict, summary, save, and the layers
 * (lookup, freezing, cutting). {@link Sequential} runs on a DL4J MultiLayerNetwork, {@link GraphModel}
 * on a ComputationGraph; both are a {@link LayerStack} built by {@link NetworkBuilder}, and
 * {@link #toDl4j()} gives that network. The loop of fit is {@link Trainer}'s, files are
 * {@link ModelFiles}'.
 */
public abstract class Model {
    static final int PREDICT_BATCH = 256;

    final LayerStack stack;
    /** Optimizer, loss, metrics, compiled, seed: replaced as a whole when one changes. */
    CompileConfig config = CompileConfig.initial();
    volatile History history;

    static {
        Performance.configure(); // before any layer is built: DL4J decides on its oneDNN helpers then
    }

    Model(LayerStack stack) {
        this.stack = stack;
    }

    /** The DL4J network (MultiLayerNetwork or ComputationGraph). */
    public abstract org.deeplearning4j.nn.api.Model toDl4j();

    /** Keras's {@code model.summary()}; shows as an HTML table when it is a cell's result. */
    public abstract Summary summary();

    /** The built network's layers, in its own order. */
    abstract org.deeplearning4j.nn.api.Layer[] builtLayers();

    /** Keeps the current weights, then builds the network again (after a change of settings or layers). */
    abstract void rebuild();

    /** Builds the network again from fresh weights drawn with {@link #seed}. */
    abstract void resetWeights();

    /**
     * One training step. When {@code countCorrect}, returns how many rows the forward pass of this
     * step classified right (computed from the step's own activations, like Keras), or -1 when the
     * network cannot tell (the trainer then runs an extra forward pass before the step).
     */
    abstract long fitBatch(INDArray x, INDArray y, boolean countCorrect);

    /** Whether {@link #fitBatch} can count right answers itself. */
    boolean countsWhileFitting() {
        return false;
    }

    abstract double batchLoss();

    abstract INDArray output(INDArray x);

    /** The kind written in the saved metadata ("sequential", "graph"). */
    abstract String kind();

    // ------------------------------------------------------------------ layers

    /** Input shape in Keras's order: [784] or [height, width, channels]; null when unknown. */
    public long[] inputShape() {
        return stack.inputShape == null ? null : stack.inputShape.clone();
    }

    /** Declares the input shape of a loaded or wrapped network (Keras's order: [features] or [height, width, channels]). */
    public abstract Model inputShape(long... shape);

    /** Number of outputs of the last layer (classes). */
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

    /** Keras's {@code compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])}. */
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
        config = config.compiledWith(optimizer, l, m);
        rebuild();
        return this;
    }

    public Optimizer optimizer() {
        return config.optimizer();
    }

    public String loss() {
        return config.loss();
    }

    /** Re-initialises the weights from this seed (the same seed gives the same initial weights). */
    public Model seed(long seed) {
        config = config.withSeed(seed);
        resetWeights();
        return this;
    }

    String lossOrGuess() {
        return config.loss() != null ? config.loss() : Losses.guess(outputActivation());
    }

    /** A loaded network's output layer tells its loss: the model counts as compiled with it. */
    void adoptLoss() {
        if (config.loss() == null && stack.outputLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer o) {
            config = config.compiledWith(config.optimizer(), NetworkBuilder.lossOf(o), config.metrics());
        }
    }

    // ------------------------------------------------------------------ weights

    /** All weights as one flat vector (a view: copy it with dup() to keep it). */
    public INDArray weights() {
        return toDl4j().params();
    }

    public void setWeights(INDArray w) {
        INDArray p = toDl4j().params();
        if (p.length() != w.length()) {
            throw new ModelException("setWeights : " + w.length() + " valeurs données, le modèle en a " + p.length() + ".");
        }
        p.assign(w.reshape(p.shape()));
        fr.carnets.dl.runtime.onednn.NetworkPatches.weightsChanged(toDl4j());
    }

    public long countParams() {
        return toDl4j().numParams();
    }

    // ------------------------------------------------------------------ fit

    /** Short form: {@code fit(x, y, 32, 3, 0.2)} = batch size, epochs, validation split. */
    public History fit(INDArray x, INDArray y, int batchSize, int epochs, double validationSplit) {
        return fit(x, y, Fit.batchSize(batchSize).epochs(epochs).validationSplit(validationSplit));
    }

    public History fit(INDArray x, INDArray y, int batchSize, int epochs) {
        return fit(x, y, Fit.batchSize(batchSize).epochs(epochs));
    }

    public History fit(INDArray x, INDArray y) {
        return fit(x, y, Fit.options());
    }

    /** {@code fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2))}. */
    public History fit(INDArray x, INDArray y, FitOptions o) {
        requireCompiled();
        return new Trainer(this, o).run(FitData.of(this, x, y, o));
    }

    /** Training from a stream of mini-batches (the batch size is the iterator's). */
    public History fit(DataSetIterator stream, int epochs) {
        return fit(stream, Fit.epochs(epochs));
    }

    public History fit(DataSetIterator stream, FitOptions o) {
        requireCompiled();
        return new Trainer(this, o).run(FitData.of(this, stream, o));
    }

    /** The History of the latest fit of this model, also while it runs or after it was stopped. */
    public History history() {
        return history;
    }

    // ------------------------------------------------------------------ evaluate / predict

    /** Keras's {@code evaluate(x, y)}: loss and accuracy (and the mean absolute error when compiled with "mae"). */
    public Scores evaluate(INDArray x, INDArray y) {
        requireCompiled();
        ShapeCheck.check(this, x, y, "x", "y");
        Performance.prepare(toDl4j());
        double[] r = new ArrayValidation(Tensors.asFloat(x), Tensors.asFloat(y)).evaluate(this);
        return new Scores(r[0], r[1], x.size(0), config.metrics().contains("mae") ? r[2] : Double.NaN);
    }

    /**
     * Keras's {@code evaluate(generator)}: loss and accuracy over a whole stream (an ImageFolder or
     * any DataSetIterator), read once from its start; nothing is held in memory but one batch.
     */
    public Scores evaluate(DataSetIterator stream) {
        requireCompiled();
        if (stream == null) throw new ModelException("evaluate attend un flux de données (DataSetIterator), pas null.");
        if (stream.resetSupported()) stream.reset();
        if (!stream.hasNext()) throw new ModelException("Le flux est vide : aucune image à évaluer (dossier vide, ou flux déjà lu sans reset possible).");
        Performance.prepare(toDl4j());
        StreamValidation v = new StreamValidation(stream);
        double[] r = v.evaluate(this);
        return new Scores(r[0], r[1], v.count, config.metrics().contains("mae") ? r[2] : Double.NaN);
    }

    /** Outputs (probabilities for softmax/sigmoid) for each row of x, computed in batches. */
    public INDArray predict(INDArray x) {
        if (x == null) throw new ModelException("predict attend des données x (pas null).");
        ShapeCheck.checkInput(this, x, "x");
        x = Tensors.asFloat(x);
        long n = x.size(0);
        Performance.prepare(toDl4j());
        try {
            if (n <= PREDICT_BATCH) return output(x);
            List<INDArray> parts = new ArrayList<>();
            for (long s = 0; s < n; s += PREDICT_BATCH) parts.add(output(Tensors.rows(x, s, Math.min(n, s + PREDICT_BATCH))));
            return Nd4j.concat(0, parts.toArray(new INDArray[0]));
        } catch (OutOfMemoryError e) {
            throw Trainer.outOfMemory(e, PREDICT_BATCH);
        }
    }

    /** Predicted class of each row (argmax; threshold 0.5 for a single sigmoid output). */
    public int[] predictClasses(INDArray x) {
        INDArray p = predict(x);
        if (p.size(1) == 1) {
            return Arrays.stream(p.gt(0.5).castTo(DataType.INT).toIntVector()).toArray();
        }
        return Nd4j.argMax(p, 1).castTo(DataType.INT).toIntVector();
    }

    // ------------------------------------------------------------------ save / load

    /** Saves the network, its optimizer state and this model's settings (temporary file, then rename). */
    public void save(String path) {
        save(Path.of(path));
    }

    public void save(Path path) {
        ModelFiles.save(this, path);
    }

    /** Loads a model saved by {@link #save} (or any DL4J model zip), Sequential or graph. */
    public static Model load(String path) {
        return ModelFiles.load(path);
    }

    void requireCompiled() {
        if (!config.compiled()) {
            throw new ModelException("Le modèle n'est pas compilé : appelez d'abord model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\").");
        }
    }

    @Override
    public String toString() {
        return summary().toString();
    }
}
