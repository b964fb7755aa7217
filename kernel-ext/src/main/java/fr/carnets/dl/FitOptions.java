package fr.carnets.dl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Options of {@code fit}, Keras's keyword arguments as a fluent chain:
 * <pre>
 * model.fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * </pre>
 * Start the chain with any static method of {@link Fit}.
 * <pre>
 * </pre>
 * Defaults are Keras's: batch size 32, 1 epoch, shuffle, no validation.
 */
public final class FitOptions {
    int batchSize = 32;
    int epochs = 1;
    double validationSplit;
    INDArray xVal, yVal;
    DataSetIterator valStream;
    boolean shuffle = true;
    Long seed;
    int verbose = 1;
    boolean liveCurve;
    final List<Callback> callbacks = new ArrayList<>();

    public FitOptions() {}

    public FitOptions batchSize(int b) {
        if (b <= 0) throw new ModelException("batchSize doit être positif (32 est un bon début), pas " + b + ".");
        this.batchSize = b;
        return this;
    }

    public FitOptions epochs(int e) {
        if (e <= 0) throw new ModelException("epochs doit être positif, pas " + e + ".");
        this.epochs = e;
        return this;
    }

    /** The LAST fraction of the data is kept for validation, as in Keras (before any shuffling). */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new ModelException("validationSplit est une fraction entre 0 et 1 (0.2 garde les derniers 20 % pour la validation), pas "
                    + fraction + ".");
        }
        this.validationSplit = fraction;
        return this;
    }

    public FitOptions validationData(INDArray x, INDArray y) {
        if (x == null || y == null) throw new ModelException("validationData attend deux tableaux : x et y.");
        this.xVal = x;
        this.yVal = y;
        return this;
    }

    public FitOptions validationData(DataSetIterator stream) {
        this.valStream = stream;
        return this;
    }

    public FitOptions shuffle(boolean s) {
        this.shuffle = s;
        return this;
    }

    /** Seed of the shuffling and of dropout: the same seed gives the same History. */
    public FitOptions seed(long s) {
        this.seed = s;
        return this;
    }

    /** 0: silent, 1: progress bar (default). */
    public FitOptions verbose(int v) {
        this.verbose = v;
        return this;
    }

    public FitOptions callbacks(Callback... cbs) {
        callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    /** Draws the learning curves after each epoch (when the plot package is loaded). */
    public FitOptions liveCurve() {
        this.liveCurve = true;
        return this;
    }
}
