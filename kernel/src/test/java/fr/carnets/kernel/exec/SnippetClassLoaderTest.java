package fr.carnets.kernel.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnippetClassLoaderTest {

    @TempDir
    Path dir;

    @Test
    void addsEachEntryOnceAndSplitsOnThePlatformSeparator() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        try (SnippetClassLoader loader = new SnippetClassLoader(getClass().getClassLoader())) {
            List<Path> first = loader.addEntries(List.of(a.toString(), b.toString(), a.toString()));
            assertEquals(List.of(a, b), first);
            assertEquals(List.of(), loader.addEntries(List.of(a.resolve("../a").toString())));
            loader.delegate().addToClasspath(a + File.pathSeparator + dir.resolve("c"));
            assertTrue(loader.isOnClasspath(dir.resolve("c").toString()));
            assertEquals(3, loader.getURLs().length);
        }
    }

    @Test
    void entriesOfTheKernelClasspathAreNotAddedTwice() throws Exception {
        String first = System.getProperty("java.class.path").split(File.pathSeparator)[0];
        try (SnippetClassLoader loader = new SnippetClassLoader(getClass().getClassLoader())) {
            assertEquals(List.of(), loader.addEntries(List.of(first)));
            assertEquals(0, loader.getURLs().length);
        }
    }

    @Test
    void classesFromAnAddedFolderLoad() throws Exception {
        Path src = dir.resolve("Hello.java");
        Files.writeString(src, "public class Hello { public static String hi() { return \"salut\"; } }");
        Path out = Files.createDirectory(dir.resolve("classes"));
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, rc);
        try (SnippetClassLoader loader = new SnippetClassLoader(getClass().getClassLoader())) {
            loader.addEntries(List.of(out.toString()));
            Class<?> c = loader.delegate().findClass("Hello");
            assertEquals("salut", c.getMethod("hi").invoke(null));
        }
    }
}
