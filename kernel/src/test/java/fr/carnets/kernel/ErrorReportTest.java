package fr.carnets.kernel;

import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** French explanations of the runtime exceptions learners hit most; Java's own line stays below. */
class ErrorReportTest {

    private static final StringStyler PLAIN = new StringStyler.Builder().build();

    private static Throwable thrown(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("aucune exception");
    }

    private static List<String> report(Throwable t) {
        return ErrorReport.lines(t, PLAIN);
    }

    @Test
    void outOfMemoryAdviceDependsOnWhereTheKernelRuns() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        List<String> laptop = ErrorReport.lines(oom, PLAIN, null);
        assertTrue(laptop.get(0).contains("Mémoire insuffisante (mémoire Java (tas) pleine)."), laptop.get(0));
        assertTrue(laptop.get(1).contains("CARNETS_XMX=6g ./carnets lab"), laptop.toString());
        // a learner of ./carnets atelier: the budget, and what they can do themselves
        List<String> workshop = ErrorReport.lines(oom, PLAIN, "2048m");
        assertTrue(workshop.get(1).contains("limitée à 2048m") && workshop.get(1).contains("Kernel > Restart"),
                workshop.toString());
        assertTrue(!workshop.get(1).contains("./carnets lab"), workshop.toString());
    }

    @Test
    void arrayIndexSaysTheValidRange() {
        int[] t = new int[10];
        Throwable e = thrown(() -> t[t.length] = 1);
        List<String> lines = report(e);
        assertTrue(lines.get(0).contains("indice 10 hors du tableau de longueur 10"), lines.get(0));
        assertTrue(lines.get(0).contains("de 0 à 9") && lines.get(0).contains("i < longueur"), lines.get(0));
        assertTrue(lines.get(1).contains("java.lang.ArrayIndexOutOfBoundsException: Index 10 out of bounds for length 10"), lines.toString());
    }

    @Test
    void commonExceptionsAreExplained() {
        Object none = null;
        assertTrue(ErrorReport.explain(thrown(() -> none.toString())).startsWith("une valeur null"));
        int zero = 0;
        assertTrue(ErrorReport.explain(thrown(() -> System.out.println(1 / zero))).startsWith("division entière par zéro"));
        String nf = ErrorReport.explain(thrown(() -> Integer.parseInt("3,5")));
        assertTrue(nf.contains("\"3,5\"") && nf.contains("pas 3,5"), nf);
        assertTrue(ErrorReport.explain(thrown(() -> List.of(1).add(2))).contains("List.of"));
        assertTrue(ErrorReport.explain(thrown(() -> "abc".charAt(5))).contains("hors de la chaîne"));
        assertTrue(ErrorReport.explain(thrown(() -> new ArrayList<Integer>().get(0))).contains("la liste est vide"));
    }

    @Test
    void otherExceptionsShowJavasLineAlone() {
        IllegalStateException e = new IllegalStateException("Matrix multiplication: arrays must have the same rank");
        assertNull(ErrorReport.explain(e));
        assertTrue(report(e).get(0).contains("Exception levée par la cellule : " + e), report(e).get(0));
    }

    @Test
    void stoppedWaitsAndAnEmptyStdinAreExplained() throws Exception {
        Thread.currentThread().interrupt();
        InterruptedException stopped = null;
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            stopped = e;
        }
        assertTrue(ErrorReport.explain(stopped).contains("bouton Stop"), ErrorReport.explain(stopped));
        java.util.Scanner empty = new java.util.Scanner(new java.io.ByteArrayInputStream(new byte[0]));
        String noInput = ErrorReport.explain(thrown(empty::nextLine));
        assertTrue(noInput.startsWith("rien à lire sur l'entrée (System.in)"), noInput);
        // the same exception from a plain iterator is not about the keyboard
        assertNull(ErrorReport.explain(thrown(() -> new ArrayList<String>().iterator().next())));
    }
}
