package fr.carnets.kernel.exec;

import java.util.List;

/**
 * Warms javac while a fresh kernel waits for its first request. JShell compiles each snippet with
 * two or three javac tasks, and javac is a large program that the JIT compiles only after many
 * calls: in a fresh kernel a learner's first cells compiled about twice as slowly as later ones
 * (bench/README.md, issue 24).
 *
 * <p>The warm-up evaluates throwaway snippets in the learner's own session, so that the very code
 * and caches the cells use get warm, and no second compiler holds memory (a separate JShell for
 * the warm-up added 45 MiB to the kernel's peak). It stops for good at the first request that needs
 * the session ({@link #stop}, called before the session is handed out): it only uses the time a
 * learner spends reading before running anything. Its snippets are then dropped: the learner's
 * session has no trace of them but JShell's snippet numbers.
 */
public final class CompilerWarmup {

    /** Like a lesson's cells: declarations, a block of statements, a method, a type, a stream. */
    static final List<String> SNIPPETS = List.of(
            "int carnetsWarm = 1;",
            "double carnetsRate = 0.5 * carnetsWarm;",
            "var carnetsNames = new ArrayList<String>(List.of(\"a\", \"b\"));",
            "{ carnetsWarm += 2; carnetsRate *= 1.5; carnetsNames.add(\"c\" + carnetsWarm); }",
            "String carnetsLabel = String.format(\"%d : %.2f\", carnetsWarm, carnetsRate);",
            "double carnetsSquare(double x) { return x * x; }",
            "record CarnetsPoint(int x, int y) { int sum() { return x + y; } }",
            "var carnetsPoint = new CarnetsPoint(carnetsWarm, 3);",
            "double carnetsTotal = carnetsSquare(carnetsPoint.sum()) + carnetsNames.stream().mapToInt(String::length).sum();",
            "for (int i = 0; i < 3; i++) { carnetsWarm += i; }");

    /** Rounds of {@link #SNIPPETS}: about 3 s on two cores, after which javac's cost per snippet has halved. */
    static final int ROUNDS = 12;

    /**
     * How long the session must have waited unused before the warm-up starts. A notebook run at once
     * (« Tout exécuter », nbclient) asks for it within this time: its first cell would otherwise wait
     * for a snippet compiled by a still cold javac (measured: +60 ms on the first result).
     */
    static final long IDLE_BEFORE_MS = 1_000;

    private final JavaSession session;
    private final Thread thread;
    private volatile boolean stopRequested;

    private CompilerWarmup(JavaSession session) {
        this.session = session;
        this.thread = new Thread(this::run, "carnets-warmup");
        thread.setDaemon(true);
    }

    /** Starts warming javac in the session, on a thread of its own. */
    public static CompilerWarmup start(JavaSession session) {
        CompilerWarmup warmup = new CompilerWarmup(session);
        warmup.thread.start();
        return warmup;
    }

    /**
     * Stops the warm-up and waits until the session is free: at most the snippet being compiled,
     * then the drop of those evaluated. Returns at once once the warm-up has ended.
     */
    public void stop() {
        stopRequested = true;
        if (Thread.currentThread() == thread) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the session must be free before anyone uses it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the warm-up is still running or waiting to start (tests). */
    boolean isRunning() {
        return thread.isAlive();
    }

    /** @return false when stopped before the time was up */
    private boolean idleFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!stopRequested && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !stopRequested;
    }

    private void run() {
        if (!idleFor(IDLE_BEFORE_MS)) {
            return;
        }
        int mark = session.snippetCount();
        try {
            for (int k = 0; k < ROUNDS * SNIPPETS.size() && !stopRequested; k++) {
                session.evalQuietly(SNIPPETS.get(k % SNIPPETS.size()));
            }
        } catch (Throwable e) {
            // A warm-up that fails costs nothing but speed.
        } finally {
            try {
                session.dropSnippetsFrom(mark);
            } catch (Throwable e) {
                // its names stay defined; nothing the learner wrote depends on them
            }
        }
    }
}
