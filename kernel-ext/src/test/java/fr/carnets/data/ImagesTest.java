package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Images.load reads a file as ImageFolder does; resize/padTo/fit keep what they promise. */
class ImagesTest {

    @Test
    void loadGivesTheSamePixelsAsTheFolderStream(@TempDir Path dir) throws Exception {
        Path cls = dir.resolve("a");
        java.nio.file.Files.createDirectories(cls);
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) img.setRGB(x, y, new Color(x * 6, y * 8, (x + y) * 3).getRGB());
        Path file = cls.resolve("0.png");
        ImageIO.write(img, "png", file.toFile());

        INDArray one = Images.load(file, 28, true);
        assertArrayEquals(new long[] {1, 1, 28, 28}, one.shape());
        INDArray batch = ImageFolder.from(dir).targetSize(28, 28).grayscale().batchSize(1).shuffle(false).build().next().getFeatures();
        assertEquals(0.0, one.sub(batch).amaxNumber().doubleValue(), 1e-4, "même lecture que le flux d'entraînement");
        assertTrue(one.maxNumber().doubleValue() > 100, "pixels de 0 à 255, comme img_to_array");

        INDArray rgb = Images.load(file.toString(), 16, false);
        assertArrayEquals(new long[] {1, 3, 16, 16}, rgb.shape());
        assertArrayEquals(new long[] {1, 3, 10, 20}, Images.load(file, 10, 20, false).shape());
    }

    @Test
    void loadSaysInFrenchWhatIsWrong(@TempDir Path dir) throws Exception {
        DataException e = assertThrows(DataException.class, () -> Images.load(dir.resolve("absent.png"), 28, true));
        assertTrue(e.getMessage().contains("fichier introuvable"), e.getMessage());
        Path txt = dir.resolve("x.png");
        java.nio.file.Files.writeString(txt, "pas une image");
        assertTrue(assertThrows(DataException.class, () -> Images.load(txt, 28, true)).getMessage().contains("n'est pas une image lisible"));
        assertTrue(assertThrows(DataException.class, () -> Images.load(txt, 0, true)).getMessage().contains("positive"));
    }

    @Test
    void resizePadAndFit() {
        double[][] im = new double[20][40];
        for (int r = 0; r < 20; r++) for (int c = 0; c < 40; c++) im[r][c] = 1;
        double[][] s = Images.resize(im, 28, 28);
        assertEquals(28, s.length);
        assertEquals(28, s[0].length);
        assertEquals(1.0, s[13][13], 1e-12);
        double[][] p = Images.padTo(new double[][] {{1, 1}, {1, 1}}, 4, 6);
        assertEquals(0.0, p[0][0]);
        assertEquals(1.0, p[1][2]);
        assertEquals(1.0, p[2][3]);
        assertEquals(0.0, p[1][1]);
        double[][] f = Images.fit(im, 28, 28);       // 20×40 → 14×28 inside 28×28
        assertEquals(0.0, f[0][14], 1e-12, "bande de zéros en haut");
        assertEquals(1.0, f[14][14], 1e-12);
        assertThrows(DataException.class, () -> Images.padTo(im, 10, 10));
    }
}
