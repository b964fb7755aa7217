package fr.carnets.magics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MagicLineTest {
    static final List<Option> SPEC = List.of(
            Option.flag("aplatir", "aplatit", "flatten"),
            Option.name("nom", "VARIABLE", "nom", "name"),
            Option.integer("epochs", "N", "époques", "epoques"),
            Option.number("validation", "FRACTION", "part"),
            Option.words("compile", "OPT PERTE", "compile"));

    static final Spec ESSAI = new Spec(List.of("essai"), "essai", "", SPEC, "%essai", "");

    static MagicLine parse(String line) {
        return MagicLine.parse(ESSAI, KernelWords.split(line));
    }

    @Test
    void putsBackTogetherTheLayersTheKernelSplitAtTheirSpaces() {
        // the kernel splits "Dense(20, relu)" into "Dense(20," and "relu)"; a quoted "Mon titre" arrives as one piece
        List<String> kernelArgs = List.of("Input(784)", "Dense(20,", "relu)", "Conv2D(8,", "3,", "relu,", "same,", "2)", "--titre", "Mon titre");
        assertEquals(List.of("Input(784)", "Dense(20, relu)", "Conv2D(8, 3, relu, same, 2)", "--titre", "Mon titre"),
                MagicLine.regroup("m", kernelArgs));
        assertEquals(List.of("model", "=", "Input(784)", "Dense(10, softmax)"),
                MagicLine.regroup("m", KernelWords.split("model = Input(784)  Dense(10,  \"softmax\")")));
    }

    @Test
    void readsFlagsValuesNumbersAndWordLists() {
        MagicLine a = parse("mnist --flatten --nom d --epochs 3 --validation 0.2 --compile adam categorical_crossentropy accuracy");
        assertEquals(List.of("mnist"), a.positionals());
        assertTrue(a.flag("aplatir"));
        assertEquals("d", a.name("nom", "data"));
        assertEquals(3L, a.integer("epochs"));
        assertEquals(0.2, a.number("validation"));
        assertEquals(List.of("adam", "categorical_crossentropy", "accuracy"), a.words("compile"));
        assertFalse(a.wantsHelp());
    }

    @Test
    void acceptsEqualsFormAndFrenchDecimalComma() {
        MagicLine a = parse("--epoques=5 --validation=0,1 --name=x");
        assertEquals(5L, a.integer("epochs"));
        assertEquals(0.1, a.number("validation"), 1e-12);
        assertEquals("x", a.name("nom", null));
    }

    @Test
    void helpIsUnderstoodInBothLanguages() {
        assertTrue(parse("--aide").wantsHelp());
        assertTrue(parse("--help").wantsHelp());
    }

    @Test
    void unknownOptionNamesTheValidOnesInFrench() {
        MagicException e = assertThrows(MagicException.class, () -> parse("mnist --aplati"));
        assertTrue(e.getMessage().startsWith("%essai : option inconnue « --aplati »"), e.getMessage());
        assertTrue(e.getMessage().contains("Options valides : --aplatir (--flatten), --nom VARIABLE (--name), --epochs N (--epoques)"),
                e.getMessage());
        assertEquals(e.getMessage(), e.toString());
    }

    /** Each wrong use of an option gets a French message that names the option and what it expects. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--epochs | %essai : l'option --epochs attend un nombre entier après elle, par exemple --epochs 3.",
            "--nom --epochs 3 | --nom attend un nom",
            "--compile --nom x | --compile attend un ou plusieurs mots",
            "--epochs trois | --epochs attend un nombre entier, pas « trois »",
            "--validation vingt | --validation attend un nombre, pas « vingt »",
            "--aplatir=oui | --aplatir ne prend pas de valeur"})
    void badOptionsAreExplained(String line, String expected) {
        MagicException e = assertThrows(MagicException.class, () -> parse(line));
        assertTrue(e.getMessage().contains(expected), "expected « " + expected + " » in: " + e.getMessage());
    }

    @Test
    void unbalancedParenthesesAreReported() {
        assertTrue(assertThrows(MagicException.class, () -> parse("Dense(20, relu")).getMessage().contains("parenthèse « ( » non fermée"));
        assertTrue(assertThrows(MagicException.class, () -> parse("Dense20)")).getMessage().contains("parenthèse fermante"));
    }

    @Test
    void usageAndHelpComeFromTheDeclaration() {
        Spec s = new Spec(List.of("essai", "trial"), "fait un essai", "JEU", SPEC, "%essai mnist", "Détails.");
        assertEquals("%essai JEU [--aplatir] [--nom VARIABLE] [--epochs N] [--validation FRACTION] [--compile OPT PERTE]", s.usage());
        String help = s.help();
        assertTrue(help.startsWith("%essai (alias %trial) — fait un essai\n\nUsage : %essai JEU [--aplatir]"), help);
        assertTrue(help.contains("  --epochs N (--epoques)\n      époques\n"), help);
        assertTrue(help.endsWith("Exemple :\n    %essai mnist\n\nDétails.\n"), help);
        // too many words: the message shows the usage derived from the same declaration
        MagicException e = assertThrows(MagicException.class, () -> MagicLine.parse(s, List.of("a", "b")).atMost(1));
        assertTrue(e.getMessage().endsWith("Forme attendue : " + s.usage()), e.getMessage());
    }

    @Test
    void identifiersAreCheckedAsJavaNames() {
        MagicLine a = parse("");
        assertEquals("data2", a.identifier("data2", "x"));
        assertTrue(assertThrows(MagicException.class, () -> a.identifier("2data", "le nom")).getMessage()
                .contains("« 2data » ne peut pas être un nom de variable Java"));
        assertThrows(MagicException.class, () -> a.identifier("class", "le nom"));
        assertThrows(MagicException.class, () -> a.identifier("a.b", "le nom"));
    }
}
