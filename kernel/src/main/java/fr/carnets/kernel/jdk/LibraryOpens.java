package fr.carnets.kernel.jdk;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Libraries that need JDK packages opened, found among the jars just added. Today Spark: its launcher
 * names the {@code --add-opens} flags that spark-submit gives the JVM
 * ({@code org.apache.spark.launcher.JavaModuleOptions}); the kernel opens the same packages itself,
 * once, so that Spark runs in a notebook without a new kernel flag.
 */
public final class LibraryOpens {

    private static final String SPARK_OPTIONS = "org.apache.spark.launcher.JavaModuleOptions";
    private static final String FLAG = "--add-opens=";
    private static final int LISTED = 4;

    private final Set<String> done = new LinkedHashSet<>();

    /** Looks for such libraries in what the loader now sees, and opens what they need. */
    public synchronized void afterClasspathChange(ClassLoader cells, PrintStream out) {
        if (done.contains(SPARK_OPTIONS)) {
            return;
        }
        List<String> packages;
        try {
            Class<?> c = Class.forName(SPARK_OPTIONS, true, cells);
            Method m = c.getMethod("defaultModuleOptions");
            packages = addOpens((String) m.invoke(null));
        } catch (ClassNotFoundException e) {
            return;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            out.println("Spark : impossible de lire les options de modules qu'il demande (" + e + ").");
            return;
        }
        done.add(SPARK_OPTIONS);
        // As the JVM does with --add-opens, a package this JDK no longer has is skipped, not an error.
        packages = packages.stream().filter(JdkAccess::exists).toList();
        Set<Module> targets = Set.of(cells.getUnnamedModule(), ClassLoader.getSystemClassLoader().getUnnamedModule());
        try {
            JdkAccess.Opened o = JdkAccess.open(packages, targets);
            if (!o.opened().isEmpty()) {
                out.println("Spark a besoin de " + packages.size() + (packages.size() > 1 ? " paquets internes" : " paquet interne")
                        + " du JDK (ceux que spark-submit ouvre avec "
                        + "--add-opens) : ouverts pour le code des cellules (" + String.join(", ", o.opened().subList(0,
                        Math.min(LISTED, o.opened().size()))) + (o.opened().size() > LISTED ? "..." : "") + ").");
                out.println("Équivalent Java : openJdkPackages(" + String.join(", ", packages.stream().map(p -> "\"" + p + "\"").toList()) + ");");
            }
        } catch (IllegalStateException e) {
            out.println("Spark a besoin de paquets internes du JDK, que le noyau n'a pas pu ouvrir (" + e.getMessage() + ").");
            out.println("Relancez le noyau avec ces options dans la variable CARNETS_JAVA_OPTS :");
            out.println("  " + String.join(" ", packages.stream().map(p -> FLAG + p + "=ALL-UNNAMED").toList()));
        }
    }

    /** "java.base/sun.nio.ch" for each --add-opens=java.base/sun.nio.ch=ALL-UNNAMED of a JVM option line. */
    static List<String> addOpens(String options) {
        List<String> out = new ArrayList<>();
        for (String o : options.trim().split("\\s+")) {
            if (o.startsWith(FLAG)) {
                String v = o.substring(FLAG.length());
                int eq = v.indexOf('=');
                out.add(eq < 0 ? v : v.substring(0, eq));
            }
        }
        return out;
    }
}
