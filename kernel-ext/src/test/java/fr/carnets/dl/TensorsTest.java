package fr.carnets.dl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Which arrays a fit takes as they are, and which it copies once. */
class TensorsTest {
    private static INDArray images(long n) {
        return Nd4j.linspace(DataType.FLOAT, 1, n * 28 * 28, 1).reshape('c', n, 1, 28, 28);
    }

    @Test
    void oneChannelImagesAndTheirRowsAreTakenAsTheyAre() {
        INDArray x = images(6);
        assertTrue(Tensors.rowMajorDense(x));
        assertSame(x, Tensors.asFloat(x), "MNIST's [n, 1, 28, 28] was copied whole at every fit");
        INDArray rows = Tensors.rows(x, 2, 5);
        assertSame(rows, Tensors.asFloat(rows));
        INDArray column = Nd4j.linspace(DataType.FLOAT, 1, 6, 1).reshape('c', 6, 1);
        assertTrue(Tensors.rowMajorDense(column));
        assertTrue(Tensors.rowMajorDense(column.dup('f')));
    }

    @Test
    void stridedOrPermutedArraysAreCopiedWithTheirValues() {
        INDArray transposed = Nd4j.linspace(DataType.FLOAT, 1, 12, 1).reshape('c', 3, 4).transpose();
        assertFalse(Tensors.rowMajorDense(transposed));
        INDArray copy = Tensors.asFloat(transposed);
        assertNotSame(transposed, copy);
        assertTrue(Tensors.rowMajorDense(copy));
        assertEquals(transposed, copy);
        INDArray everyOther = Nd4j.linspace(DataType.FLOAT, 1, 20, 1).reshape('c', 10, 2).get(NDArrayIndex.interval(0, 2, 10), NDArrayIndex.all());
        assertFalse(Tensors.rowMajorDense(everyOther));
        assertEquals(everyOther, Tensors.asFloat(everyOther));
        INDArray doubles = Nd4j.linspace(DataType.DOUBLE, 1, 6, 1).reshape('c', 6, 1, 1, 1);
        assertEquals(DataType.FLOAT, Tensors.asFloat(doubles).dataType());
    }
}
