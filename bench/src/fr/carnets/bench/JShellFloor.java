package fr.carnets.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jdk.jshell.JShell;

/**
 * What JShell alone costs for the bench's cell of 15 declarations ({@code int declN = N;}), with no
 * kernel around it: the floor under the kernel's own figure (issue 24). Each round declares 15 new
 * names, as a learner's notebook does, so the session grows as it does in a notebook.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -cp build/bench/classes fr.carnets.bench.JShellFloor [bare|kernel] [classpath]
 * </pre>
 * {@code bare}: a stock JShell, nothing on its classpath, no import. {@code kernel}: the kernel's
 * compiler options, classpath (the second argument) and default imports ({@code JavaSession}).
 * Prints one line per 5 rounds: the milliseconds of the 15 declarations and the session's size.
 */
public final class JShellFloor {
    private JShellFloor() {}

    private static final List<String> KERNEL_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.time.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*");

    public static void main(String[] args) {
        boolean kernel = args.length > 0 && args[0].equals("kernel");
        // "local": the code runs in this JVM, as the kernel's own execution control does.
        try (JShell shell = JShell.builder().executionEngine("local").compilerOptions("-Xlint:none").build()) {
            if (kernel) {
                if (args.length > 1) shell.addToClasspath(args[1]);
                KERNEL_IMPORTS.forEach(i -> shell.eval("import " + i + ";"));
            }
            int declared = 0;
            List<Double> times = new ArrayList<>();
            for (int round = 1; round <= 20; round++) {
                long t = System.nanoTime();
                for (int i = 0; i < 15; i++) {
                    shell.eval("int decl" + declared++ + " = " + i + ";");
                }
                times.add((System.nanoTime() - t) / 1e6);
                if (round % 5 == 0) {
                    System.out.printf(Locale.ROOT, "%s rounds %d-%d: 15 declarations %.0f %.0f %.0f %.0f %.0f ms (%d declared)%n",
                            kernel ? "kernel" : "bare", round - 4, round, times.get(0), times.get(1), times.get(2), times.get(3), times.get(4), declared);
                    times.clear();
                }
            }
        }
    }
}
