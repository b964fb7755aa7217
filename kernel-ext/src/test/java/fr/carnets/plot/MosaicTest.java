package fr.carnets.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** A row of images of different sizes, from plain arrays or INDArrays, drawn to a PNG. */
class MosaicTest {

    @Test
    void imagesOfAnySizeSideBySide() {
        double[][] a = new double[28][28];
        a[3][4] = 1;
        Mosaic m = Mosaic.of(List.of("image", "réduite"), a, new double[14][14]);
        assertEquals("Mosaic[image 28×28, réduite 14×14]", m.toString());
        byte[] png = m.title("Deux tailles").figure().toPng();
        assertTrue(png.length > 100 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        Mosaic n = Mosaic.of(List.of("ndarray", "plat"), Nd4j.rand(1, 1, 10, 12), Nd4j.rand(5, 6));
        assertEquals("Mosaic[ndarray 10×12, plat 5×6]", n.toString());
        assertTrue(n.columns(1).figure().height() > n.columns(2).figure().height());
    }

    @Test
    void badInputsSayWhatToDo() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mosaic.of(List.of("a"), new double[2][2], new double[2][2]))
                .getMessage().contains("un titre par image"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mosaic.of(List.of("a"), Nd4j.rand(2, 3, 4, 4)))
                .getMessage().contains("une seule image, un seul canal"));
    }
}
