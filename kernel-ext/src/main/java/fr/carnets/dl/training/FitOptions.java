package fr.carnets.dl.training;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import fr.carnets.dl.ModelException;

/**
 * Options of {@code fit}, Keras's keyword arguments as a fluent chain:
 * <pre>
 * model.fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * </pre>
 * Start the chain with any static method of {@link Fit}; {@code fit} takes it as it is (no
 * terminal call). A chain is a value: each option gives a new FitOptions and leaves the one it
 * was called on unchanged, so {@code var base = Fit.epochs(3);} can start several fits.
 * Defaults are Keras's: batch size 32, 1 epoch, shuffle, no validation.
 */
public final class FitOptions extends fr.carnets.data.OptionChain<FitOptions> {
    private int batchSize = 32;
    private int epochs = 1;
    private double validationSplit;
    private INDArray xVal, yVal;
    private DataSetIterator valStream;
    private boolean shuffle = true;
    private Long seed;
    private int verbose = 1;
    private boolean liveCurve;
    private List<Callback> callbacks = List.of();

    public FitOptions() {}

    public FitOptions batchSize(int b) {
        if (b <= 0) throw new ModelException("batchSize doit être positif (32 est un bon début), pas " + b + ".");
        return with(c -> c.batchSize = b);
    }

    public FitOptions epochs(int e) {
        if (e <= 0) throw new ModelException("epochs doit être positif, pas " + e + ".");
        return with(c -> c.epochs = e);
    }

    /** The LAST fraction of the data is kept for validation, as in Keras (before any shuffling). */
    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new ModelException("validationSplit est une fraction entre 0 et 1 (0.2 garde les derniers 20 % pour la validation), pas "
                    + fraction + ".");
        }
        return with(c -> c.validationSplit = fraction);
    }

    public FitOptions validationData(INDArray x, INDArray y) {
        if (x == null || y == null) throw new ModelException("validationData attend deux tableaux : x et y.");
        return with(c -> {
            c.xVal = x;
            c.yVal = y;
        });
    }

    public FitOptions validationData(DataSetIterator stream) {
        return with(c -> c.valStream = stream);
    }

    public FitOptions shuffle(boolean s) {
        return with(c -> c.shuffle = s);
    }

    /** Seed of the shuffling and of dropout: the same seed gives the same History. */
    public FitOptions seed(long s) {
        return with(c -> c.seed = s);
    }

    /** 0: silent, 1: progress bar (default). */
    public FitOptions verbose(int v) {
        return with(c -> c.verbose = v);
    }

    /** Adds callbacks, called after the History and the progress bar. */
    public FitOptions callbacks(Callback... cbs) {
        List<Callback> all = new ArrayList<>(callbacks);
        for (Callback cb : cbs) {
            if (cb == null) throw new ModelException("callbacks : un des callbacks vaut null ; donnez-les tous, par exemple callbacks(new EarlyStopping(\"val_loss\", 2, true)).");
            all.add(cb);
        }
        return with(c -> c.callbacks = List.copyOf(all));
    }

    /** Draws the learning curves after each epoch (when the plot package is loaded). */
    public FitOptions liveCurve() {
        return with(c -> c.liveCurve = true);
    }

    // ------------------------------------------------------------------ what fit reads

    int batchSize() {
        return batchSize;
    }

    int epochs() {
        return epochs;
    }

    double validationSplit() {
        return validationSplit;
    }

    INDArray validationX() {
        return xVal;
    }

    INDArray validationY() {
        return yVal;
    }

    DataSetIterator validationStream() {
        return valStream;
    }

    boolean shuffles() {
        return shuffle;
    }

    /** The seed given with {@link #seed(long)}, or null (then the model's). */
    Long givenSeed() {
        return seed;
    }

    boolean showsProgress() {
        return verbose > 0;
    }

    boolean drawsLiveCurve() {
        return liveCurve;
    }

    List<Callback> callbackList() {
        return callbacks;
    }
}
