package fr.carnets.kernel.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Which library (group:artifact, version) each jar on the kernel's classpath is, read from the
 * META-INF/maven/.../pom.properties that Maven puts in every jar it builds. Read once per jar.
 */
final class KernelLibraries {

    /** A library and the jar it came from. */
    record Library(String key, String version, Path jar) {
    }

    private final Map<Path, List<Library>> byJar = new HashMap<>();

    /** group:artifact to the library, for all the given jars (the first jar of a key wins, as on a classpath). */
    synchronized Map<String, Library> scan(List<Path> jars) {
        Map<String, Library> out = new HashMap<>();
        for (Path jar : jars) {
            for (Library l : byJar.computeIfAbsent(jar, KernelLibraries::read)) {
                out.putIfAbsent(l.key(), l);
            }
        }
        return out;
    }

    private static List<Library> read(Path jar) {
        List<Library> all = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            return all;
        }
        try (JarFile f = new JarFile(jar.toFile(), false)) {
            var entries = f.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String n = e.getName();
                if (n.startsWith("META-INF/maven/") && n.endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = f.getInputStream(e)) {
                        p.load(in);
                    }
                    String g = p.getProperty("groupId");
                    String a = p.getProperty("artifactId");
                    String v = p.getProperty("version");
                    if (g != null && a != null && v != null) {
                        all.add(new Library(g + ":" + a, v, jar));
                    }
                }
            }
        } catch (IOException e) {
            return all;
        }
        if (all.size() <= 1) {
            return all;
        }
        // A jar that shades others carries their pom.properties too: keep the one it is named after.
        String file = jar.getFileName().toString();
        List<Library> own = all.stream().filter(l -> file.startsWith(l.key().substring(l.key().indexOf(':') + 1) + "-")).toList();
        return own;
    }
}
