package fr.carnets.dl.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Starts a chain of fit options (Keras's keyword arguments), in any order:
 * <pre>
 * model.fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * model.fit(x, y, Fit.epochs(10).callbacks(new EarlyStopping("val_loss", 2, true)));
 * </pre>
 * Each static method is the first link of the chain, the same option of {@link FitOptions}
 * (where its checks are); the chain is an immutable value that fit takes as it is.
 */
public final class Fit {
    private Fit() {}

    public static FitOptions options() {
        return new FitOptions();
    }

    public static FitOptions batchSize(int b) {
        return options().batchSize(b);
    }

    public static FitOptions epochs(int e) {
        return options().epochs(e);
    }

    public static FitOptions validationSplit(double f) {
        return options().validationSplit(f);
    }

    public static FitOptions validationData(INDArray x, INDArray y) {
        return options().validationData(x, y);
    }

    public static FitOptions validationData(DataSetIterator stream) {
        return options().validationData(stream);
    }

    public static FitOptions shuffle(boolean s) {
        return options().shuffle(s);
    }

    public static FitOptions seed(long s) {
        return options().seed(s);
    }

    public static FitOptions verbose(int v) {
        return options().verbose(v);
    }

    public static FitOptions callbacks(Callback... cbs) {
        return options().callbacks(cbs);
    }

    public static FitOptions liveCurve() {
        return options().liveCurve();
    }
}
