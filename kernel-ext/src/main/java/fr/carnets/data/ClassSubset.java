package fr.carnets.data;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A smaller task cut from a labelled data set: only some classes, at most so many images each,
 * labels renumbered 0, 1, 2... and one-hot. {@code ClassSubset.of(x, labels, new int[] {5, 6, 7, 8, 9}, 0, 20)}
 * keeps the first 20 fives, sixes... from row 0 on; the fives become class 0.
 */
public record ClassSubset(INDArray x, INDArray y) {

    /**
     * @param x           images, first dimension = examples
     * @param labels      class numbers (not one-hot), one per example
     * @param classes     the classes kept, in their new order
     * @param from        first row looked at (to take other images than a previous call)
     * @param maxPerClass at most this many images of each class
     */
    public static ClassSubset of(INDArray x, INDArray labels, int[] classes, int from, int maxPerClass) {
        if (classes == null || classes.length == 0) throw new DataException("ClassSubset.of : donnez au moins une classe à garder.");
        if (maxPerClass <= 0) throw new DataException("ClassSubset.of : maxPerClass doit être positif, pas " + maxPerClass + ".");
        if (labels.length() != x.size(0)) {
            throw new DataException("ClassSubset.of : " + labels.length() + " étiquettes pour " + x.size(0) + " images ; "
                    + "donnez les numéros de classe (pas le one-hot), un par image.");
        }
        int[] count = new int[classes.length];
        List<Integer> rows = new ArrayList<>(), newLabels = new ArrayList<>();
        for (long i = from; i < labels.length(); i++) {
            int e = (int) labels.getDouble(i);
            for (int k = 0; k < classes.length; k++) {
                if (classes[k] == e && count[k] < maxPerClass) {
                    count[k]++;
                    rows.add((int) i);
                    newLabels.add(k);
                }
            }
        }
        int n = rows.size();
        if (n == 0) throw new DataException("ClassSubset.of : aucune image des classes demandées à partir du rang " + from + ".");
        long[] shape = x.shape().clone();
        shape[0] = n;
        INDArray images = Nd4j.pullRows(x.reshape(x.size(0), x.length() / x.size(0)), 1, rows.stream().mapToInt(Integer::intValue).toArray())
                .reshape(shape);
        INDArray y = Nd4j.zeros(x.dataType(), n, classes.length);
        for (int i = 0; i < n; i++) y.putScalar(i, newLabels.get(i), 1.0);
        return new ClassSubset(images, y);
    }
}
