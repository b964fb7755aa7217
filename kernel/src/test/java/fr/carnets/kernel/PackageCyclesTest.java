package fr.carnets.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's packages form no circle: each one can be read knowing only those it uses. Read from
 * the sources: the imports and the fully qualified names in the code (not in comments or strings).
 * Main, the composition root, plugs the magics into the kernel, so the kernel never names them.
 */
class PackageCyclesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** A class of ours named with its package: {@code fr.carnets.kernel.maven.Maven}. */
    private static final Pattern OURS = Pattern.compile("\\b(fr\\.carnets\\.kernel(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

    @Test
    void theKernelsPackagesFormNoCircle() throws IOException {
        Map<String, Set<String>> uses = uses(Path.of("src/main/java"));
        assertTrue(uses.keySet().containsAll(List.of("fr.carnets.kernel", "fr.carnets.kernel.magic", "fr.carnets.kernel.maven",
                "fr.carnets.kernel.exec")), uses.keySet().toString());
        assertEquals(List.of(), circles(uses), uses.toString());
    }

    @Test
    void theCheckFindsACircle() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("a", Set.of("b"));
        uses.put("b", Set.of("c"));
        uses.put("c", Set.of("a"));
        uses.put("d", Set.of("a"));
        assertEquals(List.of("a -> b -> c -> a"), circles(uses));
        uses.put("c", Set.of());
        assertEquals(List.of(), circles(uses));
    }

    /** Per package, the other packages of ours its sources name. */
    static Map<String, Set<String>> uses(Path root) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String code = COMMENT_OR_STRING.matcher(Files.readString(f)).replaceAll(" ");
                Matcher p = PACKAGE.matcher(code);
                if (!p.find()) continue;
                Set<String> mine = uses.computeIfAbsent(p.group(1), k -> new TreeSet<>());
                Matcher m = OURS.matcher(code.substring(p.end()));
                while (m.find()) {
                    if (!m.group(1).equals(p.group(1))) mine.add(m.group(1));
                }
            }
        }
        return uses;
    }

    /** Each circle once, as "a -> b -> a", found by a depth-first walk from every package in order. */
    static List<String> circles(Map<String, Set<String>> uses) {
        List<String> out = new ArrayList<>();
        Set<String> done = new TreeSet<>();
        for (String start : uses.keySet()) walk(start, uses, new ArrayList<>(), done, out);
        return out;
    }

    private static void walk(String pkg, Map<String, Set<String>> uses, List<String> path, Set<String> done, List<String> out) {
        int i = path.indexOf(pkg);
        if (i >= 0) {
            List<String> circle = new ArrayList<>(path.subList(i, path.size()));
            circle.add(pkg);
            out.add(String.join(" -> ", circle));
            return;
        }
        if (done.contains(pkg)) return;
        path.add(pkg);
        for (String next : uses.getOrDefault(pkg, Set.of())) walk(next, uses, path, done, out);
        path.remove(path.size() - 1);
        done.add(pkg);
    }
}
