package fr.carnets.kernel.exec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source completion hands JShell for what a cell declares above the cursor (parsed only, never run). */
class CellContextTest {

    private final CellContext context = new CellContext(name -> name.equals("java.util.concurrent.atomic.AtomicLong"));

    @Test
    void variablesBecomeLocalsOfABlock() {
        CellContext.Prefix p = context.prefix(List.of("String s = \"a\";", "\nvar m = new java.util.ArrayList<String>();"), "\nm.add(s).");
        assertEquals("class " + CellContext.CLASS + " {\n{\nString s = \"a\";\n\nvar m = new java.util.ArrayList<String>();\n", p.text());
        assertEquals(Set.of("s", "m"), p.variables());
    }

    @Test
    void methodsAndTypesBecomeMembers() {
        CellContext.Prefix p = context.prefix(List.of("int n = 2;", "int twice(int x) { return 2 * x; }", "record P(int x) {}"), "new P(twice(n)).");
        assertEquals("class " + CellContext.CLASS + " {\nint twice(int x) { return 2 * x; }\nrecord P(int x) {}\n{\nint n = 2;\n", p.text());
    }

    @Test
    void aMethodBeingTypedIsAMemberWithoutTheCellsLocals() {
        CellContext.Prefix p = context.prefix(List.of("int n = 2;", "int twice(int x) { return 2 * x; }"), "int f() {\n    return twice(n");
        assertEquals("class " + CellContext.CLASS + " {\nint twice(int x) { return 2 * x; }\n", p.text());
        assertEquals(Set.of(), p.variables());
    }

    @Test
    void onlyWhatTheSnippetNamesIsKept() {
        List<String> cell = List.of("var f = Fit.epochs(3);", "var lot = 32;", "var noms = new java.util.ArrayList<String>();",
                "var options = f.batchSize(lot);", "record Point(double x, double y) {}");
        String text = context.prefix(cell, "options.").text();
        assertTrue(text.contains("var f =") && text.contains("var lot =") && text.contains("var options ="), text);
        assertFalse(text.contains("noms") || text.contains("Point"), text);
        text = context.prefix(cell, "int n = no").text();
        assertTrue(text.contains("var noms =") && !text.contains("var f ="), text);
        text = context.prefix(cell, "System.out.println(").text();
        assertTrue(text.contains("var noms =") && text.contains("record Point"), "un mot vide : tout ce qui est déclaré " + text);
    }

    @Test
    void theLastDeclarationOfANameWins() {
        String text = context.prefix(List.of("int n = 1;", "String n = \"deux\";"), "n.").text();
        assertFalse(text.contains("int n"), text);
        assertTrue(text.contains("String n = \"deux\";"), text);
    }

    @Test
    void whatDoesNotParseOrDeclaresNothingIsLeftOut() {
        assertEquals(CellContext.Prefix.NONE, context.prefix(List.of("int b = ;", "System.out.println(1);", "x = 3;"), "s."));
        String text = context.prefix(List.of("int b = ;", "String s = \"a\";", "foo(;"), "s.").text();
        assertFalse(text.contains("int b") || text.contains("foo("), text);
    }

    @Test
    void theCellsImportsAreWrittenInFull() {
        String text = context.prefix(List.of("import java.util.concurrent.atomic.*;", "var a = new AtomicLong(); // AtomicLong"),
                "a.").text();
        assertTrue(text.contains("var a = new java.util.concurrent.atomic.AtomicLong(); // AtomicLong"), text);
        text = context.prefix(List.of("import java.util.concurrent.atomic.AtomicInteger;", "AtomicInteger b = null;"), "b.").text();
        assertTrue(text.contains("java.util.concurrent.atomic.AtomicInteger b = null;"), text);
    }

    @Test
    void methodAndTypeHeadsAreRecognised() {
        for (String member : List.of("int f() {", "static <T> List<T> copie(List<T> l) {", "@Override public String toString() {",
                "int[] carres(int n) {", "record Point(int x, int y) {", "public enum Couleur {", "void vide()")) {
            assertTrue(CellContext.declaresMember(member), member);
        }
        for (String statement : List.of("return f(x);", "String s = f(x);", "x.f(1);", "new Thread(r).start();", "if (x) {",
                "else if (y) {", "for (int i = 0; i < 3; i++) {", "var t = new int[3];", "System.out.println(1)")) {
            assertFalse(CellContext.declaresMember(statement), statement);
        }
    }
}
