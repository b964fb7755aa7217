package fr.carnets.kernel;

import fr.carnets.kernel.exec.CellException;
import fr.carnets.kernel.exec.CellGuard;
import fr.carnets.kernel.exec.CompilationError;
import fr.carnets.kernel.magic.MagicError;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Turns what went wrong in a cell into the French lines Jupyter shows as the traceback. */
final class ErrorReport {

    private ErrorReport() {
    }

    static List<String> lines(Throwable e, StringStyler style) {
        List<String> out = new ArrayList<>();
        if (e instanceof CompilationError ce) {
            List<String> report = ce.report();
            for (int i = 0; i < report.size(); i++) {
                String l = report.get(i);
                out.add(l.startsWith("Erreur de compilation") ? style.secondary(l) : l);
            }
            return out;
        }
        if (e instanceof MagicError) {
            out.add(style.secondary(e.getMessage()));
            return out;
        }
        Throwable cause = e instanceof CellException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof CellGuard.CellInterrupted || (e instanceof CellException ce && ce.isInterruption())) {
            out.add(style.secondary("Exécution interrompue (bouton Stop). Les variables définies avant restent disponibles."));
            return out;
        }
        if (cause instanceof CellGuard.KernelExitRefused) {
            out.add(style.secondary(cause.getMessage()));
            return out;
        }
        if (e instanceof CellException && e.getCause() == null) {
            out.add(style.secondary(e.getMessage()));
            return out;
        }
        if (cause instanceof OutOfMemoryError) {
            out.add(style.secondary("Mémoire insuffisante (" + cause.getMessage() + ")."));
            out.add("Réduisez la taille des données ou du lot (batch), libérez des variables (x = null;), "
                    + "ou relancez le noyau avec plus de mémoire : CARNETS_XMX=6g ./carnets lab");
            return out;
        }
        if (cause instanceof StackOverflowError) {
            out.add(style.secondary("Débordement de pile (StackOverflowError) : une méthode s'appelle sans fin ? "
                    + "Vérifiez la condition d'arrêt de la récursion."));
            return out;
        }
        out.add(style.secondary("Exception levée par la cellule : " + cause));
        appendTrace(out, cause, new IdentityHashMap<>());
        return out;
    }

    /** Stack frames of the cell and the libraries it called; the kernel's own frames are left out. */
    private static void appendTrace(List<String> out, Throwable t, Map<Throwable, Boolean> seen) {
        seen.put(t, true);
        for (StackTraceElement f : t.getStackTrace()) {
            String cls = f.getClassName();
            if (cls.startsWith("jdk.internal.reflect") || cls.startsWith("java.lang.reflect")
                    || cls.startsWith("fr.carnets.kernel.exec")) {
                break;
            }
            if (cls.startsWith("REPL.")) {
                String m = f.getMethodName();
                out.add(m.startsWith("do_it") || m.startsWith("lambda$do_it")
                        ? "    dans le code de la cellule"
                        : "    dans " + m + " (défini dans une cellule)");
            } else {
                out.add("    à " + f);
            }
        }
        Throwable c = t.getCause();
        if (c != null && !seen.containsKey(c)) {
            out.add("Causée par : " + c);
            appendTrace(out, c, seen);
        }
    }
}
