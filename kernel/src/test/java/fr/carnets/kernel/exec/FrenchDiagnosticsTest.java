package fr.carnets.kernel.exec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** French explanations of the javac errors learners hit most, from javac's real diagnostics; javac's line stays below. */
class FrenchDiagnosticsTest {

    private static JavaSession session;

    @BeforeAll
    static void start() {
        session = new JavaSession(List.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        session.eval("class Input {} class Dense {} void model(Input in, Dense... layers) {}", "", 0);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static CompilationError error(String code) {
        return assertThrows(CompilationError.class, () -> session.eval(code, code, 0));
    }

    private static void says(String code, String french, String javac) {
        CompilationError e = error(code);
        assertTrue(e.getMessage().contains(french), e.getMessage());
        assertTrue(e.report().stream().anyMatch(l -> l.contains(javac)), "la ligne de javac reste : " + e.report());
    }

    @Test
    void missingSemicolon() {
        says("int a = 3\nint b = 4;", "il manque un « ; »", "';' expected");
    }

    @Test
    void missingParenthesis() {
        says("System.out.println(\"a\";", "parenthèse fermante « ) »", "expected");
    }

    @Test
    void unknownVariableMethodAndClass() {
        says("int v = nombreInconnu + 1;", "« nombreInconnu » n'existe pas ici", "symbol:   variable nombreInconnu");
        says("double m = moyenne(new double[] {1});", "la méthode « moyenne(double[]) » n'existe pas", "symbol:   method moyenne");
        says("Chaine s = null;", "la classe « Chaine » est inconnue", "symbol:   class Chaine");
    }

    @Test
    void incompatibleTypes() {
        says("int n = \"a\";", "une valeur de type String ne peut pas aller là où int est attendu",
                "String cannot be converted to int");
        says("int n = 3.5;", "passer de double à int peut perdre une partie de la valeur ; écrivez (int)",
                "possible lossy conversion from double to int");
    }

    @Test
    void aLayerWhereTheInputGoesSaysStartWithInput() {
        says("Input in = new Dense();", "commencez par Input(784)", "Dense cannot be converted to Input");
        says("model(new Dense());", "commencez par Input(784)", "Dense cannot be converted to Input");
    }

    @Test
    void unknownCodesKeepTheGeneralHeadline() {
        assertEquals("erreur de compilation", FrenchDiagnostics.headline("compiler.err.something.new", "whatever"));
        assertEquals(FrenchDiagnostics.headline("compiler.err.cant.resolve"),
                FrenchDiagnostics.headline("compiler.err.cant.resolve", "cannot find symbol"));
    }
}
