package fr.carnets.kernel.exec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaSessionTest {

    private static JavaSession session;
    private static final ByteArrayOutputStream notes = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        session = new JavaSession(List.of(), new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    private static JavaSession.Outcome eval(String code) {
        return session.eval(code, code, 0);
    }

    @Test
    void lastExpressionIsTheLiveObject() {
        JavaSession.Outcome o = eval("int a = 2; int b = 3; java.util.List.of(a, b)");
        assertTrue(o.hasValue());
        assertEquals(List.of(2, 3), o.value());
    }

    @Test
    void aTrailingSemicolonHidesTheValue() {
        assertFalse(eval("Integer.valueOf(5);").hasValue());
        assertFalse(eval("int w = 1; w + 1; // fini").hasValue());
        assertTrue(eval("int w2 = 1; w2 + 1 // affiché").hasValue());
        assertTrue(eval("1 + 1").hasValue());
        assertTrue(eval("\"a;//b\"").hasValue());
        assertFalse(eval("\"a;//b\"; /* fini */").hasValue());
    }

    @Test
    void declarationsAndVoidCallsHaveNoValue() {
        assertFalse(eval("int declared = 4;").hasValue());
        assertFalse(eval("System.out.print(\"\")").hasValue());
        assertFalse(eval("void m() {}").hasValue());
    }

    @Test
    void compileErrorNamesTheCellLineInFrench() {
        String cell = "int y1 = 1;\n%magic\nint z1 = \"a\";";
        int offset = cell.indexOf("int z1");
        CompilationError e = assertThrows(CompilationError.class, () -> session.eval("int z1 = \"a\";", cell, offset));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("Erreur de compilation, ligne 3 : types incompatibles"), e.getMessage());
        assertTrue(e.report().contains("   3 | int z1 = \"a\";"), e.report().toString());
        assertTrue(e.report().stream().anyMatch(l -> l.trim().equals("|          ^") || l.endsWith("^")));
    }

    @Test
    void unknownSymbolIsExplained() {
        CompilationError e = assertThrows(CompilationError.class, () -> eval("nothingHere + 1"));
        assertTrue(e.getMessage().contains("symbole introuvable"), e.getMessage());
    }

    @Test
    void exceptionsKeepTheOriginalObject() {
        CellException e = assertThrows(CellException.class, () -> eval("throw new IllegalStateException(\"boom\")"));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("boom", e.getCause().getMessage());
        assertEquals(7, eval("3 + 4").value());
    }

    @Test
    void redefiningAMethodKeepsDependentVariables() {
        eval("int keep = 42;");
        eval("String g() { return \"a\"; }");
        eval("var v = g();");
        eval("String g() { return \"b\"; }");
        eval("import java.util.*;");
        assertEquals("a", eval("v").value());
        assertEquals(42, eval("keep").value());
        assertEquals("b", eval("g()").value());
    }

    @Test
    void redefiningAClassResetsOnlyWhatCannotBeKept() {
        eval("class Box { int k = 1; }");
        eval("Box box = new Box();");
        eval("int untouched = 7;");
        notes.reset();
        eval("class Box { int k = 2; String w; }");
        assertEquals(null, eval("box").value());
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("la variable box a été remise à zéro"), notes.toString());
        assertEquals(7, eval("untouched").value());
    }

    @Test
    void systemExitIsRefused() {
        CellException e = assertThrows(CellException.class, () -> eval("System.exit(3)"));
        assertInstanceOf(CellGuard.KernelExitRefused.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("System.exit(3) a été ignoré"));
        assertThrows(CellException.class, () -> eval("Runtime.getRuntime().halt(1)"));
        // Method references and reflection reach the same guard (they used to end the JVM silently).
        CellException ref = assertThrows(CellException.class, () -> eval("java.util.function.IntConsumer sortie = System::exit;\nsortie.accept(4)"));
        assertInstanceOf(CellGuard.KernelExitRefused.class, ref.getCause());
        assertThrows(CellException.class, () -> eval("java.util.function.IntConsumer arret = Runtime.getRuntime()::halt;\narret.accept(5)"));
        CellException viaReflection = assertThrows(CellException.class,
                () -> eval("System.class.getMethod(\"exit\", int.class).invoke(null, 6)"));
        assertInstanceOf(CellGuard.KernelExitRefused.class, viaReflection.getCause(), viaReflection.toString());
        assertEquals(3, eval("String.class.getMethod(\"length\").invoke(\"abc\")").value());
        assertEquals(1, eval("1").value());
    }

    @Test
    void busyLoopStopsOnRequest() throws Exception {
        assertStopsWithoutForce("long spins = 0; while (true) { spins++; }");
    }

    @Test
    void streamDrivenByALambdaStopsOnRequest() throws Exception {
        // No loop in the cell: the stream loops inside the JDK and calls the cell's lambda each time.
        // Stop must end it without Thread.stop (JDK 20 and later refuse it).
        assertStopsWithoutForce("long seen = java.util.stream.LongStream.iterate(0, k -> k + 1).filter(k -> k < 0).count();");
        // lambdas still run as before once the cell is done
        assertEquals(6, eval("java.util.stream.IntStream.of(1, 2, 3).map(k -> k * 2).max().getAsInt()").value());
    }

    /** The cell runs until Stop, which ends it through the stop flag (no forced stop) within 2 s; the session goes on. */
    private static void assertStopsWithoutForce(String code) throws Exception {
        CellGuard.clearStop();
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                eval(code);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        try {
            waitUntilRunning();
            long t0 = System.nanoTime();
            assertEquals(null, session.control().stopCell(), "the cell must stop without a forced stop");
            Throwable t = run.get(5, TimeUnit.SECONDS);
            assertTrue((System.nanoTime() - t0) / 1e9 < 2.0);
            assertInstanceOf(CellException.class, t);
            assertTrue(((CellException) t).isInterruption());
        } finally {
            stopAndWait(run);
        }
        assertEquals(2, eval("1 + 1").value());
    }

    @Test
    void sleepingCellStopsOnInterrupt() throws Exception {
        CellGuard.clearStop();
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                eval("Thread.sleep(60_000);");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        try {
            waitUntilRunning();
            session.control().stopCell();
            Throwable t = run.get(5, TimeUnit.SECONDS);
            assertInstanceOf(CellException.class, t);
            assertInstanceOf(InterruptedException.class, t.getCause());
        } finally {
            stopAndWait(run);
        }
    }

    @Test
    void completenessForConsoles() {
        assertEquals("complete", session.completeness("int x = 1;"));
        assertEquals("complete", session.completeness("int x = 1; x + 1"));
        assertEquals("incomplete", session.completeness("for (int i = 0; i < 3; i++) {"));
        assertEquals("incomplete", session.completeness("int x = 1; int y = x +"));
        assertEquals("invalid", session.completeness(")"));
    }

    @Test
    void completionAndDocumentation() {
        String code = "int n = 1;\n\"abc\".len";
        JavaSession.Completion c = session.complete(code, code.length());
        assertTrue(c.matches().contains("length()"), c.matches().toString());
        assertEquals(code.indexOf("len"), c.start());
        assertEquals(code.length(), c.end());
        String doc = session.documentation("Math.max(1, 2)", 6, false);
        assertTrue(doc.contains("max("), doc);
        eval("int documented = 3;");
        assertTrue(session.documentation("documented", 3, false).contains("variable documented : int"));
    }

    @Test
    void nestedEvaluationFromCellCodeDoesNotDeadlock() throws Exception {
        eval("java.util.function.Supplier<Object> nested = null;");
        // Cell code that evaluates more cell code (what %load or eval() do) runs on the same thread.
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> eval("40 + 2").value());
        assertEquals(42, f.get(10, TimeUnit.SECONDS));
    }

    /**
     * Whatever the test's outcome, its cell ends before the next test: a loop left running would hold the
     * session's only cell thread, and every later test would wait for it (seen on a loaded machine, where
     * compiling the loop outlasted waitUntilRunning and the failed test never pressed Stop).
     */
    private static void stopAndWait(CompletableFuture<?> run) {
        if (!run.isDone()) {
            session.control().stopCell();
            try {
                run.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the test has failed already; only the session matters now
            }
        }
        CellGuard.clearStop();
    }

    /** The cell's own code is running (not JShell compiling it, which takes seconds on a loaded machine). */
    private static void waitUntilRunning() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!session.control().isRunning() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertTrue(session.control().isRunning());
    }

    // -- plain statements run as one block ------------------------------------------------------

    @Test
    void plainStatementsAreRecognisedFromTheirText() {
        for (String yes : List.of("x += 1;", "System.out.println(x);", "a[i] = 2;", "m.fit(x).history();", "++n;", "k--;",
                "// note\nfoo();", "if (x > 0) y = 1;", "for (int i = 0; i < 3; i++) s += i;", "obj . field = 3;")) {
            assertTrue(PlainStatement.is(yes), yes);
        }
        for (String no : List.of("int x = 1;", "var m = f();", "String[] s = {};", "Foo bar = baz();", "Foo.Bar b = c();",
                "List<String> l = List.of();", "void f() {}", "record P(int x) {}", "new Foo().bar();", "import java.util.*;",
                "x == 1;", "@SuppressWarnings(\"x\") int y = 2;", "int[] a = new int[3];", "return 1;")) {
            assertFalse(PlainStatement.is(no), no);
        }
    }

    @Test
    void aRunOfStatementsKeepsItsEffectsOrderAndValue() {
        StringBuilder cell = new StringBuilder("int total = 0;\nStringBuilder trace = new StringBuilder();\n");
        for (int i = 0; i < 250; i++) {
            cell.append("total += ").append(i).append(";\ntrace.append(").append(i % 10).append(");\n");
        }
        cell.append("int after = total * 2;\ntrace.length()");
        JavaSession.Outcome o = eval(cell.toString());
        assertEquals(250, o.value());
        assertEquals(250 * 249 / 2, eval("total").value());
        assertEquals(250 * 249, eval("after").value());
        assertTrue(eval("trace.toString()").value().toString().startsWith("0123456789012"));
    }

    @Test
    void aLastStatementEndedBySemicolonJoinsTheBlockAndShowsNothing() {
        eval("int steps = 0;");
        int before = session.evalCount();
        JavaSession.Outcome o = eval("steps += 1;\nsteps += 2;\nsteps += 3;");
        assertEquals(1, session.evalCount() - before, "three statements, one JShell evaluation");
        assertFalse(o.hasValue());
        assertEquals(6, eval("steps").value());
        // Without the semicolon the last one is an expression whose value is shown: evaluated alone.
        before = session.evalCount();
        o = eval("steps += 1;\nsteps += 2;\nsteps");
        assertEquals(2, session.evalCount() - before);
        assertEquals(9, o.value());
    }

    @Test
    void aWrongStatementInARunIsReportedAtItsLineAfterTheOnesBeforeIt() {
        eval("int ran = 0;");
        String cell = "ran++;\nran++;\nran += \"deux\";\nran++;\nran";
        CompilationError e = assertThrows(CompilationError.class, () -> eval(cell));
        assertEquals(3, e.line(), e.getMessage());
        assertEquals(2, eval("ran").value());
    }

    @Test
    void anExceptionInARunStopsItThere() {
        eval("int reached = 0;");
        String cell = "reached++;\nif (reached > 0) throw new IllegalStateException(\"stop\");\nreached++;\nreached";
        CellException e = assertThrows(CellException.class, () -> eval(cell));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(1, eval("reached").value());
    }

    @Test
    void aLaterDeclarationStaysInTheSession() {
        eval("int before = 1;");
        eval("before++;\nbefore++;\nint declaredBetween = before;\nbefore++;\nbefore++;\nString last = \"fin\";");
        assertEquals(3, eval("declaredBetween").value());
        assertEquals(5, eval("before").value());
        assertEquals("fin", eval("last").value());
    }

    @Test
    void aLongCellIsCutIntoTheSameSnippetsWhateverItsLength() {
        // Snippets spanning two lines all along a 60 KB cell: wherever the analysis window ends, a call
        // continued on the next line must stay one snippet.
        StringBuilder cell = new StringBuilder("StringBuilder longue = new StringBuilder();\n");
        for (int i = 0; i < 3000; i++) {
            cell.append("longue.append(\"a\")\n      .append(\"b\");\n");
        }
        cell.append("longue.length()");
        assertEquals(6000, eval(cell.toString()).value());
    }
}
