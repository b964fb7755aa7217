package fr.carnets.dl.models;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The switch, the automatic fallback and AVX2-only CPUs, each in a fresh JVM running
 * {@link PathProbe}: a real convnet trains in every case and predicts like DL4J's own path.
 */
class OneDnnSwitchTest {
    static Map<String, String> probe(Map<String, String> env, List<String> jvmArgs, boolean withoutDnnlNatives) throws Exception {
        String cp = System.getProperty("java.class.path");
        if (withoutDnnlNatives) { // as on a machine where the native jar is missing or unusable
            List<String> kept = new ArrayList<>();
            for (String e : cp.split(File.pathSeparator)) if (!e.contains("dnnl-") || !e.contains("linux-x86_64")) kept.add(e);
            cp = String.join(File.pathSeparator, kept);
        }
        List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-cp", cp,
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-Dorg.bytedeco.javacpp.cachedir.nosubdir=false"));
        cmd.addAll(jvmArgs);
        cmd.add(PathProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("CARNETS_ONEDNN");
        pb.environment().remove("DNNL_MAX_CPU_ISA");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        Map<String, String> r = new HashMap<>();
        for (String line : out.split("\n")) {
            int i = line.indexOf('=');
            if (i > 0 && line.substring(0, i).matches("[a-z]+")) r.put(line.substring(0, i), line.substring(i + 1).trim());
        }
        assertTrue(r.containsKey("maxdiff"), out);
        r.put("output", out);
        return r;
    }

    static void samePredictions(Map<String, String> r) {
        assertTrue(Double.parseDouble(r.get("maxdiff")) < 1e-5, "predictions like DL4J's path: " + r);
        assertTrue(Double.isFinite(Double.parseDouble(r.get("loss"))), r.toString());
    }

    /** One case: the environment of the probe's JVM and what its path must be. */
    record Case(String name, Map<String, String> env, boolean withoutDnnlNatives, List<String> describes, String format, String helper) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("on by default", Map.of(), false, List.of("chemin oneDNN de Carnets : activé"), "NHWC", "ConvHelper"),
                // DL4J's own oneDNN helper, as before
                new Case("switched off by CARNETS_ONEDNN=0", Map.of("CARNETS_ONEDNN", "0"), false,
                        List.of("désactivé (CARNETS_ONEDNN=0)"), "NCHW", "MKLDNNConvHelper"),
                new Case("falls back when the native library cannot load", Map.of(), true, List.of("indisponible", "repli automatique"),
                        "NCHW", null),
                new Case("AVX2-only CPUs keep working", Map.of("DNNL_MAX_CPU_ISA", "AVX2"), false, List.of("instructions AVX2,"), "NHWC",
                        null));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void trainsAndPredictsLikeDl4jsPath(Case c) throws Exception {
        var r = probe(c.env(), List.of(), c.withoutDnnlNatives());
        for (String d : c.describes()) assertTrue(r.get("describe").contains(d), r.toString());
        assertEquals(c.format(), r.get("format"));
        if (c.helper() != null) assertEquals(c.helper(), r.get("helper"));
        samePredictions(r);
        // the oneDNN 3 presets are built on a newer JavaCPP than ND4J's: its warning must not reach a cell
        assertFalse(r.get("output").contains("do not match"), r.get("output"));
    }
}
