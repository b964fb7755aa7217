package fr.carnets.dl.training;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.Tensors;

/** Mini-batches of arrays: shuffled with a seeded index permutation, gathered row by row in native code. */
final class ArrayBatches implements Batches {
    final INDArray x2d, y;
    final long[] xTail;
    final int batch;
    final boolean shuffle;
    final Random random;
    final int n;
    int[] order;
    int pos;

    ArrayBatches(INDArray x, INDArray y, int batch, boolean shuffle, long seed) {
        long n = x.size(0);
        if (n > Integer.MAX_VALUE) throw new ModelException("Trop d'exemples pour un tableau : utilisez un flux (DataSetIterator).");
        this.n = (int) n;
        long per = x.length() / Math.max(n, 1);
        this.xTail = Arrays.copyOfRange(x.shape(), 1, x.rank());
        this.x2d = x.rank() == 2 ? x : x.reshape('c', n, per); // a view when x is contiguous, else one copy
        this.y = y;
        this.batch = batch;
        this.shuffle = shuffle;
        this.random = new Random(seed);
    }

    @Override
    public void start(int epoch) {
        pos = 0;
        if (shuffle) {
            if (order == null) {
                order = new int[n];
                for (int i = 0; i < n; i++) order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    @Override
    public int steps() {
        return (n + batch - 1) / batch;
    }

    @Override
    public boolean hasNext() {
        return pos < n;
    }

    @Override
    public DataSet next() {
        int end = Math.min(n, pos + batch);
        INDArray bx, by;
        if (shuffle) {
            bx = gather(x2d, order, pos, end);
            by = gather(y, order, pos, end);
        } else {
            bx = Tensors.rows(x2d, pos, end);
            by = Tensors.rows(y, pos, end);
        }
        pos = end;
        if (xTail.length > 1) {
            long[] s = new long[xTail.length + 1];
            s[0] = bx.size(0);
            System.arraycopy(xTail, 0, s, 1, xTail.length);
            bx = bx.reshape('c', s);
        }
        return new DataSet(bx, by);
    }

    /**
     * Rows order[from..to) of a 2-d array, as a new dense array: a Java copy of each row for dense
     * float arrays (ND4J's pullRows costs about as much as a small network's whole step), else pullRows.
     */
    static INDArray gather(INDArray src, int[] order, int from, int to) {
        long per = src.size(1);
        if (src.dataType() != DataType.FLOAT || !Tensors.rowMajorDense(src)
                || src.length() > Integer.MAX_VALUE) {
            return Nd4j.pullRows(src, 1, Arrays.copyOfRange(order, from, to));
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {to - from, per}, 'c');
        java.nio.FloatBuffer in = floats(src), dst = floats(out);
        int p = (int) per;
        for (int k = from; k < to; k++) dst.put((k - from) * p, in, order[k] * p, p);
        return out;
    }

    /** The array's values (a view's buffer starts at its first value in ND4J). */
    private static java.nio.FloatBuffer floats(INDArray a) {
        return new org.bytedeco.javacpp.FloatPointer(a.data().addressPointer()).capacity(a.length()).asBuffer();
    }
}
