package fr.carnets.kernel;

import fr.carnets.kernel.exec.CellException;
import fr.carnets.kernel.exec.CompilationError;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the last run of each notebook cell ended, by cell id: JupyterLab and Notebook 7 send the
 * cell's id with each execute_request (metadata "cellId"); other clients may not, and then nothing
 * is recorded.
 *
 * <p>Why: a cell that did not run to the end (compile error, exception, interruption) leaves the
 * session's earlier values in place, and a check run next would judge those. The course's checks
 * (kernel-ext, fr.carnets.check) read this registry and refuse to judge an exercise whose last run
 * failed. kernel-ext is compiled without the kernel (the kernel loads it as an extension), so it
 * reads these static methods by name; they take and return JDK types only.
 */
public final class CellRuns {

    /** Outcomes, in French since they end up in the learner's messages. */
    public static final String OK = "terminée";
    public static final String COMPILATION = "erreur de compilation";
    public static final String EXCEPTION = "exception";
    public static final String INTERRUPTED = "interrompue";

    private static final Map<String, String> LAST = new HashMap<>();
    private static String pending;
    private static String current;
    private static String previous;
    private static long runs;

    private CellRuns() {
    }

    /** Called with an execute_request's metadata, before the cell runs. */
    static synchronized void begin(Map<String, Object> metadata) {
        Object id = metadata == null ? null : metadata.get("cellId");
        pending = id instanceof String s && !s.isBlank() ? s : null;
    }

    /** Runs a top-level cell and records how it ended (nested evaluations are not cells: not recorded). */
    static <T> T track(Supplier<T> cell) {
        String id;
        synchronized (CellRuns.class) {
            id = pending;
            pending = null;
            if (id != null) {
                current = id;
                runs++;
            }
        }
        String outcome = EXCEPTION;
        try {
            T value = cell.get();
            outcome = OK;
            return value;
        } catch (CompilationError e) {
            outcome = COMPILATION;
            throw e;
        } catch (CellException e) {
            outcome = e.isInterruption() ? INTERRUPTED : EXCEPTION;
            throw e;
        } finally {
            if (id != null) {
                synchronized (CellRuns.class) {
                    LAST.put(id, outcome);
                    previous = id;
                    current = null;
                }
            }
        }
    }

    /** The id of the cell running now, or null (no id sent, or no cell running). */
    public static synchronized String current() {
        return current;
    }

    /** The id of the last cell that ran before the current one, or null. */
    public static synchronized String previous() {
        return previous;
    }

    /** How the last run of a cell ended (OK, COMPILATION, EXCEPTION, INTERRUPTED), or null if it never ran. */
    public static synchronized String outcome(String cellId) {
        return LAST.get(cellId);
    }

    /** A number that changes with every recorded cell run (to say something once per cell run). */
    public static synchronized long runNumber() {
        return runs;
    }
}
