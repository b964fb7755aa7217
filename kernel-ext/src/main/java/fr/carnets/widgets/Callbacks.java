package fr.carnets.widgets;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Where widget callbacks run, and what their failures show. The Carnets kernel is an Executor that
 * runs a task on its cell thread between cells, so a callback never runs while a cell does and
 * sees the learner's variables as cells do; a stock JJava kernel gets one thread of ours.
 */
final class Callbacks {
    private static final Executor OWN_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "carnets-widgets");
        t.setDaemon(true);
        return t;
    });

    private Callbacks() {
    }

    /** Runs {@code task} later on the kernel's execution thread (a change from the browser). */
    static void later(Runnable task, Output out) {
        BaseKernel kernel = Comms.kernel();
        (kernel instanceof Executor e ? e : OWN_THREAD).execute(Comms.busyWhile(() -> run(task, out)));
    }

    /**
     * Runs {@code task} now; its printed text goes to {@code out} (when given) and an exception is
     * said in French there (or on stderr): it never reaches the kernel's own loop.
     */
    static void run(Runnable task, Output out) {
        try {
            if (out != null) {
                out.capture(task);
            } else {
                task.run();
            }
        } catch (RuntimeException | Error e) {
            String text = explain(e);
            if (out != null) {
                out.printError(text);
            } else {
                System.err.print(text);
                System.err.flush();
            }
        }
    }

    /** The French report of a callback's exception (the kernel's own French error lines when it has them). */
    static String explain(Throwable e) {
        StringBuilder b = new StringBuilder("Erreur dans la fonction appelée par le widget ; le noyau continue et vos variables sont intactes.\n");
        BaseKernel kernel = Comms.kernel();
        java.util.List<String> lines = kernel == null ? java.util.List.of(e.toString()) : kernel.formatError(e);
        for (String line : lines) {
            b.append(line.replace("Exception levée par la cellule : ", "Exception : ")).append('\n');
        }
        b.append("Corrigez la fonction, puis relancez la cellule qui crée le widget.\n");
        return b.toString();
    }
}
