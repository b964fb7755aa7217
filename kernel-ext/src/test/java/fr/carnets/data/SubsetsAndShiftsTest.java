package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The helpers of chapters 05 (Translate: shifted digits) and 06 (ClassSubset: a small target task). */
class SubsetsAndShiftsTest {

    @Test
    void translateMovesEveryPixelAndKeepsShape() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 16);          // two 4×4 images, flattened
        x.putScalar(new long[] {0, 1 * 4 + 1}, 1f);                 // image 0: pixel (1, 1)
        x.putScalar(new long[] {1, 3 * 4 + 3}, 2f);                 // image 1: pixel (3, 3), pushed out by the shift
        INDArray s = Translate.images(x, 2, 1);
        assertArrayEquals(x.shape(), s.shape());
        assertEquals(1f, s.getFloat(0, 2 * 4 + 3));                // (1, 1) → row 2, column 3
        assertEquals(1.0, s.sumNumber().doubleValue(), 1e-6, "the pixel of image 1 left the frame");
        INDArray img = x.reshape(2, 1, 4, 4);
        assertEquals(s.reshape(2, 1, 4, 4), Translate.images(img, 2, 1));
        INDArray back = Translate.images(Translate.images(x, 0, -1), 0, 1);   // up then down: the top row is lost
        assertEquals(1f, back.getFloat(0, 1 * 4 + 1));
        assertEquals(2f, back.getFloat(1, 3 * 4 + 3), "a pixel of the bottom row comes back");
        var e = assertThrows(DataException.class, () -> Translate.images(Nd4j.zeros(2, 15), 1, 1));
        assertTrue(e.getMessage().contains("carrée"), e.getMessage());
    }

    @Test
    void classSubsetKeepsClassesInOrderAndRenumbers() {
        INDArray labels = Nd4j.createFromArray(new float[] {5, 1, 7, 5, 7, 5, 9});
        INDArray x = Nd4j.arange(7 * 4).castTo(DataType.FLOAT).reshape(7, 1, 2, 2);
        var s = ClassSubset.of(x, labels, new int[] {5, 7}, 0, 2);
        INDArray flat = x.reshape(7, 4), kept = s.x().reshape(4, 4);
        assertArrayEquals(new long[] {4, 1, 2, 2}, s.x().shape());
        // rows 0 (5), 2 (7), 3 (5), 4 (7); the third 5 (row 5) is over the limit
        assertEquals(flat.getRow(2), kept.getRow(1));
        assertEquals(flat.getRow(3), kept.getRow(2));
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}, {0, 1}}), s.y());
        var later = ClassSubset.of(x, labels, new int[] {5}, 4, 10);
        assertEquals(1, later.x().size(0));
        assertEquals(flat.getRow(5), later.x().reshape(1, 4).getRow(0));
        var e = assertThrows(DataException.class, () -> ClassSubset.of(x, labels, new int[] {3}, 0, 5));
        assertTrue(e.getMessage().contains("aucune image"), e.getMessage());
    }
}
