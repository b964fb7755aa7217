package fr.carnets.dl.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.Tensors;
import fr.carnets.dl.runtime.Performance;
import fr.carnets.dl.runtime.onednn.NetworkPatches;

/**
 * What a model does with data, like Keras's {@code Trainer} that its {@code Model} extends: fit,
 * evaluate, predict, its weights, its compile settings ({@link CompileConfig}) and the History
 * of its latest fit. {@code fr.carnets.dl.models.Model} extends it and says how one step runs on
 * its DL4J network; callbacks see a model as this class.
 */
public abstract class Trainable {
    /** Rows per forward pass in predict and evaluate. */
    static final int PREDICT_BATCH = 256;

    /** Optimizer, loss, metrics, compiled, seed: replaced as a whole when one changes. */
    private volatile CompileConfig config = CompileConfig.initial();
    volatile History history;

    /** The DL4J network (MultiLayerNetwork or ComputationGraph). */
    public abstract org.deeplearning4j.nn.api.Model toDl4j();

    /** Input shape in Keras's order: [784] or [height, width, channels]; null when unknown. */
    public abstract long[] inputShape();

    /** Number of outputs of the last layer (classes). */
    public abstract long outputSize();

    /**
     * Saves the network, its optimizer state and this model's settings.
     *
     * @param path the zip file to write (its folder must exist)
     * @throws ModelException when the file cannot be written
     */
    public abstract void save(String path);

    /**
     * One training step. When {@code countCorrect}, returns how many rows the forward pass of this
     * step classified right (computed from the step's own activations, like Keras), or -1 when the
     * network cannot tell (the trainer then runs an extra forward pass before the step).
     */
    protected abstract long fitBatch(INDArray x, INDArray y, boolean countCorrect);

    /** Whether {@link #fitBatch} can count right answers itself. */
    protected boolean countsWhileFitting() {
        return false;
    }

    /** The mean loss of the latest step. */
    protected abstract double batchLoss();

    /** The network's output for one batch (no check, no batching). */
    protected abstract INDArray output(INDArray x);

    /** The compiled loss, or the one the output layer implies. */
    protected abstract String lossOrGuess();

    /** Keras's {@code get_compile_config()}: what compile (and seed) decided. */
    public CompileConfig compileConfig() {
        return config;
    }

    protected void setCompileConfig(CompileConfig c) {
        config = c;
    }

    public Optimizer optimizer() {
        return config.optimizer();
    }

    public String loss() {
        return config.loss();
    }

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
        NetworkPatches.weightsChanged(toDl4j());
    }

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

    /**
     * Trains the model on arrays, Keras's {@code model.fit(x, y, batch_size=32, epochs=3, validation_split=0.2)}:
     * {@code fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2))}.
     *
     * @param x the inputs, one example per row: [n, 784] or images [n, channels, height, width]
     * @param y the expected outputs, one row per example: one-hot classes [n, k], or values [n, 1]
     * @param o the options, started with any static method of {@link Fit} (batch size, epochs, validation, callbacks, seed)
     * @return the History: loss and metrics of each epoch, as it grows (also {@link #history()} while it runs)
     * @throws ModelException when the model is not compiled, or x and y do not fit the model or each other
     *         (the message says which shape was expected)
     */
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

    /**
     * Measures the model on data it did not train on, Keras's {@code model.evaluate(x, y)}.
     *
     * @param x the inputs, one example per row
     * @param y the expected outputs
     * @return the loss and the accuracy (and the mean absolute error when compiled with "mae")
     * @throws ModelException when the model is not compiled, or x and y do not fit it
     */
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

    /**
     * The model's outputs for new inputs, Keras's {@code model.predict(x)}, computed in batches.
     *
     * @param x the inputs, one example per row
     * @return one row per example: class probabilities for softmax or sigmoid, values for regression
     * @throws ModelException when x is null or does not fit the model's input
     */
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

    protected void requireCompiled() {
        if (!config.compiled()) {
            throw new ModelException("Le modèle n'est pas compilé : appelez d'abord model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\").");
        }
    }
}
