package fr.carnets.kernel.exec;

import jdk.jshell.execution.DirectExecutionControl;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs cell code in this JVM (so displayed objects are live Java objects) on a dedicated thread,
 * keeps the raw result and exception that JShell would only give us as strings, and stops a cell.
 *
 * <p>Stopping: {@link CellGuard} makes loops written in cells stop at the next iteration; the thread
 * is also interrupted (sleep, wait, blocking I/O). If the cell is still busy after the grace period
 * (a loop inside a library), Thread.stop is tried where the JDK still allows it (17 to 19).
 */
public final class CellExecutionControl extends DirectExecutionControl {

    private static final long HARD_STOP_GRACE_MS = 1000;

    private final SnippetClassLoader loader;
    /** Replaced when a cell's thread cannot be stopped: the next cells run on a fresh thread. */
    private volatile ExecutorService executor;
    private final AtomicReference<Thread> cellThread = new AtomicReference<>();
    /** What the shell thread waits for: the running cell's result, or its abandonment. */
    private volatile CompletableFuture<String> running;
    private final ThreadLocal<Boolean> onCellThread = ThreadLocal.withInitial(() -> false);

    private volatile Object lastValue;
    private volatile Throwable lastThrowable;
    private volatile Object lastVarValue;
    private volatile Field lastVarField;
    /** Time spent running cell code (not compiling it), all cells together: %time reads differences. */
    private final java.util.concurrent.atomic.AtomicLong runNanos = new java.util.concurrent.atomic.AtomicLong();

    public CellExecutionControl(SnippetClassLoader loader) {
        super(loader.delegate());
        this.loader = loader;
        this.executor = newCellExecutor();
    }

    private ExecutorService newCellExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "carnets-cell");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
    }

    public SnippetClassLoader loader() {
        return loader;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        lastValue = null;
        lastThrowable = null;
        if (onCellThread.get()) {
            // A cell evaluating code (a magic, eval()): run it here, or it would wait for itself.
            return runOnThisThread(doit);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        running = result;
        executor.execute(() -> {
            onCellThread.set(true);
            CellThreads.enterCellThread();
            cellThread.set(Thread.currentThread());
            Thread.interrupted();
            try {
                result.complete(runOnThisThread(doit));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                // An abandoned thread that wakes up later must not clear the reference to the next cell's thread.
                cellThread.compareAndSet(Thread.currentThread(), null);
                onCellThread.set(false);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw new InvocationTargetException(cause);
        }
    }

    private String runOnThisThread(Method doit) throws Exception {
        Object value;
        long t0 = System.nanoTime();
        try {
            value = doit.invoke(null);
        } catch (InvocationTargetException e) {
            lastThrowable = e.getCause();
            throw e;
        } finally {
            runNanos.addAndGet(System.nanoTime() - t0);
        }
        lastValue = value;
        // JShell's own text of the value is never shown (the kernel renders the raw value), and for a
        // big array it lists every element: "var x = new float[50_000_000]" took a minute in it.
        return "";
    }

    /**
     * Reads a variable's current value by reflection and remembers the raw object and its field.
     * JShell only asks for a string; we never format big objects (INDArray...) just to read them.
     */
    @Override
    public String varValue(String className, String varName) {
        try {
            Field field = findClass(className).getField(varName);
            // JShell's wrapper classes are package-private, their fields public static.
            field.setAccessible(true);
            lastVarField = field;
            lastVarValue = field.get(null);
            return "";
        } catch (ReflectiveOperationException | LinkageError e) {
            lastVarField = null;
            lastVarValue = null;
            return "";
        }
    }

    /** Total time spent running cell code since the session started, compilation left out. */
    public long runNanos() {
        return runNanos.get();
    }

    /** The raw value of the last expression run, or null. */
    public Object takeValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /** The raw exception thrown by the last cell code run, or null. */
    public Throwable takeThrowable() {
        Throwable t = lastThrowable;
        lastThrowable = null;
        return t;
    }

    Field lastVarField() {
        return lastVarField;
    }

    /** The value read by the last {@link #varValue}, forgotten here so that this object never keeps it alive. */
    Object lastVarValue() {
        Object v = lastVarValue;
        lastVarValue = null;
        return v;
    }

    public boolean isRunning() {
        return cellThread.get() != null;
    }

    /**
     * Runs a task (a widget's callback) on the cell thread, after the running cell if there is one: it
     * sees the learner's variables as a cell does, never while a cell runs, and an interrupt stops it
     * as it stops a cell. The task must catch its own exceptions; one that escapes is dropped here so
     * that the thread lives on.
     */
    public void runBetweenCells(Runnable task) {
        executor.execute(() -> {
            onCellThread.set(true);
            cellThread.set(Thread.currentThread());
            CellGuard.clearStop();
            Thread.interrupted();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // the task reports its own failures; the cell thread must survive any other
            } finally {
                cellThread.compareAndSet(Thread.currentThread(), null);
                Thread.interrupted();
            }
        });
    }

    /** Stops the running cell; returns a French note when the stop had to be forced or failed. */
    public String stopCell() {
        Thread t = cellThread.get();
        CellGuard.requestStop();
        if (t == null) {
            return null;
        }
        t.interrupt();
        long deadline = System.currentTimeMillis() + HARD_STOP_GRACE_MS;
        while (cellThread.get() == t && System.currentTimeMillis() < deadline) {
            // Keep the flag set: code that talks to Jupyter (println, display) may clear it, and
            // training loops read it to stop cleanly at the next batch.
            t.interrupt();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (cellThread.get() != t) {
            return null;
        }
        String why = whyStuck(t.getState());
        try {
            stopThread(t);
            // The ThreadDeath may land after the cell ended, inside the executor's own code (its queue's lock):
            // that executor can no longer run anything (an IllegalMonitorStateException left the next cell waiting
            // forever), so later cells get a fresh one.
            ExecutorService stopped = executor;
            executor = newCellExecutor();
            stopped.shutdown();
            if (endsWithin(t, HARD_STOP_GRACE_MS)) {
                return "La cellule ne répondait pas à l'interruption : elle a été arrêtée de force.";
            }
        } catch (UnsupportedOperationException e) {
            // JDK 20 and later: Thread.stop throws; the thread can only be left behind
        }
        // Said in the cell's own error: a note printed from here could reach Jupyter after the cell's reply.
        abandon(t, "La cellule " + why + " et n'a pas pu être arrêtée : son fil d'exécution est abandonné en arrière-plan. "
                + "Les cellules suivantes s'exécutent normalement et vos variables sont gardées, mais ce que faisait "
                + "cette cellule a pu rester à moitié fait. Si cela se reproduit, redémarrez le noyau (Kernel > Restart Kernel).");
        return null;
    }

    private static String whyStuck(Thread.State state) {
        return switch (state) {
            case BLOCKED -> "attend un verrou (synchronized) tenu par un autre fil d'exécution";
            case WAITING, TIMED_WAITING -> "attend un autre fil d'exécution";
            default -> "est occupée dans une bibliothèque qui ne répond pas à l'interruption";
        };
    }

    private boolean endsWithin(Thread t, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (cellThread.get() == t && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return cellThread.get() != t;
    }

    /**
     * Leaves a thread that cannot be stopped behind: the cell's wait ends with an interruption, and later
     * cells run on a fresh thread. Before, every later cell queued behind it until a restart.
     */
    private void abandon(Thread t, String note) {
        ExecutorService stuck = executor;
        executor = newCellExecutor();
        stuck.shutdown();
        cellThread.compareAndSet(t, null);
        CellGuard.CellInterrupted stop = new CellGuard.CellInterrupted(note);
        lastThrowable = stop;
        CompletableFuture<String> r = running;
        if (r != null) {
            r.completeExceptionally(stop);
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stopThread(Thread t) {
        t.stop();
    }

    @Override
    public void stop() {
        stopCell();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }
}
