package fr.carnets.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves whole images by a few pixels (what {@code scipy.ndimage.shift} does for the documents'
 * numpy arrays): {@code Translate.images(x, 6, 6)} moves every digit 6 pixels right and 6 down;
 * pixels pushed out are lost, the freed border is 0 (the background).
 */
public final class Translate {
    private Translate() {}

    /** Images {@code [n, h·w]} (square, flattened) or {@code [n, 1, h, w]}, shifted by {@code dx} right and {@code dy} down; same shape back. */
    public static INDArray images(INDArray x, int dx, int dy) {
        long[] shape = x.shape();
        int n = (int) shape[0];
        int h, w;
        if (shape.length == 2) {
            h = w = (int) Math.round(Math.sqrt(shape[1]));
            if ((long) h * w != shape[1]) {
                throw new DataException("Translate.images : " + shape[1] + " pixels par ligne ne font pas une image carrée ; "
                        + "donnez des images [n, 1, h, w].");
            }
        } else if (shape.length == 4 && shape[1] == 1) {
            h = (int) shape[2];
            w = (int) shape[3];
        } else {
            throw new DataException("Translate.images attend des images [n, 784] ou [n, 1, 28, 28] (en gris), pas "
                    + java.util.Arrays.toString(shape) + ".");
        }
        float[] source = x.dup('c').data().asFloat(), target = new float[source.length];
        int size = h * w;
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++) {
                    int r2 = r + dy, c2 = c + dx;
                    if (r2 >= 0 && r2 < h && c2 >= 0 && c2 < w) target[i * size + r2 * w + c2] = source[i * size + r * w + c];
                }
        return Nd4j.create(target, shape, 'c').castTo(x.dataType());
    }
}
