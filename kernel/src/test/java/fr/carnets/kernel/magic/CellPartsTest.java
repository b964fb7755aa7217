package fr.carnets.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CellPartsTest {

    @Test
    void plainJavaIsOnePart() {
        List<CellParts.Part> parts = CellParts.parse("int a = 1;\na + 1");
        assertEquals(1, parts.size());
        assertEquals(CellParts.Kind.JAVA, parts.get(0).kind());
        assertEquals(0, parts.get(0).start());
    }

    @Test
    void lineMagicsSplitJavaAndKeepOffsets() {
        String cell = "int a = 1;\n%classpath lib/a.jar \"dir with space/b.jar\"\na + 1";
        List<CellParts.Part> parts = CellParts.parse(cell);
        assertEquals(List.of(CellParts.Kind.JAVA, CellParts.Kind.LINE_MAGIC, CellParts.Kind.JAVA),
                parts.stream().map(CellParts.Part::kind).toList());
        CellParts.Part magic = parts.get(1);
        assertEquals("classpath", magic.name());
        assertEquals(List.of("lib/a.jar", "dir with space/b.jar"), magic.args());
        assertEquals(cell.indexOf('%'), magic.start());
        assertEquals("a + 1", parts.get(2).text());
        assertEquals(3, CellParts.lineOf(cell, parts.get(2).start()));
    }

    @Test
    void cellMagicTakesTheWholeBody() {
        String cell = "\n%%time --x\nint q = 5;\n%notAMagicHere\nq";
        List<CellParts.Part> parts = CellParts.parse(cell);
        assertEquals(1, parts.size());
        CellParts.Part p = parts.get(0);
        assertEquals(CellParts.Kind.CELL_MAGIC, p.kind());
        assertEquals("time", p.name());
        assertEquals(List.of("--x"), p.args());
        assertEquals("int q = 5;\n%notAMagicHere\nq", p.body());
    }

    @Test
    void codeMagicKeepsItsRawArguments() {
        CellParts.Part p = CellParts.parse("%time System.out.println(\"a  b\")").get(0);
        assertEquals("System.out.println(\"a  b\")", p.rawArgs());
    }

    @Test
    void moduloAndPercentInsideCodeAreNotMagics() {
        assertEquals(1, CellParts.parse("int r = 7\n% 3;").size());
        assertEquals(1, CellParts.parse("String s = \"%d\".formatted(3);").size());
        assertEquals(1, CellParts.parse("int r = 10 %2;").size());
    }

    @Test
    void partAtCursor() {
        String cell = "int a = 1;\n%time a";
        List<CellParts.Part> parts = CellParts.parse(cell);
        assertEquals(CellParts.Kind.JAVA, CellParts.at(parts, 3).kind());
        assertEquals(CellParts.Kind.LINE_MAGIC, CellParts.at(parts, cell.length()).kind());
    }

    @Test
    void magicArgsQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d\"e"), MagicArgs.split(" a  \"b c\" d\\\"e "));
        assertEquals(List.of(""), MagicArgs.split("\"\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MagicArgs.split("\"open"));
        assertEquals(true, e.getMessage().contains("Guillemet non fermé"));
    }
}
