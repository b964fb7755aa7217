package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Streams over the generated image folders (run ./carnets datasets first). */
class ImageFolderTest {

    static Path images(String sub) {
        Path p = DataHome.dir().resolve("images").resolve(sub);
        if (!Files.isDirectory(p)) {
            throw new DataException("Dossier d'images absent : " + p + ". Lancez : " + DataHome.FETCH_COMMAND);
        }
        return p;
    }

    static List<Float> labelSequence(ImageFolderIterator it) {
        List<Float> out = new ArrayList<>();
        while (it.hasNext()) {
            DataSet d = it.next();
            INDArray arg = d.getLabels().argMax(1);
            for (long i = 0; i < arg.length(); i++) out.add(arg.getFloat(i));
        }
        return out;
    }

    @Test
    void mnistFolderBatchesAndCounts() {
        ImageFolderIterator it = ImageFolder.from(images("mnist/train")).targetSize(28, 28).grayscale()
                .batchSize(128).seed(1).build();
        assertEquals(2000, it.numExamples());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), it.getLabels());
        int[] counts = new int[10];
        int batches = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            DataSet d = it.next();
            batches++;
            long n = d.numExamples();
            assertArrayEquals(new long[] {n, 1, 28, 28}, d.getFeatures().shape());
            assertArrayEquals(new long[] {n, 10}, d.getLabels().shape());
            assertTrue(d.getFeatures().minNumber().doubleValue() >= 0);
            assertTrue(d.getFeatures().maxNumber().doubleValue() <= 255);
            INDArray arg = d.getLabels().argMax(1);
            for (long i = 0; i < n; i++) counts[(int) arg.getFloat(i)]++;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ImageFolder : 2000 images 28x28 en %.2f s (%.0f images/s)%n", s, 2000 / s);
        assertEquals(16, batches);
        assertArrayEquals(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, counts);
        assertEquals(0, it.skippedCount());
    }

    @Test
    void pixelsMatchTheIdxArrays() {
        // test/7/00000.png is MNIST test image 0 (a 7): the PNG round trip keeps every value.
        ImageFolderIterator it = ImageFolder.from(images("mnist/test")).targetSize(28, 28).grayscale()
                .shuffle(false).batchSize(1).classes("7").build();
        assertEquals("00000.png", it.files().get(0).getFileName().toString());
        INDArray png = it.next().getFeatures().reshape(28, 28);
        TrainTest d = Mnist.load();
        assertEquals(d.xTest.slice(0), png);
        assertEquals(7f, d.yTest.getFloat(0));
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrder() {
        ImageFolder b = ImageFolder.from(images("fashion/test")).targetSize(28, 28).grayscale().batchSize(50);
        List<Float> a1 = labelSequence(b.seed(7).build());
        List<Float> a2 = labelSequence(b.seed(7).build());
        List<Float> other = labelSequence(b.seed(8).build());
        assertEquals(500, a1.size());
        assertEquals(a1, a2);
        assertNotEquals(a1, other);
        // a new epoch reshuffles, and does so identically for both streams
        ImageFolderIterator x = b.seed(7).build(), y = b.seed(7).build();
        x.reset();
        y.reset();
        assertEquals(x.files(), y.files());
        assertNotEquals(b.seed(7).build().files(), x.files());
        // same features, not only same labels
        assertEquals(b.seed(3).build().next().getFeatures(), b.seed(3).build().next().getFeatures());
    }

    @Test
    void validationSplitIsDisjointAndComplete() {
        ImageFolder b = ImageFolder.from(images("mnist/train")).targetSize(28, 28).grayscale().seed(5).validationSplit(0.2);
        ImageFolderIterator train = b.subset("training").build();
        ImageFolderIterator val = b.subset("validation").build();
        assertEquals(1600, train.numExamples());
        assertEquals(400, val.numExamples());
        Set<Path> all = new HashSet<>(train.files());
        for (Path p : val.files()) assertTrue(all.add(p), "fichier dans les deux sous-ensembles : " + p);
        assertEquals(2000, all.size());
        assertThrows(DataException.class, () -> ImageFolder.from(images("mnist/train")).validationSplit(0.2).build());
    }

    @Test
    void classModesAndClassList() {
        ImageFolder b = ImageFolder.from(images("fashion/train")).targetSize(14, 14).rgb().batchSize(10).seed(2)
                .classes("sneaker", "bag");
        DataSet cat = b.classMode("categorical").build().next();
        assertArrayEquals(new long[] {10, 3, 14, 14}, cat.getFeatures().shape());
        assertArrayEquals(new long[] {10, 2}, cat.getLabels().shape());
        ImageFolderIterator bin = b.classMode("binary").build();
        assertEquals(List.of("sneaker", "bag"), bin.getLabels());
        assertEquals(400, bin.numExamples());
        DataSet d = bin.next();
        assertArrayEquals(new long[] {10, 1}, d.getLabels().shape());
        double s = d.getLabels().sumNumber().doubleValue();
        assertTrue(s >= 0 && s <= 10);
        DataSet none = b.classMode("none").build().next();
        assertNull(none.getLabels());
        DataSet sparse = b.classMode("sparse").build().next();
        assertArrayEquals(new long[] {10, 1}, sparse.getLabels().shape());
        // rescale
        DataSet scaled = b.classMode("categorical").rescale(1.0 / 255).build().next();
        assertTrue(scaled.getFeatures().maxNumber().doubleValue() <= 1.0);
    }

    @Test
    void badSettingsGiveFrenchErrors(@TempDir Path tmp) throws IOException {
        Path train = images("mnist/train");
        DataException e = assertThrows(DataException.class, () -> ImageFolder.from(train).classMode("multilabel"));
        assertTrue(e.getMessage().contains("classMode") && e.getMessage().contains("inconnu"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.from(train).targetSize(0, 28));
        assertTrue(e.getMessage().contains("targetSize"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.from(train).classMode("binary").build());
        assertTrue(e.getMessage().contains("exactement 2 classes"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.from(train).classes("0", "douze").build());
        assertTrue(e.getMessage().contains("douze"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.from(tmp.resolve("absent")).build());
        assertTrue(e.getMessage().contains("introuvable"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty/a"));
        Files.writeString(tmp.resolve("empty/a/notes.txt"), "rien");
        e = assertThrows(DataException.class, () -> ImageFolder.from(tmp.resolve("empty")).build());
        assertTrue(e.getMessage().contains("Aucune image"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.from(train).colorMode("cmyk"));
        assertTrue(e.getMessage().contains("colorMode"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.from(train).batchSize(0));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    }

    @Test
    void corruptAndNonImageFilesAreSkippedWithACount(@TempDir Path tmp) throws IOException {
        Path src = images("mnist/test");
        for (String c : List.of("3", "4")) {
            Files.createDirectories(tmp.resolve(c));
            try (var s = Files.list(src.resolve(c))) {
                for (Path p : (Iterable<Path>) s.limit(5)::iterator) Files.copy(p, tmp.resolve(c).resolve(p.getFileName()));
            }
        }
        Files.writeString(tmp.resolve("3/lisez-moi.txt"), "pas une image");
        Files.write(tmp.resolve("3/faux.png"), "ceci n'est pas un PNG".getBytes(StandardCharsets.UTF_8));
        byte[] good = Files.readAllBytes(tmp.resolve("4").resolve(Files.list(tmp.resolve("4")).sorted().findFirst().get().getFileName()));
        byte[] truncated = java.util.Arrays.copyOf(good, 60); // valid header, data cut off
        Files.write(tmp.resolve("4/tronque.png"), truncated);

        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ImageFolderIterator it;
        int seen = 0;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            it = ImageFolder.from(tmp).targetSize(28, 28).grayscale().batchSize(4).seed(1).build();
            while (it.hasNext()) seen += it.next().numExamples();
        } finally {
            System.setErr(old);
        }
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertEquals(10, seen, "les 10 bonnes images, rien d'autre");
        assertEquals(3, it.skippedCount(), warnings);
        assertTrue(warnings.contains("1 fichier(s) qui ne sont pas des images"), warnings);
        assertTrue(warnings.contains("illisible") || warnings.contains("abîmée"), warnings);
    }

    @Test
    void tableStreamAndMissingFile() throws IOException {
        Path dir = images("mnist-table");
        Table t = Table.read().csv(dir.resolve("labels.csv").toString());
        assertEquals(1000, t.rowCount());
        ImageFolderIterator it = ImageFolder.fromTable(t, dir, "file", "label").targetSize(28, 28).grayscale()
                .batchSize(100).shuffle(false).build();
        assertEquals(1000, it.numExamples());
        assertEquals(10, it.getLabels().size());
        DataSet first = it.next();
        assertEquals(5, first.getLabels().getRow(0).argMax().getInt(0)); // MNIST train image 0 is a 5
        assertEquals(Mnist.load().xTrain.slice(0), first.getFeatures().slice(0).reshape(28, 28));

        Table bad = Table.create("t", StringColumn.create("file", "images/00000.png", "images/absente.png"),
                StringColumn.create("label", "5", "0"));
        DataException e = assertThrows(DataException.class, () -> ImageFolder.fromTable(bad, dir, "file", "label").build());
        assertTrue(e.getMessage().contains("introuvable") && e.getMessage().contains("absente.png"), e.getMessage());
        e = assertThrows(DataException.class, () -> ImageFolder.fromTable(bad, dir, "fichier", "label"));
        assertTrue(e.getMessage().contains("fichier"), e.getMessage());
    }

    @Test
    void imagesAndMasksStayInStepWithAugmentation() {
        Augmentation aug = Augmentation.create().rotation(20).shift(0.1, 0.1).zoom(0.1).horizontalFlip();
        ImageFolderIterator imgs = ImageFolder.from(images("segmentation/images")).classMode("none").grayscale()
                .targetSize(48, 48).batchSize(16).seed(11).augment(aug).build();
        ImageFolderIterator masks = ImageFolder.from(images("segmentation/masks")).classMode("none").grayscale()
                .targetSize(48, 48).batchSize(16).seed(11).augment(aug).build();
        assertEquals(200, imgs.numExamples());
        for (int epoch = 0; epoch < 2; epoch++) {
            int checked = 0;
            while (imgs.hasNext()) {
                INDArray x = imgs.next().getFeatures();
                INDArray m = masks.next().getFeatures();
                // With nearest sampling the same transform maps mask = (image >= 128) pixel by pixel.
                INDArray expected = x.gte(128).castTo(m.dataType()).muli(255);
                assertEquals(expected, m, "image et masque désynchronisés");
                checked += x.size(0);
            }
            assertEquals(200, checked);
            assertTrue(!masks.hasNext());
            imgs.reset();
            masks.reset();
        }
        // augmentation really changes the pictures, reproducibly
        ImageFolder plain = ImageFolder.from(images("segmentation/images")).classMode("none").grayscale()
                .targetSize(48, 48).batchSize(16).shuffle(false);
        INDArray p = plain.build().next().getFeatures();
        INDArray a1 = plain.seed(4).augment(aug).build().next().getFeatures();
        INDArray a2 = plain.seed(4).augment(aug).build().next().getFeatures();
        assertNotEquals(p, a1);
        assertEquals(a1, a2);
    }

    /** Options chains are values: one common start serves the training and the validation streams. */
    @Test
    void aCommonStartServesBothSubsets() {
        ImageFolder common = ImageFolder.from(images("mnist/train")).targetSize(28, 28).grayscale().batchSize(100).seed(3)
                .validationSplit(0.2);
        ImageFolderIterator train = common.subset("training").build();
        ImageFolderIterator val = common.subset("validation").shuffle(false).build();
        assertEquals(1600, train.numExamples());
        assertEquals(400, val.numExamples());
        var e = assertThrows(DataException.class, common::build);
        assertTrue(e.getMessage().contains("subset"), "the common start has no subset of its own: " + e.getMessage());
        LoadOptions flat = Mnist.options().flatten();
        assertThrows(DataException.class, () -> flat.addChannel().load());
        assertArrayEquals(new long[] {10000, 784}, flat.load().xTest.shape(), "addChannel() did not change the chain it was called on");
    }
}
