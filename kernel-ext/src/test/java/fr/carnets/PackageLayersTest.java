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
 * The extension's packages stay in layers, each using only those below it: data → dl (its
 * exception and array helpers) → dl.runtime.onednn → dl.runtime → dl.layers → dl.training →
 * dl.models → analysis → plot → magics → ext, with check on top. Below them all, the class we put
 * in DL4J's package name ({@code org.nd4j.nativeblas.Nd4jCpu}, the stand-in of NetworkPatches)
 * uses none; and only plot (to render), widgets (their comms) and ext (to plug everything into the kernel) see Jupyter.
 * Read from the compiled classes' constant pools (every class, method and field type a class
 * uses), so a fully qualified name in the source counts as much as an import; and the names in
 * its string literals count too ({@code "import fr.carnets.plot.Plots;"}, the Java a magic
 * prints for the notebook to run), so no dependency hides in a string.
 */
class PackageLayersTest {
    /** Our classes compiled under DL4J's package names, scanned like ours. */
    static final String STAND_IN = "org.nd4j.nativeblas";
    static final List<String> LAYERS = List.of(STAND_IN, "data", "dl", "dl.runtime.onednn", "dl.runtime", "dl.layers", "dl.training",
            "dl.models", "analysis", "plot", "widgets", "magics", "ext", "check");
    static final Set<String> JUPYTER_ALLOWED = Set.of("plot", "widgets", "ext");
    static final String JUPYTER = "org/dflib/jjava/";
    private static final Pattern OURS = Pattern.compile("fr/carnets/([a-z0-9_]+(?:/[a-z0-9_]+)*)/[A-Za-z*]");
    /** A name of ours in Java text: {@code fr.carnets.plot.Plots}, {@code fr.carnets.dl.training.*}, {@code "fr.carnets.data." + name}. */
    private static final Pattern IN_TEXT = Pattern.compile("fr\\.carnets\\.((?:[a-z0-9_]+\\.)+)([A-Z]\\w*|\\*)?");

    @Test
    void packagesUseOnlyTheLayersBelowThem() throws IOException {
        Map<String, Set<String>> uses = scan();
        assertTrue(uses.keySet().containsAll(LAYERS), "classes introuvables : " + uses.keySet());
        assertEquals(List.of(), violations(uses));
    }

    @Test
    void theCheckSeesAnUpwardArrowAndAnUnknownPackage() {
        Map<String, Set<String>> uses = new TreeMap<>();
        uses.put("dl.models", Set.of("dl.models.Model -> check.LayerSizes", "dl.models.Model -> dl.training.History"));
        uses.put("dl.training", Set.of("dl.training.History -> " + JUPYTER + "kernel/BaseKernel", "dl.training.Trainer -> dl.models.Model"));
        uses.put("plot", Set.of("plot.Plots -> analysis.ConfusionMatrix"));
        uses.put("nouveau", Set.of("nouveau.X -> dl.models.Model"));
        uses.put(STAND_IN, Set.of(STAND_IN + ".Nd4jCpu -> dl.runtime.Performance"));
        uses.put("dl.runtime.onednn", Set.of("dl.runtime.onednn.ConvHelper -> dl.runtime.DenseViewActivation", "dl.runtime.onednn.NetworkPatches -> data.Rows"));
        uses.put("dl.layers", Set.of("dl.layers.Dense -> dl.training.LossCheck", "dl.layers.Input -> dl.ModelException"));
        List<String> v = violations(uses);
        assertEquals(7, v.size(), v.toString());
        assertTrue(v.contains("flèche montante : " + STAND_IN + ".Nd4jCpu -> dl.runtime.Performance"), v.toString());
        assertTrue(v.contains("flèche montante : dl.runtime.onednn.ConvHelper -> dl.runtime.DenseViewActivation"), v.toString());
        assertTrue(v.contains("flèche montante : dl.models.Model -> check.LayerSizes"), v.toString());
        assertTrue(v.contains("flèche montante : dl.training.Trainer -> dl.models.Model"), v.toString());
        assertTrue(v.contains("flèche montante : dl.layers.Dense -> dl.training.LossCheck"), v.toString());
        assertTrue(v.contains("Jupyter hors de plot/ext : dl.training.History -> " + JUPYTER + "kernel/BaseKernel"), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("paquet fr.carnets.nouveau")), v.toString());
    }

    @Test
    void javaTextInAStringIsAnArrowToo() throws IOException {
        assertEquals(Set.of("fr/carnets/dl/training/*", "fr/carnets/dl/layers/Layers", "fr/carnets/plot/Plots", "fr/carnets/data/*"),
                namesInText("import fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;\n"
                        + "fr.carnets.plot.Plots.show(h);\nimport fr.carnets.data."));
        assertEquals(Set.of(), namesInText("les mesures se calculent après coup (paquet fr.carnets.analysis)."));
        // a compiled class whose only use of plot is the Java text it returns; placed in dl.models, that is an upward arrow
        Path classFile = Path.of(JavaText.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve(JavaText.class.getName().replace('.', '/') + ".class");
        Set<String> arrows = arrows("fr/carnets/dl/models/JavaText", "dl.models", classFile);
        assertEquals(Set.of("dl.models.JavaText -> plot.Plots", "dl.models.JavaText -> analysis.ConfusionMatrix"), arrows);
        assertEquals(List.of("flèche montante : dl.models.JavaText -> analysis.ConfusionMatrix", "flèche montante : dl.models.JavaText -> plot.Plots"),
                violations(Map.of("dl.models", arrows)));
    }

    /** Like a magic: Java text for the notebook, naming classes it never links to. */
    static final class JavaText {
        static String code(String var) {
            return "import fr.carnets.plot.Plots;\nimport fr.carnets.analysis.ConfusionMatrix;\nPlots.show(" + var + ");";
        }
    }

    /** The DL4J internals we patch (private fields, DL4J's package) are reached from dl.runtime only, where each patch is tested. */
    @Test
    void onlyTheRuntimeReflectsOnDl4j() throws IOException {
        Pattern reflective = Pattern.compile("getDeclaredField|setAccessible|getDeclaredMethod");
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../bench/src"))) {
            assertTrue(Files.isDirectory(root), root.toAbsolutePath().toString());
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    if (f.startsWith(root.resolve("fr/carnets/dl/runtime"))) continue;
                    // jjava's CommManager, not DL4J: its iopub socket and current request have no getter
                    if (f.equals(root.resolve("fr/carnets/widgets/Comms.java"))) continue;
                    if (reflective.matcher(Files.readString(f)).find()) found.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), found, "la réflexion sur DL4J a sa place dans fr.carnets.dl.runtime");
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

    /** Per package ("dl", "dl.runtime.onednn"...): "pkg.Class -> otherPkg.Class" for each use of another package or of Jupyter. */
    static Map<String, Set<String>> scan() throws IOException {
        Path root = Path.of(fr.carnets.data.Mnist.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.walk(root.resolve("fr/carnets")), Files.walk(root.resolve(STAND_IN.replace('.', '/'))))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String cls = root.relativize(f).toString().replace('\\', '/').replace(".class", "");
                String pkg = cls.startsWith("fr/carnets/") ? cls.substring("fr/carnets/".length(), cls.lastIndexOf('/')).replace('/', '.') : STAND_IN;
                uses.computeIfAbsent(pkg, k -> new TreeSet<>()).addAll(arrows(cls, pkg, f));
            }
        }
        return uses;
    }

    /** "pkg.Class -> otherPkg.Class" for each class of another package of ours, or of Jupyter, that this class file uses. */
    static Set<String> arrows(String cls, String pkg, Path classFile) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String name : typeNames(classFile)) {
            Matcher m = OURS.matcher(name);
            while (m.find()) {
                if (!m.group(1).replace('/', '.').equals(pkg)) out.add(shortName(cls) + " -> " + shortName(name.substring(m.start()).split("[;<>]")[0]));
            }
            int j = name.indexOf(JUPYTER);
            if (j >= 0) out.add(shortName(cls) + " -> " + name.substring(j).split("[;<>]")[0]);
        }
        return out;
    }

    /** The classes of ours that Java text names, as internal names. */
    static Set<String> namesInText(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = IN_TEXT.matcher(text);
        while (m.find()) {
            String pkg = m.group(1).substring(0, m.group(1).length() - 1).replace('.', '/');
            out.add("fr/carnets/" + pkg + "/" + (m.group(2) == null ? "*" : m.group(2)));
        }
        return out;
    }

    /** "fr/carnets/dl/runtime/onednn/ConvHelper$1" → "dl.runtime.onednn.ConvHelper$1". */
    static String shortName(String internal) {
        return (internal.startsWith("fr/carnets/") ? internal.substring("fr/carnets/".length()) : internal).replace('/', '.');
    }

    /**
     * The constant pool's UTF-8 entries; a string literal gives only the names of ours written in
     * it as Java (the source a magic prints), as internal names ({@code fr/carnets/plot/Plots}, or
     * {@code fr/carnets/data/*} when the class is not in the literal).
     */
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
                if (utf8[i] == null) continue;
                if (named.contains(i) || !literals.contains(i)) out.add(utf8[i]);
                else out.addAll(namesInText(utf8[i]));
            }
            return out;
        }
    }
}
