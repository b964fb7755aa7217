package fr.carnets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The extension's packages stay in layers, each using only those below it:
 * data → dl.onednn → dl → analysis → plot → magics → ext, with check on top (dl.onednn, the
 * runtime layers, uses no other package of ours). Below them all, the class we put in DL4J's
 * package name ({@code org.nd4j.nativeblas.Nd4jCpu}, the stand-in of NetworkPatches) uses none; and only plot (to render), widgets (their comms) and
 * ext (to plug everything into the kernel) see Jupyter. Read from the compiled classes' constant
 * pools (every class, method and field type a class uses), so a fully qualified name in the
 * source counts as much as an import, and the Java text a magic prints does not count.
 */
class PackageLayersTest {
    /** Our classes compiled under DL4J's package names, scanned like ours. */
    static final String STAND_IN = "org.nd4j.nativeblas";
    static final List<String> LAYERS = List.of(STAND_IN, "data", "dl.onednn", "dl", "analysis", "plot", "widgets", "magics", "ext", "check");
    static final Set<String> JUPYTER_ALLOWED = Set.of("plot", "widgets", "ext");
    static final String JUPYTER = "org/dflib/jjava/";
    private static final Pattern OURS = Pattern.compile("fr/carnets/([a-z0-9_]+(?:/[a-z0-9_]+)*)/[A-Za-z]");

    @Test
    void packagesUseOnlyTheLayersBelowThem() throws IOException {
        Map<String, Set<String>> uses = scan();
        assertTrue(uses.keySet().containsAll(List.of(STAND_IN, "data", "dl.onednn", "dl", "plot", "ext")), "classes introuvables : " + uses.keySet());
        assertEquals(List.of(), violations(uses));
    }

    @Test
    void theCheckSeesAnUpwardArrowAndAnUnknownPackage() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("dl", Set.of("dl.Model -> check.LayerSizes", "dl.History -> " + JUPYTER + "kernel/BaseKernel"));
        uses.put("plot", Set.of("plot.Plots -> analysis.ConfusionMatrix"));
        uses.put("nouveau", Set.of("nouveau.X -> dl.Model"));
        uses.put(STAND_IN, Set.of(STAND_IN + ".Nd4jCpu -> dl.Performance"));
        uses.put("dl.onednn", Set.of("dl.onednn.ConvHelper -> dl.DenseViewActivation", "dl.onednn.NetworkPatches -> data.Rows"));
        List<String> v = violations(uses);
        assertEquals(5, v.size(), v.toString());
        assertTrue(v.contains("flèche montante : " + STAND_IN + ".Nd4jCpu -> dl.Performance"), v.toString());
        assertTrue(v.contains("flèche montante : dl.onednn.ConvHelper -> dl.DenseViewActivation"), v.toString());
        assertTrue(v.contains("flèche montante : dl.Model -> check.LayerSizes"), v.toString());
        assertTrue(v.contains("Jupyter hors de plot/ext : dl.History -> " + JUPYTER + "kernel/BaseKernel"), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("paquet fr.carnets.nouveau")), v.toString());
    }

    /** Arrows that go up a layer, Jupyter outside plot/ext, packages not placed in a layer. */
    static List<String> violations(Map<String, Set<String>> uses) {
        List<String> out = new ArrayList<>();
        for (var e : uses.entrySet()) {
            int from = LAYERS.indexOf(e.getKey());
            if (from < 0) {
                out.add("paquet fr.carnets." + e.getKey() + " hors des couches " + LAYERS);
                continue;
            }
            for (String arrow : new TreeSet<>(e.getValue())) {
                String target = arrow.substring(arrow.indexOf(" -> ") + 4);
                if (target.startsWith(JUPYTER)) {
                    if (!JUPYTER_ALLOWED.contains(e.getKey())) out.add("Jupyter hors de plot/ext : " + arrow);
                    continue;
                }
                int to = LAYERS.indexOf(target.substring(0, target.lastIndexOf('.')));
                if (to > from) out.add("flèche montante : " + arrow);
            }
        }
        return out;
    }

    /** Per package ("dl", "dl.onednn"...): "pkg.Class -> otherPkg.Class" for each use of another package or of Jupyter. */
    static Map<String, Set<String>> scan() throws IOException {
        Path root = Path.of(fr.carnets.data.Mnist.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.walk(root.resolve("fr/carnets")), Files.walk(root.resolve(STAND_IN.replace('.', '/'))))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String cls = root.relativize(f).toString().replace('\\', '/').replace(".class", "");
                String pkg = cls.startsWith("fr/carnets/") ? cls.substring("fr/carnets/".length(), cls.lastIndexOf('/')).replace('/', '.') : STAND_IN;
                Set<String> mine = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String name : typeNames(f)) {
                    Matcher m = OURS.matcher(name);
                    while (m.find()) {
                        if (!m.group(1).replace('/', '.').equals(pkg)) mine.add(shortName(cls) + " -> " + shortName(name.substring(m.start()).split("[;<>]")[0]));
                    }
                    int j = name.indexOf(JUPYTER);
                    if (j >= 0) mine.add(shortName(cls) + " -> " + name.substring(j).split("[;<>]")[0]);
                }
            }
        }
        return uses;
    }

    /** "fr/carnets/dl/onednn/ConvHelper$1" → "dl.onednn.ConvHelper$1". */
    static String shortName(String internal) {
        return (internal.startsWith("fr/carnets/") ? internal.substring("fr/carnets/".length()) : internal).replace('/', '.');
    }

    /** The constant pool's UTF-8 entries, less those that are only string literals (Java source a magic prints). */
    static Set<String> typeNames(Path classFile) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) throw new IOException("pas une classe : " + classFile);
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            Set<Integer> literals = new HashSet<>();
            Set<Integer> named = new HashSet<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7, 16 -> named.add(in.readUnsignedShort());
                    case 8 -> literals.add(in.readUnsignedShort());
                    case 19, 20 -> in.readUnsignedShort();
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("étiquette " + tag + " inconnue dans " + classFile);
                }
            }
            Set<String> out = new HashSet<>();
            for (int i = 1; i < count; i++) {
                if (utf8[i] != null && (named.contains(i) || !literals.contains(i))) out.add(utf8[i]);
            }
            return out;
        }
    }
}
