package fr.carnets.analysis;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * k-fold cross-validation with a fresh model per fold, for any kind of model.
 *
 * <pre>
 * CvResult r = CrossValidation.crossValidate(5, x, y,
 *         () -&gt; buildModel(),                                    // a new, untrained model
 *         (model, fold) -&gt; {                                     // train, then score on the held-out fold
 *             model.fit(fold.xTrain(), fold.yTrain(), 128, 3);
 *             return model.evaluate(fold.xVal(), fold.yVal()).accuracy();
 *         });
 * r   // "exactitude : 0,953 ± 0,004 sur 5 plis"
 * </pre>
 */
public final class CrossValidation {
    /** Seed of the folds when none is given. */
    public static final long DEFAULT_SEED = 42;

    private CrossValidation() {}

    /** Stratified on {@code y} when it holds classes; folds shuffled with {@link #DEFAULT_SEED}. */
    public static <M> CvResult crossValidate(int k, INDArray x, INDArray y, Supplier<M> freshModel,
            BiFunction<M, Fold, Double> trainAndScore) {
        return crossValidate(KFold.of(k, x, y, DEFAULT_SEED), freshModel, trainAndScore);
    }

    public static <M> CvResult crossValidate(int k, INDArray x, INDArray y, long seed, Supplier<M> freshModel,
            BiFunction<M, Fold, Double> trainAndScore) {
        return crossValidate(KFold.of(k, x, y, seed), freshModel, trainAndScore);
    }

    /** Over {@code n} examples by index (the function picks its own rows with the fold's indices). */
    public static <M> CvResult crossValidate(int k, int n, long seed, Supplier<M> freshModel,
            BiFunction<M, Fold, Double> trainAndScore) {
        return crossValidate(KFold.split(n, k, seed), freshModel, trainAndScore);
    }

    /** Over given folds: one model from {@code freshModel} per fold, scored on that fold. */
    public static <M> CvResult crossValidate(List<Fold> folds, Supplier<M> freshModel,
            BiFunction<M, Fold, Double> trainAndScore) {
        if (folds.isEmpty()) throw new IllegalArgumentException("Aucun pli.");
        double[] scores = new double[folds.size()];
        double[] seconds = new double[folds.size()];
        M previous = null;
        for (int i = 0; i < folds.size(); i++) {
            Fold f = folds.get(i);
            long t0 = System.nanoTime();
            M model = freshModel.get();
            if (model == null) throw new IllegalStateException("Le fournisseur de modèle a rendu null.");
            if (model == previous) {
                throw new IllegalStateException("Le même modèle a été rendu pour deux plis : le fournisseur doit "
                        + "créer un modèle neuf à chaque appel (() -> new ...), sinon le pli suivant part d'un modèle "
                        + "déjà entraîné et le score est faussé.");
            }
            previous = model;
            Double s = trainAndScore.apply(model, f);
            if (s == null) throw new IllegalStateException("La fonction d'entraînement a rendu null au pli " + (i + 1) + ".");
            scores[i] = s;
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            System.out.println(String.format(Locale.FRANCE, "Pli %d/%d : score %.4f (%.1f s)", i + 1, folds.size(),
                    scores[i], seconds[i]));
        }
        return new CvResult(scores, seconds);
    }
}
