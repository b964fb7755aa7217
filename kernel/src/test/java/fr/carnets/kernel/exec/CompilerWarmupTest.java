package fr.carnets.kernel.exec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompilerWarmupTest {

    /** A session of its own per test: a warm-up changes what the session has seen. */
    private static JavaSession newSession(ByteArrayOutputStream notes) {
        return new JavaSession(List.of(), new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    private static JavaSession.Outcome eval(JavaSession session, String code) {
        return session.eval(code, code, 0);
    }

    /** The learner's view after a warm-up: no variable, method or type of it, names free, nothing noted. */
    private static void assertNoTrace(JavaSession session, ByteArrayOutputStream notes) {
        assertTrue(session.variables().isEmpty(), session.variables().toString());
        assertThrows(CompilationError.class, () -> eval(session, "carnetsWarm"));
        assertThrows(CompilationError.class, () -> eval(session, "carnetsSquare(2.0)"));
        // Its names can be the learner's, with the learner's types.
        assertEquals("moi", eval(session, "String carnetsWarm = \"moi\";\ncarnetsWarm").value());
        assertEquals(7, eval(session, "record CarnetsPoint(int a) {}\nnew CarnetsPoint(7).a()").value());
        assertEquals("", notes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWholeWarmupLeavesNothingInTheSession() throws InterruptedException {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        try (JavaSession session = newSession(notes)) {
            int before = session.evalCount();
            CompilerWarmup warmup = CompilerWarmup.start(session);
            waitUntil(() -> !warmup.isRunning(), 120_000);
            assertFalse(warmup.isRunning(), "the warm-up ends on its own");
            assertEquals(CompilerWarmup.ROUNDS * CompilerWarmup.SNIPPETS.size(), session.evalCount() - before,
                    "every snippet was compiled (none failed early)");
            warmup.stop(); // once ended, a no-op
            assertNoTrace(session, notes);
        }
    }

    @Test
    void theFirstRequestStopsItAndFindsTheSessionClean() throws InterruptedException {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        try (JavaSession session = newSession(notes)) {
            int before = session.evalCount();
            CompilerWarmup warmup = CompilerWarmup.start(session);
            // Stopped mid-way: after its idle wait and a few snippets.
            waitUntil(() -> session.evalCount() - before >= 3, 60_000);
            warmup.stop();
            assertFalse(warmup.isRunning(), "stop() returns once the session is free");
            int evaluated = session.evalCount() - before;
            assertTrue(evaluated >= 3 && evaluated < CompilerWarmup.ROUNDS * CompilerWarmup.SNIPPETS.size(), "stopped mid-way: " + evaluated);
            assertNoTrace(session, notes);
        }
    }

    @Test
    void aRequestDuringTheIdleWaitMeansNoWarmupAtAll() {
        ByteArrayOutputStream notes = new ByteArrayOutputStream();
        try (JavaSession session = newSession(notes)) {
            int before = session.evalCount();
            CompilerWarmup.start(session).stop();
            assertEquals(0, session.evalCount() - before);
            assertEquals(2, eval(session, "1 + 1").value());
        }
    }
}
