package fr.carnets.dl.training;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.Tensors;

/** Mini-batches of a DataSetIterator; the number of steps is known after the first epoch. */
final class StreamBatches implements Batches {
    final DataSetIterator it;
    final Trainable model;
    int steps = -1;
    int count;
    boolean checked;

    StreamBatches(DataSetIterator it, Trainable model) {
        this.it = it;
        this.model = model;
    }

    @Override
    public void start(int epoch) {
        if (epoch > 0 || !checked) {
            if (it.resetSupported()) it.reset();
            else if (epoch > 0) throw new ModelException("Ce flux ne peut pas être relu (reset) : une seule époque est possible.");
        }
        count = 0;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public boolean hasNext() {
        return it.hasNext();
    }

    @Override
    public DataSet next() {
        DataSet ds = it.next();
        if (!checked) {
            ShapeCheck.check(model, ds.getFeatures(), ds.getLabels(), "x (flux)", "y (flux)");
            checked = true;
        }
        count++;
        return new DataSet(Tensors.asFloat(ds.getFeatures()), Tensors.asFloat(ds.getLabels()));
    }

    @Override
    public void end() {
        steps = count;
    }
}

