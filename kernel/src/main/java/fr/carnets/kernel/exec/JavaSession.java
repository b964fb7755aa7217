package fr.carnets.kernel.exec;

import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Java language layer: a JShell whose code runs in this JVM through {@link CellExecutionControl}.
 * It evaluates Java source (one or many snippets), completes, documents and checks completeness.
 * It knows nothing of Jupyter.
 */
public final class JavaSession implements AutoCloseable {

    /** What a cell's code produced: a value only when the last snippet is an expression. */
    public record Outcome(boolean hasValue, Object value, String typeName) {
        static final Outcome NONE = new Outcome(false, null, null);
    }

    private static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.time.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*");

    private final SnippetClassLoader loader;
    private final CellExecutionControl control;
    private final JShell shell;
    private final PrintStream notes;
    private final CellContext cellContext;
    private final SourceDocs sourceDocs;

    /**
     * @param staticImports classes whose static members cells may call unqualified (notebook helpers)
     * @param notes where warnings about the cell go (the cell's stderr)
     */
    public JavaSession(List<String> staticImports, PrintStream notes) {
        this(new SnippetClassLoader(JavaSession.class.getClassLoader()), staticImports, notes);
    }

    /** @param loader the class loader of cells, created first so extensions can be found without waiting for JShell */
    public JavaSession(SnippetClassLoader loader, List<String> staticImports, PrintStream notes) {
        this.loader = loader;
        this.control = new CellExecutionControl(loader);
        this.sourceDocs = new SourceDocs(loader);
        this.cellContext = new CellContext(name -> {
            try {
                Class.forName(name, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        });
        this.notes = notes;
        this.shell = JShell.builder()
                .executionEngine(new ExecutionControlProvider() {
                    @Override
                    public String name() {
                        return "carnets";
                    }

                    @Override
                    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                        return control;
                    }
                }, Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        // Cells compile against everything the kernel was started with (the extension included).
        shell.addToClasspath(System.getProperty("java.class.path", ""));
        StringBuilder imports = new StringBuilder();
        DEFAULT_IMPORTS.forEach(i -> imports.append("import ").append(i).append(";\n"));
        staticImports.forEach(c -> imports.append("import static ").append(c).append(".*;\n"));
        for (String line : imports.toString().split("\n")) {
            shell.eval(line);
        }
    }

    public SnippetClassLoader loader() {
        return loader;
    }

    public CellExecutionControl control() {
        return control;
    }

    /**
     * Adds jars or folders to the classpath of cells, in one batch.
     *
     * @return the entries that were not there yet
     */
    public List<Path> addToClasspath(List<String> entries) {
        List<Path> added = loader.addEntries(entries);
        if (!added.isEmpty()) {
            // One call for the whole batch: JShell re-reads its classpath on every addition.
            shell.addToClasspath(added.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        }
        return added;
    }

    /**
     * Evaluates Java source snippet by snippet. Stops at the first snippet that does not compile
     * (earlier snippets of the same source have run, as in JShell).
     *
     * @param source  the code
     * @param cell    the whole cell, for line numbers in errors
     * @param offset  where {@code source} starts in {@code cell}
     */
    public Outcome eval(String source, String cell, int offset) {
        if (nestingDepth(source) > MAX_NESTING) {
            // javac's parser recurses once per level: deeper code overflows its stack, and javac then
            // prints an English crash report on the cell's stderr before JShell sees the error.
            throw tooDeep();
        }
        int comment = unclosedCommentAt(source);
        if (comment >= 0) {
            // JShell reads an unclosed comment as the end of the source: the rest of the cell was
            // silently skipped with status "ok".
            throw new CellException("Commentaire non fermé, ligne " + fr.carnets.kernel.magic.CellParts.lineOf(cell, offset + comment)
                    + " : il manque « */ ». Rien de cette cellule n'a été exécuté ; fermez le commentaire puis relancez-la.", null);
        }
        List<Piece> pieces = split(source);
        Outcome outcome = Outcome.NONE;
        for (int i = 0; i < pieces.size(); ) {
            // Stop between snippets too: straight-line code never reaches a loop's check (a cell of
            // 20 000 statements went on for a minute after Stop).
            stopIfRequested();
            int run = statementRun(source, pieces, i);
            if (run >= 2) {
                Piece first = pieces.get(i);
                Piece last = pieces.get(i + run - 1);
                String block = "{" + source.substring(first.start(), last.end()) + "\n}";
                if (evalStatements(block, cell, offset + first.start())) {
                    outcome = Outcome.NONE;
                    i += run;
                    continue;
                }
            }
            Piece p = pieces.get(i);
            outcome = evalSnippet(p.snippet(), cell, offset + p.start());
            if (outcome.hasValue() && endsWithSemicolon(source.substring(p.start(), p.end()))) {
                // As in IPython, a semicolon after the last expression hides its value: "check(...);".
                outcome = Outcome.NONE;
            }
            i++;
        }
        return outcome;
    }

    /** Stop pressed: checked between snippets too, since straight-line code never reaches a loop's check. */
    private static void stopIfRequested() {
        if (CellGuard.isStopRequested()) {
            throw new CellException(new CellGuard.CellInterrupted());
        }
    }

    /** One snippet of a cell as JShell cuts it: its source, and where its text starts and ends in the source. */
    private record Piece(String snippet, int start, int end) {
    }

    /** The source cut into JShell's snippets (syntax only: nothing is compiled or run). */
    private List<Piece> split(String source) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        List<Piece> pieces = new ArrayList<>();
        String remaining = source;
        int consumed = 0;
        while (!remaining.isBlank()) {
            stopIfRequested();
            CompletionInfo info;
            try {
                info = analyzeFirst(sca, remaining);
            } catch (StackOverflowError | InternalError e) {
                throw tooDeep();
            }
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete();
            String rest = complete ? info.remaining() : "";
            int length = remaining.length() - rest.length();
            rest = remaining.substring(length);
            pieces.add(new Piece(complete ? info.source() : remaining, consumed, consumed + length));
            consumed += length;
            remaining = rest;
        }
        return pieces;
    }

    static final int SPLIT_WINDOW = 4_096;
    static final int SPLIT_MARGIN = 1_024;

    /**
     * JShell's analysis of the first snippet of {@code source}, looking at a window of it: JShell scans
     * all the text it is given, so cutting a 3 000-line cell snippet by snippet took minutes before any
     * of it ran. The window's answer is kept only when the snippet ends well inside it (what follows a
     * snippet, like ".bar()" or "else", decides where it ends); otherwise the window grows.
     * The remaining text is then re-read from {@code source}, so only the length is taken from the window.
     */
    private static CompletionInfo analyzeFirst(SourceCodeAnalysis sca, String source) {
        for (int window = SPLIT_WINDOW; window < source.length(); window *= 4) {
            int cut = source.indexOf('\n', window);
            if (cut < 0) {
                break;
            }
            CompletionInfo info = sca.analyzeCompletion(source.substring(0, cut));
            if (info.completeness().isComplete() && info.completeness() != Completeness.EMPTY
                    && info.remaining().length() >= SPLIT_MARGIN) {
                return new Windowed(info.completeness(), source.substring(cut - info.remaining().length()), info.source());
            }
        }
        return sca.analyzeCompletion(source);
    }

    /** JShell's answer for a window, with the remaining text re-read from the whole source. */
    private record Windowed(Completeness completeness, String remaining, String source) implements CompletionInfo {
    }

    /** Most statements compiled together as one block (javac's 64 KiB limit per method stays far away). */
    static final int MAX_STATEMENTS_PER_BLOCK = 100;
    static final int MAX_BLOCK_CHARS = 16_000;

    /**
     * How many pieces from {@code i} on are plain statements that may run as one block. The cell's last
     * piece joins only when a semicolon ends it, which hides its value anyway. JShell compiles every
     * snippet with three or four javac tasks, about 20 ms each on two cores: a loop of 200 println
     * cost 4 s. A block of statements is one snippet. Declarations never join a block: their names
     * must stay in the session.
     */
    private static int statementRun(String source, List<Piece> pieces, int i) {
        int n = 0;
        int chars = 0;
        while (i + n < pieces.size() && n < MAX_STATEMENTS_PER_BLOCK) {
            Piece p = pieces.get(i + n);
            boolean last = i + n == pieces.size() - 1;
            if ((last && !endsWithSemicolon(source.substring(p.start(), p.end())))
                    || chars + p.snippet().length() > MAX_BLOCK_CHARS || !PlainStatement.is(p.snippet())) {
                break;
            }
            chars += p.snippet().length();
            n++;
        }
        return n;
    }

    /**
     * Runs a block of statements as one snippet. When the block does not compile (one of its statements
     * is wrong, or is not a statement in a block), nothing has run and the caller evaluates its
     * statements one by one, which gives the exact error at the exact line.
     */
    private boolean evalStatements(String block, String cell, int offset) {
        List<SnippetEvent> events = compile(block);
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() == null && ev.status() != Snippet.Status.VALID) {
                if (ev.status().isActive()) {
                    shell.drop(ev.snippet());
                }
                return false;
            }
        }
        handle(events, Map.of(), block, cell, offset);
        return true;
    }

    /** Whether code ends with ';', ignoring trailing whitespace and comments. */
    static boolean endsWithSemicolon(String code) {
        String s = code.strip();
        while (true) {
            if (s.endsWith("*/") && s.lastIndexOf("/*") >= 0) {
                s = s.substring(0, s.lastIndexOf("/*")).strip();
                continue;
            }
            int lineStart = s.lastIndexOf('\n') + 1;
            int comment = lineCommentStart(s.substring(lineStart));
            if (comment >= 0) {
                s = s.substring(0, lineStart + comment).strip();
                continue;
            }
            return s.endsWith(";");
        }
    }

    /** Index of a // comment in one line of code, outside string and char literals, or -1. */
    private static int lineCommentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return i;
            }
        }
        return -1;
    }

    private Outcome evalSnippet(String src, String cell, int offset) {
        Map<String, Object> before = snapshotVariables();
        return handle(compile(src), before, src, cell, offset);
    }

    /** What JShell's events of one snippet mean for the cell: an error, notes, or the outcome. */
    private Outcome handle(List<SnippetEvent> events, Map<String, Object> before, String src, String cell, int offset) {
        Outcome outcome = Outcome.NONE;
        for (SnippetEvent ev : events) {
            Snippet s = ev.snippet();
            if (ev.causeSnippet() != null) {
                keepDependentValue(ev, before);
                noteLostVariable(ev, before);
                continue;
            }
            if (ev.status() == Snippet.Status.REJECTED) {
                List<Diag> diags = shell.diagnostics(s).collect(Collectors.toList());
                throw CompilationError.of(diags, src, cell, offset);
            }
            if (ev.status() != Snippet.Status.VALID && ev.status().isActive()) {
                List<Diag> errors = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
                if (!errors.isEmpty() && unresolved(s).isEmpty()) {
                    throw compilerLimit(s, errors, src, cell, offset);
                }
            }
            if (ev.exception() != null) {
                Throwable raw = control.takeThrowable();
                if (ev.exception() instanceof UnresolvedReferenceException ure) {
                    throw new CellException(unresolvedMessage(ure.getSnippet()), null);
                }
                throw new CellException(raw != null ? raw : ev.exception());
            }
            if ((ev.status() == Snippet.Status.RECOVERABLE_DEFINED || ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                    && !unresolved(s).isEmpty()) {
                notes.println("Note : " + describe(s) + " est déclaré mais dépend de "
                        + String.join(", ", unresolved(s)) + ", pas encore défini : définissez-le dans une cellule puis réutilisez.");
            }
            outcome = outcomeOf(s, ev);
        }
        return outcome;
    }

    /**
     * JShell's eval, with javac's own failures turned into French errors: 3 000 nested parentheses
     * overflow javac's stack, which JShell rethrows as an InternalError.
     */
    private List<SnippetEvent> compile(String src) {
        evals++;
        try {
            return shell.eval(src);
        } catch (StackOverflowError | InternalError e) {
            throw tooDeep();
        }
    }

    /** JShell evaluations so far, each one or more javac tasks: how the tests see what ran as one block. */
    private int evals;

    int evalCount() {
        return evals;
    }

    /** Deepest nesting of (), [] and {} javac is given; real code stays far below. */
    static final int MAX_NESTING = 300;

    /** Deepest nesting of brackets in Java source, outside comments and string or char literals. */
    static int nestingDepth(String src) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < src.length(); i++) {
            int skipped = endOfCommentOrLiteral(src, i);
            if (skipped != i) {
                i = skipped < 0 ? src.length() : skipped;
                continue;
            }
            char c = src.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return max;
    }

    /** Where a block comment that is never closed starts (outside string literals), or -1. */
    static int unclosedCommentAt(String src) {
        for (int i = 0; i < src.length(); i++) {
            int skipped = endOfCommentOrLiteral(src, i);
            if (skipped < 0) {
                return i;
            }
            i = skipped;
        }
        return -1;
    }

    /**
     * The last index of the comment or string/char literal that starts at {@code i} (the end of the
     * source when it is not closed), {@code i} itself when none starts there, or -1 for a block
     * comment that is never closed.
     */
    static int endOfCommentOrLiteral(String src, int i) {
        int n = src.length();
        char c = src.charAt(i);
        if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
            int nl = src.indexOf('\n', i);
            return nl < 0 ? n - 1 : nl;
        }
        if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
            int end = src.indexOf("*/", i + 2);
            return end < 0 ? -1 : end + 1;
        }
        if (c == '"' && src.startsWith("\"\"\"", i)) {
            int end = src.indexOf("\"\"\"", i + 3);
            return end < 0 ? n - 1 : end + 2;
        }
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                j += src.charAt(j) == '\\' ? 2 : 1;
            }
            return Math.min(j, n - 1);
        }
        return i;
    }

    private static CellException tooDeep() {
        return new CellException("Le compilateur Java n'a pas pu lire ce code : il est imbriqué trop profondément "
                + "(parenthèses, appels ou blocs les uns dans les autres). Découpez-le en plusieurs variables ou méthodes. "
                + "Les variables définies avant restent disponibles.", null);
    }

    /**
     * javac refused the snippet's generated class (a limit of the class file format: a string constant
     * over 65 535 bytes, a method over 64 KiB of bytecode) and JShell kept it as "recoverable": it must
     * go, or every later snippet recompiles with it. A string constant too long also leaves javac's
     * reused compiler with the string in its constant pool, so every later cell failed: adding a
     * classpath entry makes JShell start a fresh compiler.
     */
    private CompilationError compilerLimit(Snippet s, List<Diag> errors, String src, String cell, int offset) {
        shell.drop(s);
        String advice;
        if (errors.stream().anyMatch(d -> d.getCode().startsWith("compiler.err.limit.string"))) {
            shell.addToClasspath(freshCompilerEntry());
            advice = "Une chaîne de caractères écrite dans le code est limitée à 65 535 octets par le format des classes Java. "
                    + "Lisez ce texte depuis un fichier (Files.readString(Path.of(\"...\"))) ou construisez-le en plusieurs morceaux (StringBuilder).";
        } else if (errors.stream().anyMatch(d -> d.getCode().startsWith("compiler.err.limit.code"))) {
            advice = "Le code compilé d'une méthode Java est limité à 64 Kio : ce tableau écrit en entier ou ce bloc est trop grand. "
                    + "Lisez les valeurs depuis un fichier, ou remplissez le tableau dans une boucle.";
        } else {
            advice = "Le compilateur Java a refusé ce code. Découpez-le en plusieurs cellules ou méthodes plus petites.";
        }
        return CompilationError.of(errors, src, cell, offset, advice + " Les variables définies avant restent disponibles.");
    }

    /** An empty folder added to JShell's classpath only to make it drop its compiler. */
    private static String freshCompilerEntry() {
        try {
            return java.nio.file.Files.createTempDirectory("carnets-javac-").toString();
        } catch (java.io.IOException e) {
            return System.getProperty("java.io.tmpdir");
        }
    }

    private Outcome outcomeOf(Snippet s, SnippetEvent ev) {
        Object value = control.takeValue();
        if (s instanceof ExpressionSnippet es) {
            return new Outcome(!"void".equals(es.typeName()), value, es.typeName());
        }
        if (s instanceof VarSnippet vs && vs.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            return new Outcome(!"void".equals(vs.typeName()), value, vs.typeName());
        }
        return Outcome.NONE;
    }

    /** A variable of the session: its name, declared type and current value. */
    public record Variable(String name, String typeName, Object value) {
    }

    /** The session's variables in declaration order (JShell's own temporaries $1, $2... left out). */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        shell.variables().filter(v -> shell.status(v) == Snippet.Status.VALID)
                .filter(v -> v.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)
                .forEach(v -> {
                    shell.varValue(v);
                    if (control.lastVarField() != null) {
                        out.add(new Variable(v.name(), v.typeName(), control.lastVarValue()));
                    }
                });
        return out;
    }

    /**
     * Drops a variable: its value is no longer referenced by the session (the field that held it is
     * cleared, so even the snippet's class keeps nothing) and its name is undefined.
     *
     * @return false when there is no such variable
     */
    public boolean dropVariable(String name) {
        List<VarSnippet> found = shell.variables().filter(v -> v.name().equals(name) && shell.status(v).isActive()).toList();
        for (VarSnippet v : found) {
            if (shell.status(v) != Snippet.Status.VALID) {
                shell.drop(v);
                continue;
            }
            shell.varValue(v);
            Field f = control.lastVarField();
            control.lastVarValue(); // forget it: the value must become unreachable
            if (f != null && !f.getType().isPrimitive()) {
                try {
                    f.set(null, null);
                } catch (IllegalAccessException | IllegalArgumentException e) {
                    // the value stays reachable from the class; dropping the snippet still undefines it
                }
            }
            shell.drop(v);
        }
        return !found.isEmpty();
    }

    /**
     * Lets go of the values of earlier cells' results. JShell keeps the value of every expression
     * that is not a plain variable in a hidden variable ($1, $2...), for ever: re-running a notebook
     * whose cells end with Plots.images(data)..., model.evaluate(...)... kept every run's charts and,
     * through them, its arrays. Jupyter has already shown those values; $N then reads null.
     *
     * @return how many values were released
     */
    public int releaseEarlierResults() {
        int[] n = {0};
        shell.variables().filter(v -> v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                && shell.status(v) == Snippet.Status.VALID).forEach(v -> {
            shell.varValue(v);
            Field f = control.lastVarField();
            if (f != null && !f.getType().isPrimitive() && control.lastVarValue() != null) {
                try {
                    f.set(null, null);
                    n[0]++;
                } catch (IllegalAccessException | IllegalArgumentException e) {
                    // left as is: the value stays reachable, nothing breaks
                }
            }
        });
        return n[0];
    }

    /** How many snippets the session has seen: a mark for {@link #dropSnippetsFrom}. */
    int snippetCount() {
        return (int) shell.snippets().count();
    }

    /**
     * Compiles and runs a snippet outside any cell (the compiler warm-up): as a cell's snippet is
     * handled, cut then evaluated, but nothing is reported and its value is not kept.
     */
    void evalQuietly(String snippet) {
        shell.sourceCodeAnalysis().analyzeCompletion(snippet);
        compile(snippet);
        control.takeValue();
        control.takeThrowable();
    }

    /**
     * Drops the snippets evaluated since the mark, the last first (so that none is recompiled for
     * losing what it used), after letting go of the values their variables hold.
     */
    void dropSnippetsFrom(int mark) {
        List<Snippet> added = shell.snippets().skip(mark).collect(Collectors.toCollection(ArrayList::new));
        java.util.Collections.reverse(added);
        for (Snippet s : added) {
            if (s instanceof VarSnippet v && shell.status(v) == Snippet.Status.VALID) {
                dropVariable(v.name());
            } else if (shell.status(s).isActive()) {
                shell.drop(s);
            }
        }
    }

    /** Raw values of the active variables, by snippet id, read by reflection. */
    private Map<String, Object> snapshotVariables() {
        Map<String, Object> values = new HashMap<>();
        shell.variables().filter(v -> shell.status(v) == Snippet.Status.VALID).forEach(v -> {
            shell.varValue(v);
            if (control.lastVarField() != null) {
                values.put(v.id(), control.lastVarValue());
            }
        });
        return values;
    }

    /**
     * JShell recompiles a variable that depends on a redefined method, class or import, and the
     * recompiled variable starts from its default value. Learners expect it to keep its value
     * (as in Python), so we put the old value back when its type still fits.
     */
    private void keepDependentValue(SnippetEvent ev, Map<String, Object> before) {
        if (!(ev.snippet() instanceof VarSnippet v) || ev.status() != Snippet.Status.VALID || !before.containsKey(v.id())) {
            return;
        }
        Object old = before.get(v.id());
        shell.varValue(v);
        Field field = control.lastVarField();
        control.lastVarValue();
        if (field == null) {
            return;
        }
        try {
            if (old == null || field.getType().isPrimitive() || field.getType().isInstance(old)) {
                field.set(null, old);
                return;
            }
        } catch (IllegalAccessException | IllegalArgumentException e) {
            // fall through to the note below
        }
        notes.println("Note : la variable " + v.name() + " a été remise à zéro, car son type (" + v.typeName()
                + ") a été redéfini ; exécutez de nouveau la cellule qui la calcule.");
    }

    /**
     * A variable that was defined before this snippet and is not any more (its type or a method its
     * initialiser uses was redefined incompatibly): JShell says nothing, the learner reads
     * « symbole introuvable » later. Say it in the cell, now.
     */
    private void noteLostVariable(SnippetEvent ev, Map<String, Object> before) {
        if (ev.snippet() instanceof VarSnippet v && before.containsKey(v.id())
                && ev.status() != Snippet.Status.VALID && ev.previousStatus() == Snippet.Status.VALID
                // OVERWRITTEN: declared again under the same name (`boolean reussi = ...` re-run), not lost
                && ev.status() != Snippet.Status.OVERWRITTEN
                && v.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            notes.println("Note : la variable " + v.name() + " (" + v.typeName() + ") n'existe plus, car "
                    + describe(ev.causeSnippet()) + " a été redéfini(e) d'une façon incompatible avec elle ; "
                    + "exécutez de nouveau la cellule qui la calcule.");
        }
    }

    private List<String> unresolved(Snippet s) {
        if (s instanceof jdk.jshell.DeclarationSnippet ds) {
            return shell.unresolvedDependencies(ds).collect(Collectors.toList());
        }
        return List.of();
    }

    private String unresolvedMessage(Snippet s) {
        if (unresolved(s).isEmpty()) {
            return "Impossible d'utiliser " + describe(s) + " : sa définition n'est plus valide (un type ou une méthode "
                    + "dont il dépend a été redéfini ou a disparu). Exécutez de nouveau la cellule qui le définit.";
        }
        return "Impossible d'utiliser " + describe(s) + " : il dépend de " + String.join(", ", unresolved(s))
                + ", qui n'est pas encore défini. Définissez-le, puis relancez la cellule.";
    }

    private static String describe(Snippet s) {
        if (s instanceof MethodSnippet m) {
            return "la méthode " + m.name();
        }
        if (s instanceof TypeDeclSnippet t) {
            return "le type " + t.name();
        }
        if (s instanceof VarSnippet v) {
            return "la variable " + v.name();
        }
        return "ce code";
    }

    /**
     * Completion suggestions at {@code cursor} of Java source: replacement range and texts. As in
     * ipykernel, the cursor may be anywhere in a word: the suggestions complete what is typed before
     * the cursor and replace the whole word (from the start of the cell's word to its end), and a
     * cursor at the start of a word completes that word. When a call's parentheses already follow
     * the word, suggestions do not add another pair.
     */
    public Completion complete(String source, int cursor) {
        int wordStart = wordStart(source, cursor);
        int wordEnd = wordEnd(source, cursor);
        if (wordEnd == wordStart || !Character.isJavaIdentifierStart(source.charAt(wordStart))) {
            wordEnd = cursor; // not a name (a number, or nothing): replace nothing after the cursor
        }
        int at = wordStart == cursor && wordEnd > cursor ? wordEnd : cursor;
        Segment seg = segmentAt(source, at);
        CellContext.Prefix prefix = cellContext.prefix(seg.before(), seg.text().substring(0, at - seg.start()));
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = suggestions(prefix.text() + seg.text(), prefix.text().length() + at - seg.start(), anchor);
        int shift = prefix.text().length();
        if (suggestions.isEmpty() && shift > 0) {
            // What the cell declares above did not help (javac found the whole too broken): the snippet alone, as before.
            suggestions = suggestions(seg.text(), at - seg.start(), anchor);
            shift = 0;
        }
        boolean callFollows = wordEnd < source.length() && source.charAt(wordEnd) == '(';
        // Suggestions whose type fits the context first (as the jshell tool does), then the others.
        Set<String> texts = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> texts.add(text(s, callFollows)));
        suggestions.forEach(s -> texts.add(text(s, callFollows)));
        texts.removeIf(t -> t.startsWith(CellContext.CLASS));
        return new Completion(Math.max(seg.start(), seg.start() + anchor[0] - shift), wordEnd, new ArrayList<>(texts));
    }

    private List<SourceCodeAnalysis.Suggestion> suggestions(String code, int cursor, int[] anchor) {
        return shell.sourceCodeAnalysis().completionSuggestions(code, cursor, anchor);
    }

    private static String text(SourceCodeAnalysis.Suggestion s, boolean callFollows) {
        String t = s.continuation();
        if (callFollows && t.endsWith("()")) {
            return t.substring(0, t.length() - 2);
        }
        return callFollows && t.endsWith("(") ? t.substring(0, t.length() - 1) : t;
    }

    static int wordStart(String s, int cursor) {
        int a = Math.min(cursor, s.length());
        while (a > 0 && Character.isJavaIdentifierPart(s.charAt(a - 1))) {
            a--;
        }
        return a;
    }

    static int wordEnd(String s, int cursor) {
        int b = Math.min(cursor, s.length());
        while (b < s.length() && Character.isJavaIdentifierPart(s.charAt(b))) {
            b++;
        }
        return b;
    }

    public record Completion(int start, int end, List<String> matches) {
    }

    /** Signatures and documentation of what is at the cursor, or an empty string. */
    public String documentation(String source, int cursor, boolean detail) {
        Segment seg = segmentAt(source, cursor);
        CellContext.Prefix prefix = cellContext.prefix(seg.before(), seg.text().substring(0, wordEnd(seg.text(), cursor - seg.start())));
        StringBuilder out = new StringBuilder();
        String word = identifierAt(source, cursor);
        if (word != null && !prefix.variables().contains(word)) {
            shell.variables().filter(v -> v.name().equals(word) && shell.status(v).isActive()).forEach(v ->
                    out.append("variable ").append(v.name()).append(" : ").append(v.typeName()).append('\n'));
        }
        List<SourceCodeAnalysis.Documentation> docs = documentationOf(prefix.text() + seg.text(), prefix.text().length() + cursor - seg.start(), detail);
        if (docs.isEmpty() && !prefix.text().isEmpty()) {
            docs = documentationOf(seg.text(), cursor - seg.start(), detail);
        }
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (!out.isEmpty() && word != null && d.signature().startsWith(word + ":")) {
                continue; // JShell's "name:type" of a variable already said above
            }
            out.append(sourceDocs.signature(d.signature(), imports())).append('\n');
            String javadoc = d.javadoc() != null && !d.javadoc().isBlank() ? d.javadoc() : sourceDocs.javadoc(d.signature(), imports());
            if (!javadoc.isBlank()) {
                out.append(javadoc.strip()).append("\n\n");
            }
        }
        return out.toString().strip();
    }

    /** The session's imports ("fr.carnets.dl.models.*", "java.util.List"), to find a class named simply in a signature. */
    private List<String> imports() {
        return shell.imports().filter(i -> shell.status(i).isActive()).map(jdk.jshell.ImportSnippet::fullname).collect(Collectors.toList());
    }

    /**
     * JShell documents the call whose argument list holds the cursor, not a name under the cursor.
     * On a name (Shift-Tab on "max" in Math.max(1, 2)) we ask as if the cursor were just inside
     * the parentheses that follow, adding them when the code has none.
     */
    private List<SourceCodeAnalysis.Documentation> documentationOf(String code, int cursor, boolean detail) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        List<String[]> attempts = new ArrayList<>();
        if (end < code.length() && code.charAt(end) == '(') {
            attempts.add(new String[]{code, String.valueOf(end + 1)});
        } else if (end > cursor || (cursor > 0 && Character.isJavaIdentifierPart(code.charAt(cursor - 1)))) {
            attempts.add(new String[]{code.substring(0, end) + "(", String.valueOf(end + 1)});
        }
        if (end > cursor) {
            // JShell documents the name that ends at the cursor: move it to the end of the word (ipykernel's token at cursor).
            attempts.add(new String[]{code, String.valueOf(end)});
        }
        attempts.add(new String[]{code, String.valueOf(cursor)});
        for (String[] a : attempts) {
            try {
                List<SourceCodeAnalysis.Documentation> docs = sca.documentation(a[0], Integer.parseInt(a[1]), detail);
                if (!docs.isEmpty()) {
                    return docs;
                }
            } catch (RuntimeException e) {
                // documentation() throws on some incomplete code: try the next form
            }
        }
        return List.of();
    }

    /**
     * Jupyter's is_complete: "complete", "incomplete", "invalid" or "unknown", judged on the
     * last snippet of the source.
     */
    public String completeness(String source) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        String remaining = source;
        Completeness last = Completeness.EMPTY;
        while (!remaining.isBlank()) {
            CompletionInfo info = sca.analyzeCompletion(remaining);
            last = info.completeness();
            if (!last.isComplete()) {
                break;
            }
            remaining = info.remaining();
        }
        switch (last) {
            case COMPLETE:
            case COMPLETE_WITH_SEMI:
            case EMPTY:
                return "complete";
            case DEFINITELY_INCOMPLETE:
            case CONSIDERED_INCOMPLETE:
                return "incomplete";
            default:
                return "invalid";
        }
    }

    /** The snippet holding the cursor (with the rest of the source after it), where it starts, and the snippets before it. */
    private record Segment(String text, int start, List<String> before) {
    }

    /** One step of splitting a source: a snippet (or a skipped line) from {@code start}, {@code length} long. */
    private record Step(int start, int length, boolean snippet) {
        int end() {
            return start + length;
        }
    }

    /** The last source split for completion, and its steps: Tab after Tab re-splits only from the first change. */
    private String splitSource = "";
    private List<Step> splitSteps = List.of();

    /** The snippet of {@code source} that contains the cursor, with the rest of the source after it. */
    private Segment segmentAt(String source, int cursor) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        List<Step> steps = reusableSteps(source, cursor);
        int start = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).end();
        String remaining = source.substring(start);
        try {
            while (true) {
                CompletionInfo info = sca.analyzeCompletion(remaining);
                int nl = remaining.indexOf('\n');
                if (info.completeness() == Completeness.UNKNOWN && nl >= 0 && start + nl < cursor) {
                    // A line that does not parse, above the cursor: skip it, so that what is declared around it is still seen.
                    steps.add(new Step(start, nl + 1, false));
                    start += nl + 1;
                    remaining = remaining.substring(nl + 1);
                    continue;
                }
                if (!info.completeness().isComplete() || info.completeness() == Completeness.EMPTY) {
                    return new Segment(remaining, start, snippets(source, steps));
                }
                int len = remaining.length() - info.remaining().length();
                if (cursor <= start + len || info.remaining().isBlank()) {
                    return new Segment(remaining, start, snippets(source, steps));
                }
                steps.add(new Step(start, len, true));
                start += len;
                remaining = info.remaining();
            }
        } finally {
            splitSource = source;
            splitSteps = steps;
        }
    }

    /**
     * The steps of the last split that still hold: those that end before the cursor and before the
     * first character that changed, the rest of their last line included.
     */
    private List<Step> reusableSteps(String source, int cursor) {
        int common = 0;
        int n = Math.min(source.length(), splitSource.length());
        while (common < n && source.charAt(common) == splitSource.charAt(common)) {
            common++;
        }
        List<Step> kept = new ArrayList<>();
        for (Step step : splitSteps) {
            int lineEnd = source.indexOf('\n', step.end());
            if (step.end() >= cursor || lineEnd < 0 || lineEnd >= common) {
                break;
            }
            kept.add(step);
        }
        return kept;
    }

    private static List<String> snippets(String source, List<Step> steps) {
        return steps.stream().filter(Step::snippet).map(st -> source.substring(st.start(), st.end())).collect(Collectors.toList());
    }

    private static String identifierAt(String s, int cursor) {
        int a = Math.min(cursor, s.length());
        int b = a;
        while (a > 0 && Character.isJavaIdentifierPart(s.charAt(a - 1))) {
            a--;
        }
        while (b < s.length() && Character.isJavaIdentifierPart(s.charAt(b))) {
            b++;
        }
        return a < b ? s.substring(a, b) : null;
    }

    @Override
    public void close() {
        shell.close();
    }
}
