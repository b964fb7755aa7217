package fr.carnets.dl.training;

import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.Tensors;

/** Validation on arrays, by batches of {@link Trainable#PREDICT_BATCH} rows. */
final class ArrayValidation implements Validation {
    final INDArray x, y;

    ArrayValidation(INDArray x, INDArray y) {
        this.x = x;
        this.y = y;
    }

    @Override
    public double[] evaluate(Trainable m) {
        long n = x.size(0);
        double lossSum = 0, absSum = 0;
        long correct = 0;
        for (long s = 0; s < n; s += Trainable.PREDICT_BATCH) {
            long e = Math.min(n, s + Trainable.PREDICT_BATCH);
            INDArray yb = Tensors.rows(y, s, e);
            INDArray out = m.output(Tensors.rows(x, s, e));
            lossSum += Losses.sum(m.lossOrGuess(), yb, out);
            correct += Losses.correct(yb, out);
            absSum += Losses.absoluteErrorSum(yb, out);
        }
        return new double[] {lossSum / n, (double) correct / n, absSum / n};
    }
}

