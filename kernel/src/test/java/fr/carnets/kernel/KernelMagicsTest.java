package fr.carnets.kernel;

import fr.carnets.kernel.magic.MagicError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelMagicsTest {

    @TempDir
    Path dir;

    @Test
    void globsExpandSortedAndMissingFilesAreNamed() throws Exception {
        Files.createFile(dir.resolve("b.jar"));
        Files.createFile(dir.resolve("a.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        assertEquals(List.of(dir.resolve("a.jar").toString(), dir.resolve("b.jar").toString()),
                KernelMagics.resolve(dir + "/*.jar"));
        MagicError missing = assertThrows(MagicError.class, () -> KernelMagics.resolve(dir + "/absent.jar"));
        assertTrue(missing.getMessage().contains("fichier introuvable : " + dir + "/absent.jar"), missing.getMessage());
        MagicError noMatch = assertThrows(MagicError.class, () -> KernelMagics.resolve(dir + "/*.zip"));
        assertTrue(noMatch.getMessage().contains("aucun fichier ne correspond"), noMatch.getMessage());
        MagicError notJar = assertThrows(MagicError.class, () -> KernelMagics.resolve(dir + "/notes.txt"));
        assertTrue(notJar.getMessage().contains("ni un .jar ni un dossier"), notJar.getMessage());
    }

    @Test
    void notebookCodeCellsInOrder() throws Exception {
        Path nb = dir.resolve("n.ipynb");
        Files.writeString(nb, "{\"cells\": ["
                + "{\"cell_type\": \"markdown\", \"source\": [\"# titre\"]},"
                + "{\"cell_type\": \"code\", \"source\": [\"int a = 1;\\n\", \"a + 1\"]},"
                + "{\"cell_type\": \"code\", \"source\": \"\"},"
                + "{\"cell_type\": \"code\", \"source\": \"a * 3\"}],"
                + "\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        assertEquals(List.of("int a = 1;\na + 1", "a * 3"), KernelMagics.notebookCode(nb));
        Files.writeString(nb, "pas du json");
        assertThrows(MagicError.class, () -> KernelMagics.notebookCode(nb));
    }

    @Test
    void durationsInFrench() {
        assertEquals("12,5 ms", KernelMagics.formatDuration(12_500_000));
        assertEquals("2,35 s", KernelMagics.formatDuration(2_345_000_000L));
    }
}
