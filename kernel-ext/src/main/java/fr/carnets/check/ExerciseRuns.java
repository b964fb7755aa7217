package fr.carnets.check;

import java.lang.reflect.Method;

/**
 * Whether the exercise a check cell judges ran to the end, from the kernel's record of cell runs
 * (fr.carnets.kernel.CellRuns: the last outcome of each cell, by the id JupyterLab sends).
 *
 * <p>A check cell {@code verification-NN-k} judges the exercise cell {@code exercice-NN-k} (the
 * course's convention, tested on every notebook); a check cell named otherwise judges the cell run
 * just before it. When that cell failed (compile error, exception, interruption), the session still
 * holds the values of an earlier run: the check says so and judges nothing.
 *
 * <p>The kernel is read by name: this extension is compiled without it (the kernel loads the
 * extension, not the other way round). Outside the Carnets kernel, or with a client that sends no
 * cell ids, nothing is known and checks judge as before.
 */
final class ExerciseRuns {
    private static final String REGISTRY = "fr.carnets.kernel.CellRuns";
    private static final String CHECK_PREFIX = "verification-";
    private static final String EXERCISE_PREFIX = "exercice-";

    /** The run of the check cell whose refusal was already shown (one message per cell run). */
    private static long refusedRun = -1;

    private ExerciseRuns() {}

    /** The refusal to show, once per check cell run; "" when already shown in this run; null: judge. */
    static synchronized String refusal() {
        Class<?> runs = registry();
        if (runs == null) return null;
        String current = (String) call(runs, "current");
        if (current == null) return null;
        String judged = current.startsWith(CHECK_PREFIX)
                ? EXERCISE_PREFIX + current.substring(CHECK_PREFIX.length())
                : (String) call(runs, "previous");
        if (judged == null) return null;
        String outcome = (String) call(runs, "outcome", judged);
        if (outcome == null || outcome.equals(field(runs, "OK"))) return null;
        long run = (Long) call(runs, "runNumber");
        if (run == refusedRun) return "";
        refusedRun = run;
        return message(judged, outcome);
    }

    static String message(String judgedCell, String outcome) {
        String which = judgedCell.startsWith(EXERCISE_PREFIX)
                ? "de l'exercice " + judgedCell.substring(EXERCISE_PREFIX.length())
                : "exécutée avant celle-ci";
        return "Rien n'est vérifié : la cellule " + which + " ne s'est pas exécutée jusqu'au bout ("
                + outcome + "). Les valeurs en mémoire sont celles d'une exécution précédente. "
                + "Corrigez cette cellule, exécutez-la sans erreur, puis relancez cette vérification.";
    }

    private static Class<?> registry() {
        try {
            return Class.forName(REGISTRY, false, ExerciseRuns.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Object call(Class<?> c, String name, String... args) {
        try {
            Method m = args.length == 0 ? c.getMethod(name) : c.getMethod(name, String.class);
            return m.invoke(null, (Object[]) args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("noyau Carnets incompatible avec l'extension : " + c.getName() + "." + name, e);
        }
    }

    private static Object field(Class<?> c, String name) {
        try {
            return c.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("noyau Carnets incompatible avec l'extension : " + c.getName() + "." + name, e);
        }
    }
}
