package fr.carnets.dl.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.Tensors;

/**
 * What one fit trains on and validates with, checked against the model: the batch source, the
 * validation (the last fraction of the arrays for {@code validationSplit}, as Keras does, or
 * {@code validationData}) and the seed of the shuffling.
 */
record FitData(Batches batches, Validation validation, long seed) {

    static FitData of(Trainable model, INDArray x, INDArray y, FitOptions o) {
        if (x == null || y == null) throw new ModelException("fit attend des données x et des étiquettes y (pas null).");
        ShapeCheck.check(model, x, y, "x", "y");
        x = Tensors.asFloat(x);
        y = Tensors.asFloat(y);
        INDArray xt = x, yt = y;
        Validation val = o.validationX() != null || o.validationSplit() <= 0 ? given(model, o) : null;
        if (o.validationX() == null && o.validationSplit() > 0) {
            long n = x.size(0);
            long split = (long) (n * (1 - o.validationSplit()));
            if (split <= 0 || split >= n) {
                throw new ModelException("validationSplit(" + o.validationSplit() + ") sur " + n + " exemples ne laisse rien pour "
                        + (split <= 0 ? "l'entraînement" : "la validation") + ".");
            }
            xt = Tensors.rows(x, 0, split);
            yt = Tensors.rows(y, 0, split);
            val = new ArrayValidation(Tensors.rows(x, split, n), Tensors.rows(y, split, n));
        }
        long seed = seed(model, o);
        return new FitData(new ArrayBatches(xt, yt, o.batchSize(), o.shuffles(), seed), val, seed);
    }

    static FitData of(Trainable model, DataSetIterator stream, FitOptions o) {
        if (stream == null) throw new ModelException("fit attend un flux de données (DataSetIterator), pas null.");
        if (o.validationSplit() > 0) {
            throw new ModelException("validationSplit ne s'applique pas à un flux : donnez un second flux avec validationData(fluxValidation).");
        }
        return new FitData(new StreamBatches(stream, model), given(model, o), seed(model, o));
    }

    /** The validation data given with {@code validationData} (arrays first), or null. */
    private static Validation given(Trainable model, FitOptions o) {
        if (o.validationX() != null) {
            ShapeCheck.check(model, o.validationX(), o.validationY(), "x de validation", "y de validation");
            return new ArrayValidation(Tensors.asFloat(o.validationX()), Tensors.asFloat(o.validationY()));
        }
        return o.validationStream() == null ? null : new StreamValidation(o.validationStream());
    }

    private static long seed(Trainable model, FitOptions o) {
        return o.givenSeed() != null ? o.givenSeed() : model.compileConfig().seed();
    }
}
