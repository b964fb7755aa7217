package fr.carnets.dl;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Starts a chain of fit options (Keras's keyword arguments), in any order:
 * <pre>
 * model.fit(x, y, Fit.batchSize(32).epochs(3).validationSplit(0.2));
 * model.fit(x, y, Fit.epochs(10).callbacks(new EarlyStopping("val_loss", 2, true)));
 * </pre>
 */
public final class Fit {
    private Fit() {}

    public static FitOptions options() {
        return new FitOptions();
    }

    public static FitOptions batchSize(int b) {
        return new FitOptions().batchSize(b);
    }

    public static FitOptions epochs(int e) {
        return new FitOptions().epochs(e);
    }

    public static FitOptions validationSplit(double f) {
        return new FitOptions().validationSplit(f);
    }

    public static FitOptions validationData(INDArray x, INDArray y) {
        return new FitOptions().validationData(x, y);
    }

    public static FitOptions validationData(DataSetIterator stream) {
        return new FitOptions().validationData(stream);
    }

    public static FitOptions shuffle(boolean s) {
        return new FitOptions().shuffle(s);
    }

    public static FitOptions seed(long s) {
        return new FitOptions().seed(s);
    }

    public static FitOptions verbose(int v) {
        return new FitOptions().verbose(v);
    }

    public static FitOptions callbacks(Callback... cbs) {
        return new FitOptions().callbacks(cbs);
    }

    public static FitOptions liveCurve() {
        return new FitOptions().liveCurve();
    }
}
