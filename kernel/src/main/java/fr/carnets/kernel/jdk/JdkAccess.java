package fr.carnets.kernel.jdk;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Opens JDK packages to the code of cells and of added jars while the kernel runs: what the JVM flag
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} does at start-up, done later with
 * {@link Instrumentation#redefineModule}, so that a library found by %maven (Spark) needs no new
 * kernel flag. The instrumentation comes from an agent loaded into the kernel by a short second JVM.
 */
public final class JdkAccess {

    private static final long ATTACH_TIMEOUT_S = 30;

    private JdkAccess() {
    }

    /** What {@link #open} did: the packages opened now, and those that were open already. */
    public record Opened(List<String> opened, List<String> alreadyOpen) {
    }

    /** Whether this JDK has the "module/package" (JDK 24 removed java.base/sun.security.action, which Spark still names). */
    public static boolean exists(String modulePackage) {
        int slash = modulePackage.indexOf('/');
        return slash > 0 && ModuleLayer.boot().findModule(modulePackage.substring(0, slash))
                .map(m -> m.getPackages().contains(modulePackage.substring(slash + 1))).orElse(false);
    }

    /**
     * Opens each "module/package" (e.g. "java.base/sun.nio.ch") to the given modules (the unnamed
     * modules of the class loaders concerned). Throws {@link IllegalStateException} with the reason
     * when the JVM refuses an agent.
     */
    public static synchronized Opened open(List<String> modulePackages, Set<Module> targets) {
        Map<Module, Map<String, Set<Module>>> missing = new HashMap<>();
        List<String> opened = new ArrayList<>();
        List<String> already = new ArrayList<>();
        for (String mp : new LinkedHashSet<>(modulePackages)) {
            int slash = mp.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("Paquet à ouvrir mal écrit : « " + mp + " » ; forme attendue module/paquet, "
                        + "par exemple java.base/sun.nio.ch.");
            }
            String moduleName = mp.substring(0, slash);
            String pkg = mp.substring(slash + 1);
            Module module = ModuleLayer.boot().findModule(moduleName).orElseThrow(() -> new IllegalArgumentException(
                    "Module « " + moduleName + " » inconnu de ce JDK (" + Runtime.version() + ")."));
            if (!module.getPackages().contains(pkg)) {
                throw new IllegalArgumentException("Le module " + moduleName + " n'a pas de paquet « " + pkg + " ».");
            }
            Set<Module> closed = new LinkedHashSet<>();
            for (Module t : targets) {
                if (!module.isOpen(pkg, t)) {
                    closed.add(t);
                }
            }
            if (closed.isEmpty()) {
                already.add(mp);
            } else {
                missing.computeIfAbsent(module, m -> new HashMap<>()).put(pkg, closed);
                opened.add(mp);
            }
        }
        if (!missing.isEmpty()) {
            Instrumentation inst = instrumentation();
            missing.forEach((module, opens) -> inst.redefineModule(module, Set.of(), Map.of(), opens, Set.of(), Map.of()));
        }
        return new Opened(opened, already);
    }

    private static Instrumentation instrumentation() {
        Instrumentation inst = Agent.instrumentation();
        if (inst != null) {
            return inst;
        }
        Path jar = null;
        try {
            jar = agentJar();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            String kernelJar = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process p = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", kernelJar,
                    AttachMain.class.getName(), Long.toString(ProcessHandle.current().pid()), jar.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(ATTACH_TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException | InterruptedException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e.toString(), e);
        } finally {
            if (jar != null) {
                try {
                    Files.deleteIfExists(jar);
                } catch (IOException ignored) {
                    // a temporary file: the system cleans it
                }
            }
        }
        inst = Agent.instrumentation();
        if (inst == null) {
            throw new IllegalStateException("l'agent s'est chargé sans transmettre son Instrumentation");
        }
        return inst;
    }

    /** A jar holding only a manifest that names the agent class (already on the kernel's classpath). */
    private static Path agentJar() throws IOException {
        Path jar = Files.createTempFile("carnets-agent-", ".jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Agent-Class", Agent.class.getName());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, m)) {
            j.flush();
        }
        return jar;
    }
}
