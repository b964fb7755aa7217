package fr.carnets.kernel;

import fr.carnets.kernel.exec.CellException;
import fr.carnets.kernel.exec.CellGuard;
import fr.carnets.kernel.exec.CellThreads;
import fr.carnets.kernel.protocol.CellOutput;
import fr.carnets.kernel.protocol.CellReplyEnvironment;
import fr.carnets.kernel.protocol.Replies;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the kernel tracks about the cell being executed: its buffered stdout and stderr
 * ({@link CellOutput}), whether it failed, and the "stop on error" abort of the cells queued behind it.
 */
final class ExecutionState {

    /** Where a cell's output beyond the limit is written (one file per stream and cell). */
    static final Path OUTPUT_FOLDER = Path.of(System.getProperty("java.io.tmpdir"),
            "carnets-sorties-" + ProcessHandle.current().pid());

    private final CellOutput stdout;
    private final CellOutput stderr;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean failed;
    private volatile boolean aborting;
    /** The last cells' iopub sinks, by serial: where the output of the threads they started goes. */
    private final Map<Integer, Cell> cells = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Cell> eldest) {
            return size() > KEPT_CELLS;
        }
    });
    private static final int KEPT_CELLS = 100;
    /** "owner:running" pairs already told in the running cell. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private int serials;

    private record Cell(String label, Consumer<String> out, Consumer<String> err) {
    }

    ExecutionState() {
        long limit = Long.getLong("carnets.output.limit", CellOutput.DEFAULT_LIMIT);
        stdout = new CellOutput("stdout", limit, OUTPUT_FOLDER);
        stderr = new CellOutput("stderr", limit, OUTPUT_FOLDER);
        // No autoflush: a println is not a message; the flusher below sends every 50 ms at most.
        out = new PrintStream(new Routed(stdout, false), false, StandardCharsets.UTF_8);
        err = new PrintStream(new Routed(stderr, true), false, StandardCharsets.UTF_8);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carnets-output");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> {
            try {
                out.flush(); // the PrintStream's own encoder buffer (empty after each write, but cheap)
                stdout.flushIfDue();
                stderr.flushIfDue();
            } catch (RuntimeException | Error e) {
                // a send that failed must not end the flusher
            }
        }, 25, 25, TimeUnit.MILLISECONDS);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** A cell starts: its output goes to its own request (nowhere when silent). */
    void start(ShellReplyEnvironment env, int count) {
        failed = false;
        boolean silent = env instanceof CellReplyEnvironment c && c.isSilent();
        Consumer<String> toOut = silent ? text -> { } : sink(env, PublishStream.StreamType.OUT);
        Consumer<String> toErr = silent ? text -> { } : sink(env, PublishStream.StreamType.ERR);
        stdout.attach(toOut, String.valueOf(count));
        stderr.attach(toErr, String.valueOf(count));
        int serial = ++serials;
        cells.put(serial, new Cell(String.valueOf(count), toOut, toErr));
        CellThreads.running(serial);
    }

    /**
     * Output of a thread started by an earlier cell goes to that cell's request, so Jupyter shows it under
     * that cell (before, it went into whichever cell was running, or to the server's terminal between
     * cells); the running cell says once where it went. Other threads write to the running cell.
     */
    private final class Routed extends OutputStream {
        private final CellOutput current;
        private final boolean isErr;

        Routed(CellOutput current, boolean isErr) {
            this.current = current;
            this.isErr = isErr;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int owner = CellThreads.owner();
            int running = CellThreads.running();
            Cell cell = owner == 0 || owner == running ? null : cells.get(owner);
            if (cell == null) {
                current.write(b, off, len);
                return;
            }
            (isErr ? cell.err() : cell.out()).accept(new String(b, off, len, StandardCharsets.UTF_8));
            if (running != 0 && told.add(owner + ":" + running)) {
                byte[] note = ("[Un fil d'exécution lancé par la cellule [" + cell.label() + "] écrit encore : "
                        + "sa sortie s'affiche sous cette cellule-là.]\n").getBytes(StandardCharsets.UTF_8);
                stdout.write(note, 0, note.length);
            }
        }

        @Override
        public void flush() {
            current.flush();
        }
    }

    private static Consumer<String> sink(ShellReplyEnvironment env, PublishStream.StreamType type) {
        // Straight to the iopub socket: env.publish would take the reply environment's "defer" mode.
        return text -> env.getIopub().sendMessage(
                new Message<>(env.getContext(), PublishStream.MESSAGE_TYPE, new PublishStream(type, text)));
    }

    /** Sends the buffered output now (before a display, a result or an error of the same cell). */
    void flushOutput() {
        stdout.sendNow();
        stderr.sendNow();
    }

    /** The cell's code is done: the rest of its output, and the note about what was left out. */
    void finishOutput() {
        CellThreads.running(0);
        out.flush();
        err.flush();
        stdout.detach();
        stderr.detach();
    }

    void markFailed() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    boolean isAborting() {
        return aborting;
    }

    void startAborting() {
        aborting = true;
    }

    void stopAborting() {
        aborting = false;
    }

    void replyAborted(ShellReplyEnvironment env, int count) {
        env.setBusyDeferIdle();
        env.reply(new Replies.ExecuteAborted(Math.max(0, count)));
    }

    /** A value computed but not shown: its toString or renderer failed. */
    static RuntimeException displayFailure(Throwable e) {
        if (e instanceof CellGuard.CellInterrupted) {
            return new CellException(e);
        }
        String why = e instanceof StackOverflowError
                ? "son toString() (ou celui d'un élément) s'appelle sans fin, ou la structure est imbriquée trop profondément"
                : e instanceof OutOfMemoryError ? "la mémoire manque pour construire son texte" : e.toString();
        return new CellException("La cellule a calculé sa valeur, mais son affichage a échoué : " + why + ". "
                + "Affichez une partie de la valeur (un champ, une taille), ou terminez la cellule par « ; » pour ne rien afficher. "
                + "Les variables restent disponibles.", null);
    }
}
