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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what went wrong in a cell into the French lines Jupyter shows as the traceback. */
final class ErrorReport {

    /** The kernel's memory budget on a workshop server (./carnets atelier sets it), else null. */
    private static final String BUDGET = System.getenv("CARNETS_MEMORY");

    private ErrorReport() {
    }

    static List<String> lines(Throwable e, StringStyler style) {
        return lines(e, style, BUDGET);
    }

    static List<String> lines(Throwable e, StringStyler style, String budget) {
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
            if (cause instanceof CellGuard.CellInterrupted ci && ci.note() != null) {
                out.add(ci.note());
            }
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
        if (cause instanceof OutOfMemoryError || nativeAllocationFailed(cause)) {
            String reason = cause instanceof OutOfMemoryError ? memoryReason(cause.getMessage())
                    : "mémoire native refusée par le système (std::bad_alloc) : ce tableau demande plus que la machine "
                    + "ne peut donner ; les tableaux ND4J sont limités à " + System.getProperty("org.bytedeco.javacpp.maxbytes", "?")
                    + " (CARNETS_MAXBYTES)";
            out.add(style.secondary("Mémoire insuffisante (" + reason + ")."));
            boolean offHeap = !(cause instanceof OutOfMemoryError) || reason.startsWith("mémoire native")
                    || reason.startsWith("mémoire du noyau");
            // A learner of a workshop server cannot restart the server with more memory: the instructor can.
            out.add(budget == null || budget.isBlank()
                    ? "Réduisez la taille des données ou du lot (batch), libérez des variables (x = null;), "
                    + "ou relancez le noyau avec plus de mémoire : "
                    + (offHeap ? "CARNETS_MAXBYTES=4g ./carnets lab (si la machine a cette mémoire libre)" : "CARNETS_XMX=6g ./carnets lab")
                    : "Réduisez la taille des données ou du lot (batch), ou libérez des variables (x = null;). "
                    + "Sur ce serveur d'atelier, la mémoire de votre noyau est limitée à " + budget
                    + " : redémarrez le noyau (Kernel > Restart) pour repartir de zéro, ou demandez au formateur.");
            return out;
        }
        if (cause instanceof StackOverflowError) {
            out.add(style.secondary("Débordement de pile (StackOverflowError) : une méthode s'appelle sans fin ? "
                    + "Vérifiez la condition d'arrêt de la récursion."));
            return out;
        }
        String french = explain(cause);
        if (french == null) {
            out.add(style.secondary("Exception levée par la cellule : " + cause));
        } else {
            out.add(style.secondary("Exception levée par la cellule : " + french));
            out.add("    " + cause);  // Java's own line, in English, to search for
        }
        appendTrace(out, cause, new IdentityHashMap<>());
        return out;
    }

    /** libnd4j's failed allocation of an array's buffer ("Allocation failed: [std::bad_alloc]"), seen as a RuntimeException. */
    static boolean nativeAllocationFailed(Throwable t) {
        return t instanceof RuntimeException && t.getMessage() != null && t.getMessage().contains("std::bad_alloc");
    }

    /** The JVM's English reasons for an OutOfMemoryError, in French; others (JavaCPP's, the heap guard's) as they are. */
    static String memoryReason(String message) {
        if (message == null) {
            return "mémoire Java pleine";
        }
        return switch (message) {
            case "Java heap space" -> "mémoire Java (tas) pleine";
            case "GC overhead limit exceeded" -> "mémoire Java (tas) presque pleine : Java passe son temps à la nettoyer";
            case "Requested array size exceeds VM limit" -> "tableau plus grand que ce que Java permet (2 milliards d'éléments)";
            case "Direct buffer memory" -> "mémoire hors tas des tampons directs pleine";
            default -> message;
        };
    }

    private static final Pattern INDEX = Pattern.compile("index:? (-?\\d+),? (?:out of bounds for )?length:? (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT_STRING = Pattern.compile("For input string: (\"[^\"]*\")");

    /** A French explanation of the exceptions learners meet most, or null (Java's line is then shown alone). */
    static String explain(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof IndexOutOfBoundsException) {
            Matcher m = INDEX.matcher(message);
            String what = t instanceof StringIndexOutOfBoundsException ? "la chaîne" : t instanceof ArrayIndexOutOfBoundsException ? "le tableau" : "la liste";
            if (m.find()) {
                long index = Long.parseLong(m.group(1));
                long length = Long.parseLong(m.group(2));
                return "indice " + index + " hors " + (what.equals("le tableau") ? "du tableau" : "de " + what) + " de longueur " + length + " : "
                        + (length == 0 ? what + " est vide." : "les indices vont de 0 à " + (length - 1) + " (la longueur moins un)"
                        + (index == length ? " ; une boucle for écrit i < longueur, pas i <= longueur." : "."));
            }
            return "indice hors " + (what.equals("le tableau") ? "du tableau" : "de " + what) + " : les indices vont de 0 à la longueur moins un.";
        }
        if (t instanceof NullPointerException) {
            return "une valeur null est utilisée comme un objet : une variable n'a pas encore reçu de valeur "
                    + "(exécutez d'abord la cellule qui la crée) ou une méthode a renvoyé null.";
        }
        if (t instanceof ArithmeticException && message.contains("by zero")) {
            return "division entière par zéro : le diviseur vaut 0 (entre entiers, x / 0 et x % 0 sont interdits ; "
                    + "en double, 1.0 / 0 donne Infinity).";
        }
        if (t instanceof NumberFormatException) {
            Matcher m = INPUT_STRING.matcher(message);
            return "ce texte n'est pas un nombre" + (m.find() ? " : " + m.group(1) : "") + " ; Integer.parseInt attend un "
                    + "entier, Double.parseDouble un nombre écrit avec un point (3.5, pas 3,5), sans espace.";
        }
        if (t instanceof ClassCastException) {
            return "conversion de type impossible : l'objet n'est pas du type demandé entre parenthèses.";
        }
        if (t instanceof NegativeArraySizeException) {
            return "taille de tableau négative : " + message + ".";
        }
        if (t instanceof java.util.ConcurrentModificationException) {
            return "la liste a été modifiée pendant qu'on la parcourait avec for : modifiez une copie, ou utilisez removeIf.";
        }
        if (t instanceof InterruptedException) {
            return "l'attente (Thread.sleep, wait, join, une file...) a été interrompue : c'est le bouton Stop (■) qui "
                    + "l'a arrêtée, ou un autre fil d'exécution l'a interrompue.";
        }
        if (t instanceof java.util.NoSuchElementException && (message.equals("No line found") || message.isEmpty())
                && usesStdin(t)) {
            return "rien à lire sur l'entrée (System.in) : ce carnet s'exécute sans clavier (exécution automatique, ou "
                    + "interface qui ne permet pas de taper une réponse). Mettez la valeur dans une variable plutôt que de la demander.";
        }
        // Errno 4 (EINTR) only: "Errno 48" (a port already in use) contains the same text.
        if (t.getClass().getName().equals("org.zeromq.ZMQException") && message.matches("(?s).*Errno 4(?!\\d).*")) {
            return "la lecture au clavier a été interrompue (bouton Stop, ou le noyau s'arrêtait) : relancez la cellule "
                    + "pour taper votre réponse.";
        }
        if (t instanceof UnsupportedOperationException && message.isEmpty()) {
            return "opération impossible sur cet objet : une liste faite par List.of ou Arrays.asList ne change pas de "
                    + "taille ; copiez-la d'abord dans new ArrayList<>(...).";
        }
        return null;
    }

    /** Whether the exception comes from reading System.in (a Scanner or a reader over it). */
    private static boolean usesStdin(Throwable t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals("java.util.Scanner")) {
                return true;
            }
        }
        return false;
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
