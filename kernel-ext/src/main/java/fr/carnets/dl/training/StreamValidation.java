package fr.carnets.dl.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import fr.carnets.dl.Tensors;

/** Validation on a stream, read once from its start per evaluation. */
final class StreamValidation implements Validation {
    final DataSetIterator it;

    StreamValidation(DataSetIterator it) {
        this.it = it;
    }

    long count;

    @Override
    public double[] evaluate(Trainable m) {
        if (it.resetSupported()) it.reset();
        double lossSum = 0, absSum = 0;
        long correct = 0, n = 0;
        boolean checked = false;
        while (it.hasNext()) {
            DataSet ds = it.next();
            if (!checked) {
                ShapeCheck.check(m, ds.getFeatures(), ds.getLabels(), "x (flux)", "y (flux)");
                checked = true;
            }
            INDArray yb = Tensors.asFloat(ds.getLabels());
            INDArray out = m.output(Tensors.asFloat(ds.getFeatures()));
            lossSum += Losses.sum(m.lossOrGuess(), yb, out);
            correct += Losses.correct(yb, out);
            absSum += Losses.absoluteErrorSum(yb, out);
            n += yb.size(0);
        }
        count = n;
        return new double[] {n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n,
                n == 0 ? Double.NaN : absSum / n};
    }
}
