package fr.carnets.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class CheckTest {

    static void wrong(Verdict v, String... parts) {
        assertFalse(v.ok(), v.message());
        assertTrue(v.message().startsWith("✘ "), v.message());
        for (String p : parts) assertTrue(v.message().contains(p), v.message() + "  ≠>  " + p);
        assertFalse(v.message().toLowerCase().contains("assert"));
    }

    @Test
    void shapes() {
        assertEquals("✔ Bonne forme : [60000, 784]", Check.shapeVerdict(new long[] {60000, 784}, 60000, 784).message());
        assertEquals("✘ Forme attendue [60000, 784], obtenue [60000, 28, 28] : aplatissez les images avec "
                + "reshape(60000, 784) (chaque image 28×28 devient une ligne de 784 valeurs).",
                Check.shapeVerdict(new long[] {60000, 28, 28}, 60000, 784).message());
        assertTrue(Check.shapeVerdict(new long[] {128, 784}, -1, 784).ok());
        wrong(Check.shapeVerdict(new long[] {60000, 28, 28}, 60000, 1, 28, 28), "ajoutez l'axe des canaux", "reshape(60000, 1, 28, 28)");
        wrong(Check.shapeVerdict(new long[] {10, 32, 32, 3}, 10, 3, 32, 32), "permute(0, 3, 1, 2)");
        wrong(Check.shapeVerdict(new long[] {60000}, 60000, 10), "one-hot", "10 colonnes");
        wrong(Check.shapeVerdict(new long[] {60000, 10}, 60000), "argmax(1)");
        wrong(Check.shapeVerdict(new long[] {10000, 784}, 60000, 784), "nombre d'exemples");
        wrong(Check.shapeVerdict(new long[] {60000, 10}, 60000, 2), "2e dimension doit valoir 2");
        wrong(Check.shapeVerdict(null, 60000, 784), "null", "exécutez d'abord");
    }

    @Test
    void layers() {
        assertEquals("✔ Bonnes tailles de couches : [20, 14, 10]", Check.layersVerdict(new int[] {20, 14, 10}, 20, 14, 10).message());
        wrong(Check.layersVerdict(new int[] {20, 10}, 20, 14, 10), "il manque 1 couche");
        wrong(Check.layersVerdict(new int[] {20, 14, 10, 10}, 20, 14, 10), "1 couche de trop");
        wrong(Check.layersVerdict(new int[] {20, 12, 2}, 20, 14, 10), "la couche 2 a 12 au lieu de 14",
                "la couche 3 a 2 au lieu de 10", "autant de neurones que de classes");
        LayerSizes model = () -> new int[] {20, 14, 10};
        assertTrue(Check.layers(model, 20, 14, 10));
        assertFalse(Check.layers((LayerSizes) null, 20, 14, 10));
    }

    @Test
    void barsAndEquality() {
        assertEquals("✔ L'exactitude en test : 0,953 ≥ 0,93", Check.atLeastVerdict(0.953, 0.93, "l'exactitude en test", null).message());
        wrong(Check.atLeastVerdict(0.912, 0.93, "l'exactitude en test", "entraînez plus d'époques"),
                "0,912, en dessous du seuil 0,93 (il manque 0,018) : entraînez plus d'époques");
        wrong(Check.atLeastVerdict(Double.NaN, 0.93, "l'exactitude", null), "NaN", "taux d'apprentissage");
        assertTrue(Check.atMostVerdict(0.2, 0.3, "la perte", null).ok());
        wrong(Check.atMostVerdict(0.5, 0.3, "la perte", null), "au-dessus du plafond 0,3");
        assertEquals("✔ Le nombre de paramètres : 15910", Check.equalVerdict(15910, 15910L, "le nombre de paramètres").message());
        wrong(Check.equalVerdict(15900, 15910, "le nombre de paramètres"), "attendu 15910, obtenu 15900");
        assertTrue(Check.equalVerdict(new int[] {1, 2}, new int[] {1, 2}, "le tableau").ok());
        wrong(Check.equalVerdict(new int[] {1, 3}, new int[] {1, 2}, "le tableau"), "attendu [1, 2], obtenu [1, 3]");
        wrong(Check.equalVerdict("relu", "softmax", "l'activation"), "attendu « softmax », obtenu « relu »");
        assertTrue(Check.equalVerdict(Nd4j.ones(DataType.FLOAT, 2, 2), Nd4j.ones(DataType.DOUBLE, 2, 2), "la matrice").ok());
        wrong(Check.equalVerdict(Nd4j.ones(2, 3), Nd4j.ones(2, 2), "la matrice"), "forme [2, 3] au lieu de [2, 2]");
        assertTrue(Check.closeVerdict(0.1 + 0.2, 0.3, 1e-9, "la somme").ok());
        wrong(Check.closeVerdict(0.35, 0.3, 0.01, "la somme"), "attendu 0,3 (à 0,01 près), obtenu 0,35");
        // a tiny tolerance stays readable (it printed "à 0 près")
        wrong(Check.closeVerdict(2e-4, 1e-4, 1e-12, "le taux"), "attendu 0,0001 (à 1e-12 près), obtenu 0,0002");
        wrong(Check.closeVerdict(3.5e-5, 0.0, 1e-6, "l'écart"), "attendu 0 (à 1e-6 près), obtenu 3,5e-5");
    }

    @Test
    void hashedAnswersCompareByValueWithoutShowingThem() {
        String h = Answer.hash(120_000L).substring(0, 16);
        // one answer, whatever its Java type or its rounding noise
        assertTrue(Check.hashedVerdict(120_000, h, Answer.DECIMALS, "le nombre de poids", "x").ok());
        assertTrue(Check.hashedVerdict(120_000.0, h, Answer.DECIMALS, "le nombre de poids", "x").ok());
        assertEquals("-0.7", Answer.canonical(0.8 * 0.5 + 0.2 * -1 + -0.5 * 2 + 0.1, Answer.DECIMALS));
        assertEquals(Answer.hash(-0.7), Answer.hash(0.8 * 0.5 + 0.2 * -1 + -0.5 * 2 + 0.1));
        assertEquals(Answer.hash(0.8), Answer.hash(0.8f));
        assertEquals(Answer.hash(new long[] {32, 3, 200, 200}), Answer.hash(new int[] {32, 3, 200, 200}));
        assertEquals(Answer.hash(Nd4j.create(new double[][] {{0.8, -0.3}, {0.2, 0.4}})),
                Answer.hash(Nd4j.create(new float[][] {{0.8f, -0.3f}, {0.2f, 0.4f}})));
        // same values, another shape: another answer
        assertFalse(Answer.hash(Nd4j.create(new double[] {0.8, -0.3, 0.2, 0.4}, 4, 1))
                .equals(Answer.hash(Nd4j.create(new double[] {0.8, -0.3, 0.2, 0.4}, 2, 2))));
        // wrong: the learner's value and the hint, never the answer nor a direction
        Verdict v = Check.hashedVerdict(119_999L, h, Answer.DECIMALS, "le nombre de poids", "comptez les valeurs d'une image.");
        wrong(v, "Le nombre de poids : 119999, ce n'est pas la bonne valeur. Comptez les valeurs d'une image.");
        assertFalse(v.message().contains("120000") || v.message().contains("trop"), v.message());
        wrong(Check.hashedVerdict(Double.NaN, h, Answer.DECIMALS, "z", "x"), "NaN");
        // a coarser rounding on request
        assertTrue(Check.hashedVerdict(0.3318, Answer.hash(0.33181, 3), 3, "la sortie", "x").ok());
        // a digest too short to mean anything is the author's error, said in French
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Check.hashedVerdict(1, "abc", Answer.DECIMALS, "x", "y"));
        assertTrue(e.getMessage().contains("au moins 16 chiffres hexadécimaux"), e.getMessage());
    }

    @Test
    void publicChecksPrintFrenchAndReturnABoolean() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        boolean a, b, c;
        try {
            a = Check.shape(Nd4j.zeros(5, 28, 28), 5, 784);
            b = Check.atLeast(0.97, 0.95, "l'exactitude");
            c = Check.isTrue(false, "c'est bon", "normalisez les pixels (divisez par 255)");
        } finally {
            System.setOut(old);
        }
        assertFalse(a);
        assertTrue(b);
        assertFalse(c);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("✘ Forme attendue [5, 784], obtenue [5, 28, 28] : aplatissez"), out);
        assertTrue(out.contains("✔ L'exactitude : 0,97 ≥ 0,95"), out);
        assertTrue(out.contains("✘ normalisez les pixels"), out);
    }

    @Test
    void htmlKeepsTheThemeTextColour() {
        String ok = Check.shapeVerdict(new long[] {2}, 2).toHtml();
        String ko = Check.equalVerdict("<b>", "a", "x").toHtml();
        assertTrue(ok.contains("#2e9d4f") && ok.contains("✔"));
        assertTrue(ko.contains("#d1383d") && ko.contains("&lt;b&gt;"));
        assertFalse(ko.contains("<b>"));
    }

    @Test
    void valueGivesAHintNotTheAnswer() {
        assertEquals("✔ La moyenne : 5", Check.hintVerdict(5.0, 5.0, 1e-9, "la moyenne", "indice").message());
        Verdict low = Check.hintVerdict(0, 15700, 1e-9, "les paramètres", "comptez aussi les biais.");
        wrong(low, "trop petit. Comptez aussi les biais");
        assertFalse(low.message().contains("15700") || low.message().contains("15 700"), low.message());
        wrong(Check.hintVerdict(7, 5, 1e-9, "x", "h"), "trop grand");
        wrong(Check.hintVerdict(Double.NaN, 5, 1e-9, "x", "h"), "NaN");
    }

    @Test
    void targetSaysHowFarOff() {
        Verdict v = Check.targetVerdict(0.955, 0.97, "l'exactitude sur le test", "élargissez les couches.");
        wrong(v, "95,5 %", "objectif 97,0 %", "il manque 1,5 point. Élargissez");
        Verdict ok = Check.targetVerdict(0.9712, 0.97, "l'exactitude sur le test", "h");
        assertTrue(ok.ok(), ok.message());
        assertTrue(ok.message().contains("97,1 %") && ok.message().contains("atteint"), ok.message());
        wrong(Check.targetVerdict(0.90, 0.97, "x", "h"), "il manque 7,0 points");
    }

    @Test
    void targetWithoutHintAndCountsUnderALimit() {
        wrong(Check.targetVerdict(0.951, 0.97, "l'exactitude", null), "il manque 1,9 point.");
        assertFalse(Check.targetVerdict(0.951, 0.97, "l'exactitude", null).message().contains("null"));
        wrong(Check.underVerdict(20_000, 15_910, "le nombre de paramètres"), "4091 de trop", "15910");
        assertTrue(Check.underVerdict(5_258, 15_910, "le nombre de paramètres").ok());
        assertFalse(Check.underVerdict(15_910, 15_910, "x").ok());
    }

    @Test
    void hintVerdictNeverShowsTheExpectedWholeNumber() {
        Verdict low = Check.hintVerdict(5000, 5258, 1e-9 * 5258, "le nombre de paramètres", "comptez le biais de chaque filtre.");
        wrong(low, "trop petit", "Comptez le biais");
        assertFalse(low.message().contains("5258"), low.message());
        wrong(Check.hintVerdict(6000, 5258, 1e-9 * 5258, "x", "h"), "trop grand");
        assertTrue(Check.hintVerdict(5258, 5258, 1e-9 * 5258, "x", "h").ok());
    }
}
