package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** MNIST and Fashion-MNIST from the verified cache (run ./carnets datasets first). */
class IdxDatasetsTest {

    static void checkCounts(INDArray y, int[] expected) {
        float[] v = y.toFloatVector();
        int[] got = new int[expected.length];
        for (float f : v) {
            assertEquals(Math.rint(f), f, "étiquette non entière");
            got[(int) f]++;
        }
        assertArrayEquals(expected, got);
    }

    static void checkKerasShapes(String name, TrainTest d) {
        assertArrayEquals(new long[] {60000, 28, 28}, d.xTrain.shape());
        assertArrayEquals(new long[] {60000}, d.yTrain.shape());
        assertArrayEquals(new long[] {10000, 28, 28}, d.xTest.shape());
        assertArrayEquals(new long[] {10000}, d.yTest.shape());
        assertEquals(0.0, d.xTrain.minNumber().doubleValue());
        assertEquals(255.0, d.xTrain.maxNumber().doubleValue());
        assertEquals(0.0, d.xTest.minNumber().doubleValue());
        assertEquals(255.0, d.xTest.maxNumber().doubleValue());
        checkCounts(d.yTrain, DataHome.labelCounts(name, "train"));
        checkCounts(d.yTest, DataHome.labelCounts(name, "test"));
        assertEquals(10, d.classes.size());
    }

    @Test
    void mnistLikeKeras() {
        TrainTest d = Mnist.load();
        checkKerasShapes(Mnist.NAME, d);
        // Known statistics of MNIST: mean pixel 33.32 (0.1307 * 255), first label 5.
        assertEquals(33.318, d.xTrain.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue(), 0.01);
        assertEquals(5f, d.yTrain.getFloat(0));
        assertEquals(7f, d.yTest.getFloat(0));
    }

    @Test
    void fashionMnistLikeKeras() {
        TrainTest d = FashionMnist.load();
        checkKerasShapes(FashionMnist.NAME, d);
        assertEquals(72.940, d.xTrain.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue(), 0.01);
        assertEquals("ankle_boot", d.classes.get(9));
        assertEquals(9f, d.yTrain.getFloat(0)); // the first training item is an ankle boot
    }

    @Test
    void flattenScaleOneHot() {
        TrainTest d = Mnist.options().flatten().scale().oneHot().load();
        assertArrayEquals(new long[] {60000, 784}, d.xTrain.shape());
        assertArrayEquals(new long[] {10000, 784}, d.xTest.shape());
        assertArrayEquals(new long[] {60000, 10}, d.yTrain.shape());
        assertArrayEquals(new long[] {10000, 10}, d.yTest.shape());
        assertEquals(0.0, d.xTrain.minNumber().doubleValue());
        assertEquals(1.0, d.xTrain.maxNumber().doubleValue(), 1e-6);
        // one 1 per row, at the class index
        assertEquals(60000.0, d.yTrain.sumNumber().doubleValue());
        assertEquals(1.0, d.yTrain.getFloat(0, 5));
        assertEquals(5923.0, d.yTrain.sum(0).getDouble(0));
        // scaling while reading gives exactly the floats of dividing the raw pixels by 255
        INDArray raw = Mnist.options().flatten().load().xTest;
        assertEquals(raw.div(255f), d.xTest);
    }

    @Test
    void channelAxisForConvolutions() {
        TrainTest d = FashionMnist.options().addChannel().scale().load();
        assertArrayEquals(new long[] {60000, 1, 28, 28}, d.xTrain.shape());
        assertArrayEquals(new long[] {10000, 1, 28, 28}, d.xTest.shape());
        assertThrows(DataException.class, () -> Mnist.options().flatten().addChannel().load());
    }

    @Test
    void reRunningALoadKeepsAtMostTwoCopies() {
        Path images = DataHome.verifiedFile(DataHome.dir(), Mnist.NAME, "train-images-idx3-ubyte");
        long oneCopy = 60000L * 784 * Float.BYTES;
        TrainTest d = Mnist.load();
        long base = org.bytedeco.javacpp.Pointer.totalBytes() - oneCopy;
        for (int run = 0; run < 4; run++) { // like re-running `d = Mnist.load();`: the old copy is garbage
            d = Mnist.load();
            assertEquals(60000, d.xTrain.size(0));
            long held = org.bytedeco.javacpp.Pointer.totalBytes() - base;
            assertTrue(held < 2.5 * oneCopy, "native memory held by the loads: " + held / (1 << 20) + " MiB");
            assertTrue(Copies.alive(images) <= Copies.KEPT, "copies still in memory: " + Copies.alive(images));
        }
        close(d);
    }

    static void close(TrainTest d) {
        d.xTrain.close();
        d.yTrain.close();
        d.xTest.close();
        d.yTest.close();
    }

    @Test
    void missingDatasetNamesTheCommand(@TempDir Path empty) {
        DataException e = assertThrows(DataException.class, () -> Mnist.options().from(empty).load());
        assertTrue(e.getMessage().contains("./carnets datasets"), e.getMessage());
        assertTrue(e.getMessage().contains("introuvable"), e.getMessage());
    }

    @Test
    void missingFileNamesTheCommand(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("mnist"));
        DataException e = assertThrows(DataException.class, () -> Mnist.options().from(root).load());
        assertTrue(e.getMessage().contains("Fichier manquant"), e.getMessage());
        assertTrue(e.getMessage().contains("./carnets datasets"), e.getMessage());
    }

    @Test
    void wrongChecksumIsRefused(@TempDir Path root) throws IOException {
        Path src = DataHome.dir().resolve("mnist");
        Path dst = Files.createDirectories(root.resolve("mnist"));
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.copy(DataHome.verifiedFile(DataHome.dir(), "mnist", f), dst.resolve(f));
        }
        // One changed label: same size, wrong content.
        Path labels = dst.resolve("t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(labels);
        b[100] = (byte) ((b[100] + 1) % 10);
        Files.write(labels, b);
        assertTrue(Files.isDirectory(src));
        DataException e = assertThrows(DataException.class, () -> Mnist.options().from(root).load());
        assertTrue(e.getMessage().contains("Somme de contrôle SHA-256 incorrecte"), e.getMessage());
        assertTrue(e.getMessage().contains("./carnets datasets"), e.getMessage());
    }
}
