package fr.carnets.dl.runtime.onednn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Which arrays oneDNN may read in place, and that reading them in place reads the right floats. */
class NativeTest {
    @Test
    void denseArraysAreReadInPlace() {
        INDArray batch = Nd4j.rand(DataType.FLOAT, 4, 28, 28, 1); // strides [784, 28, 1, 1]
        INDArray kernel = Nd4j.rand(DataType.FLOAT, 32, 1, 3, 3); // strides [9, 9, 3, 1]
        INDArray bias = Nd4j.rand(DataType.FLOAT, 'f', 1, 10).reshape(10);
        for (INDArray a : new INDArray[] {batch, kernel, bias, Nd4j.rand(DataType.FLOAT, 3, 5), Nd4j.rand(DataType.FLOAT, 1, 1)}) {
            assertTrue(Native.dense(a), a.shapeInfoToString());
            assertSame(a, Native.denseOrCopy(a), "no copy");
        }
    }

    @Test
    void stridedOrOtherArraysAreCopied() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray columns = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        INDArray fOrder = Nd4j.rand(DataType.FLOAT, 'f', 3, 5);
        for (INDArray a : new INDArray[] {columns, fOrder, m.transpose(), Nd4j.rand(DataType.DOUBLE, 2, 2)}) {
            assertFalse(Native.dense(a), a.shapeInfoToString());
        }
        INDArray c = Native.denseOrCopy(columns);
        assertNotSame(columns, c);
        assertEquals(columns, c);
    }

    @Test
    void aDenseViewIsReadFromItsOwnFirstElement() {
        INDArray flat = Nd4j.arange(0, 40).castTo(DataType.FLOAT);
        INDArray view = flat.get(NDArrayIndex.interval(10, 30)).reshape(4, 5, 1); // a parameter view: offset 10
        assertTrue(Native.dense(view));
        float[] read = new float[20];
        new org.bytedeco.javacpp.FloatPointer(Native.address(view)).get(read, 0, 20);
        assertEquals(10f, read[0]);
        assertEquals(29f, read[19]);
    }
}
