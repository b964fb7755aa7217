package fr.carnets.kernel.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellOutputTest {

    @TempDir
    Path dir;

    @Test
    void linesAreGatheredIntoFewChunksAndNothingIsLost() {
        List<String> chunks = new ArrayList<>();
        CellOutput o = new CellOutput("stdout", 1 << 20, dir);
        o.attach(chunks::add, "1");
        PrintStream ps = new PrintStream(o, false, StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            ps.println("ligne " + i);
        }
        assertNull(o.detach());
        String all = String.join("", chunks);
        assertEquals(20_000, all.lines().count());
        assertTrue(chunks.size() < 20, chunks.size() + " chunks");
    }

    @Test
    void beyondTheLimitWholeLinesAreShownAndTheRestIsCountedAndWritten() throws Exception {
        List<String> chunks = new ArrayList<>();
        CellOutput o = new CellOutput("stdout", 10_000, dir);
        o.attach(chunks::add, "7");
        PrintStream ps = new PrintStream(o, false, StandardCharsets.UTF_8);
        for (int i = 0; i < 5_000; i++) {
            ps.println("ligne " + i);
        }
        String note = o.detach();
        String all = String.join("", chunks);
        Matcher m = Pattern.compile("\\[Sortie trop longue : (\\d+) ligne\\(s\\) .* dans (\\S+\\.txt)\\.").matcher(note);
        assertTrue(m.find(), note);
        assertTrue(all.endsWith(note));
        long shown = all.lines().filter(l -> l.startsWith("ligne ")).count();
        assertEquals(5_000, shown + Long.parseLong(m.group(1)));
        assertEquals(5_000, Files.readAllLines(Path.of(m.group(2))).size());
        assertTrue(all.length() - note.length() <= 10_000);
    }

    @Test
    void aCharacterSplitAcrossWritesIsSentWhole() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        assertEquals(1, CellOutput.completeUtf8Length(new byte[]{'a', e[0]}));
        assertEquals(3, CellOutput.completeUtf8Length(new byte[]{'a', e[0], e[1]}));
    }
}
