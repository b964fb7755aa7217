package fr.carnets.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JShell's signatures as each JDK writes them, brought to the one form the Javadoc lookup reads. */
class SourceDocsTest {

    @Test
    void aRecordsComponentsAfterItsNameAreDropped() {
        // JShell 25, a static method of a record
        assertEquals("ClassSubset ClassSubset.of(INDArray x, int[] classes)",
                SourceDocs.withoutRecordHeaders("ClassSubset ClassSubset(INDArray x, INDArray y).of(INDArray x, int[] classes)"));
        // a record nested in a record
        assertEquals("R.In.f(int a)", SourceDocs.withoutRecordHeaders("R(int a).In(long b).f(int a)"));
    }

    @Test
    void otherSignaturesAreLeftAsTheyAre() {
        for (String s : new String[] {"int Math.max(int a, int b)", "fr.carnets.dl.models.Sequential(KerasLayer... layers)",
                "fr.carnets.dl.training.Fit", "FitOptions FitOptions.epochs(int epochs)", "m:Sequential"}) {
            assertEquals(s, SourceDocs.withoutRecordHeaders(s));
        }
    }

    @Test
    void signaturesGetTheParametersOfTheSource(@TempDir Path dir) throws Exception {
        Path src = dir.resolve(SourceDocs.ROOT + "demo/Box.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo;\npublic class Box {\n    /**\n     * Puts values.\n     * @param key the key\n     * @param values the values\n     */\n"
                + "    public Box put(final String key, int... values) { return this; }\n"
                + "    public Box put(java.util.List<String> keys) { return this; }\n}\n");
        try (var loader = new URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, null)) {
            var docs = new SourceDocs(loader);
            // JShell 25 writes qualified types without names; JShell 17 wrote "Box Box.put(String key, int... values)"
            assertEquals("Box Box.put(String key, int... values)", docs.signature("Box Box.put(java.lang.String, int...)", List.of("demo.*")));
            assertEquals("Box Box.put(java.util.List<String> keys)", docs.signature("Box Box.put(java.util.List<java.lang.String>)", List.of("demo.*")));
            assertEquals("Puts values.", docs.javadoc("Box Box.put(java.lang.String, int...)", List.of("demo.*")).lines().findFirst().orElse(""));
            // not ours: JShell's signature as it is
            assertEquals("int Math.max(int, int)", docs.signature("int Math.max(int, int)", List.of("demo.*")));
        }
    }
}
