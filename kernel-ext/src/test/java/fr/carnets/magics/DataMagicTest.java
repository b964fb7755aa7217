package fr.carnets.magics;

import static fr.carnets.magics.MagicsTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

/** %donnees: the Java it writes for each dataset and folder, and its French errors. */
class DataMagicTest {

    @Test
    void donneesLoadsMnistAsTheLessonDoes() {
        assertEquals("import fr.carnets.data.Mnist;\nvar data = Mnist.options().flatten().scale().oneHot().load();\ndata",
                java("donnees", "mnist --aplatir --normaliser --onehot"));
        assertEquals("import fr.carnets.data.FashionMnist;\nvar fm = FashionMnist.options().addChannel().scale().load();\nfm",
                java("data", "fashion-mnist --channel --scale --name fm"));
        assertEquals("import fr.carnets.data.Mnist;\nvar data = Mnist.options().load();\ndata", java("donnees", "MNIST"));
    }

    @Test
    void donneesBadInputs() {
        assertTrue(error("donnees", "").contains("quel jeu de données ?"));
        assertEquals("%donnees : jeu de données inconnu « cifar10 ». Jeux disponibles : mnist, fashion-mnist.", error("donnees", "cifar10"));
        assertTrue(error("donnees", "mnist --aplatir --canal").contains("--aplatir et --canal s'excluent"));
        assertTrue(error("donnees", "mnist --normalize --onehote").contains("option inconnue « --onehote »"));
        assertTrue(error("donnees", "mnist --onehote").contains("--onehot (--one-hot, --one_hot)"));
        assertTrue(error("donnees", "mnist fashion-mnist").contains("trop d'arguments"));
        assertTrue(error("donnees", "mnist --nom 1x").contains("ne peut pas être un nom de variable Java"));
        assertTrue(error("donnees", "mnist --nom").contains("--nom attend un nom"));
    }

    @Test
    void donneesReadsItsDatasetsFromTheCatalog() throws Exception {
        // datasets/catalog.json (packaged in the jar) lists them; each has its class in fr.carnets.data
        List<String> names = fr.carnets.data.DataHome.arrayDatasets();
        assertEquals(List.of("mnist", "fashion-mnist"), names);
        for (String n : names) {
            String cls = DataMagic.datasetClass("donnees", n);
            assertNotNull(Class.forName("fr.carnets.data." + cls).getMethod("options"), cls);
            assertTrue(java("donnees", n).contains("var data = " + cls + ".options().load();"), n);
        }
        assertEquals("FashionMnist", DataMagic.datasetClass("donnees", "fashion_mnist"));
        assertEquals("FashionMnist", DataMagic.datasetClass("donnees", "FashionMNIST"));
        assertTrue(magic("donnees").help().contains("datasets/catalog.json) : mnist, fashion-mnist."));
    }

    @Test
    void donneesOpensAStreamOnAnImageFolder() {
        assertEquals("import fr.carnets.data.*;\n"
                + "var flux = ImageFolder.from(DataHome.dir().resolve(\"images/mnist/train\")).targetSize(28, 28).grayscale().rescale(1.0 / 255)"
                + ".batchSize(32).build();\nflux", java("donnees", "dossier images/mnist/train --taille 28 --gris --normaliser --lot 32"));
        String j = java("donnees", "folder ./photos --size 64 48 --validation 0.2 --seed 7 --rotation 15 --decalage 0.1 --zoom 0.1 --miroir --nom f");
        assertEquals("import fr.carnets.data.*;\n"
                + "var f = ImageFolder.from(java.nio.file.Paths.get(\"./photos\")).targetSize(64, 48).seed(7L).validationSplit(0.2)"
                + ".subset(\"training\").augment(Augmentation.create().rotation(15.0).shift(0.1, 0.1).zoom(0.1).horizontalFlip()).build();\n"
                + "var fValidation = ImageFolder.from(java.nio.file.Paths.get(\"./photos\")).targetSize(64, 48).seed(7L).validationSplit(0.2)"
                + ".subset(\"validation\").shuffle(false).build();\nf\nfValidation", j);
        e(error("donnees", "dossier"), "quel dossier ?");
        e(error("donnees", "dossier images --taille 28 x"), "--taille attend des entiers positifs", "« x »");
        e(error("donnees", "dossier images --taille 1 2 3"), "--taille attend une ou deux valeurs");
        e(error("donnees", "dossier images --aplatir"), "--aplatir ne sert pas pour un dossier");
        e(error("donnees", "mnist --gris"), "--gris sert aux dossiers d'images");
    }

    @Test
    void donneesFolderRunsAgainstARealFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (String c : List.of("a", "b")) {
            java.nio.file.Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < 3; i++) {
                var img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                javax.imageio.ImageIO.write(img, "png", dir.resolve(c).resolve(i + ".png").toFile());
            }
        }
        // the Java the magic prints, evaluated here by hand: the ImageFolder call it writes is a real one
        var flux = fr.carnets.data.ImageFolder.from(java.nio.file.Paths.get(dir.toString())).targetSize(4, 4).grayscale()
                .rescale(1.0 / 255).batchSize(2).build();
        String j = java("donnees", "dossier " + dir + " --taille 4 --gris --normaliser --lot 2");
        assertTrue(j.contains("ImageFolder.from(java.nio.file.Paths.get(\"" + dir + "\")).targetSize(4, 4).grayscale().rescale(1.0 / 255).batchSize(2)"), j);
        assertEquals(6, flux.numExamples());
        Recorder r = new Recorder(src -> src.equals("flux") ? flux : null);
        magic("donnees").run(r, List.of("dossier", dir.toString(), "--taille", "4", "--gris", "--normaliser", "--lot", "2"));
        assertTrue(r.printed.get(1).startsWith("flux : ImageFolderIterator[6 images, 2 classes, 1x4x4, lots de 2"), r.printed.toString());
    }
}
