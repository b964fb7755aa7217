package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RowsTest {
    private static INDArray images() {
        return Nd4j.arange(0, 10 * 2 * 3).castTo(DataType.FLOAT).reshape(10, 2, 3);   // 10 "images" of 2×3
    }

    @Test
    void takeSkipRangeKeepTheOtherAxes() {
        INDArray x = images();
        INDArray first = Rows.take(x, 4);
        assertArrayEquals(new long[] {4, 2, 3}, first.shape());
        assertEquals(x.getDouble(3, 1, 2), first.getDouble(3, 1, 2));
        INDArray rest = Rows.skip(x, 4);
        assertArrayEquals(new long[] {6, 2, 3}, rest.shape());
        assertEquals(x.getDouble(4, 0, 0), rest.getDouble(0, 0, 0));
        INDArray mid = Rows.range(x, 2, 5);
        assertArrayEquals(new long[] {3, 2, 3}, mid.shape());
        assertEquals(x.getDouble(2, 0, 1), mid.getDouble(0, 0, 1));
        assertSame(x, Rows.take(x, 50), "more rows than the array has: the array itself");
        INDArray v = Nd4j.createFromArray(1.0, 2.0, 3.0);
        assertEquals(2, Rows.take(v, 2).length());
    }

    @Test
    void splitByCountAndFraction() {
        INDArray x = images();
        var s = Rows.split(x, 7);
        assertEquals(7, s.first().size(0));
        assertEquals(3, s.rest().size(0));
        assertEquals(x.getDouble(7, 0, 0), s.rest().getDouble(0, 0, 0));
        var f = Rows.split(x, 0.8);
        assertEquals(8, f.first().size(0));
        assertEquals(2, f.rest().size(0));
        assertEquals(Nd4j.concat(0, f.first(), f.rest()), x);
    }

    @Test
    void badInputGetsAFrenchMessage() {
        INDArray x = images();
        assertTrue(assertThrows(DataException.class, () -> Rows.range(x, 5, 20)).getMessage().contains("le tableau en a 10"));
        assertTrue(assertThrows(DataException.class, () -> Rows.take(x, -1)).getMessage().contains("négatif"));
        assertTrue(assertThrows(DataException.class, () -> Rows.split(x, 1.5)).getMessage().contains("hors de [0, 1]"));
        assertTrue(assertThrows(DataException.class, () -> Rows.skip(null, 1)).getMessage().contains("null"));
    }
}
