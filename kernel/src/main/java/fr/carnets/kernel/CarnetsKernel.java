package fr.carnets.kernel;

import fr.carnets.kernel.exec.CellException;
import fr.carnets.kernel.exec.CellGuard;
import fr.carnets.kernel.exec.CompilationError;
import fr.carnets.kernel.exec.JavaSession;
import fr.carnets.kernel.exec.SnippetClassLoader;
import fr.carnets.kernel.magic.CellParts;
import fr.carnets.kernel.magic.MagicError;
import fr.carnets.kernel.maven.CellClasspath;
import fr.carnets.kernel.maven.ClasspathAddition;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import fr.carnets.kernel.protocol.Replies;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The Carnets kernel: Jupyter messages (from jjava-jupyter's {@link BaseKernel}) on one side, the
 * {@link JavaSession} on the other. Cells are split into Java parts and magics by {@link CellParts}.
 */
public class CarnetsKernel extends BaseKernel implements CellClasspath, java.util.concurrent.Executor {

    public static final String NAME = "Carnets";
    /** Magics whose argument is code, passed whole rather than split like a shell line. */
    private static final Set<String> CODE_MAGICS = Set.of("time");

    private final SnippetClassLoader cellLoader;
    private final CompletableFuture<JavaSession> session;
    /** Warms javac in the session until the kernel first needs it; set before {@link #session} completes. */
    private volatile fr.carnets.kernel.exec.CompilerWarmup warmup;
    /** Stops a cell that fills the heap before the kernel's own threads run out of memory (null: no such pool). */
    private final CompletableFuture<fr.carnets.kernel.exec.MemoryGuard> memoryGuard;
    private final SessionHistory history;
    private final fr.carnets.kernel.maven.Maven maven = new fr.carnets.kernel.maven.Maven(this);
    private final fr.carnets.kernel.jdk.LibraryOpens libraryOpens = new fr.carnets.kernel.jdk.LibraryOpens();
    private final ExecutionState execution = new ExecutionState();

    public CarnetsKernel() {
        this(new SessionHistory());
    }

    private CarnetsKernel(SessionHistory history) {
        super(NAME,
                KernelVersion.get(),
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("java")
                        .build(),
                List.of(),
                history,
                new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(),
                LargeImages.renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
                new fr.carnets.kernel.magic.DescribedMagics(),
                true,
                new StringStyler.Builder()
                        .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG)
                        .build());
        this.history = history;
        // JShell takes about a second to start: build it while the connection comes up.
        this.cellLoader = new SnippetClassLoader(CarnetsKernel.class.getClassLoader());
        this.session = CompletableFuture.supplyAsync(() -> {
            JavaSession s = new JavaSession(cellLoader, List.of(Notebook.class.getName()), execution.err());
            // Before the session is handed out: whoever gets it first stops the warm-up (see session()).
            warmup = fr.carnets.kernel.exec.CompilerWarmup.start(s);
            return s;
        });
        this.memoryGuard = session.thenApply(s -> fr.carnets.kernel.exec.MemoryGuard.install(s.control()));
        Thread.setDefaultUncaughtExceptionHandler(this::threadFailed);
    }

    /**
     * An exception that ends a thread (one a cell started, most often): said in French, on the thread's
     * own stderr, which goes to the cell that started it. Java printed its English trace there.
     */
    private void threadFailed(Thread thread, Throwable e) {
        if (e.getClass().getName().equals("java.lang.ThreadDeath")) {
            return; // a stopped thread, as Java's own handler does
        }
        try {
            PrintStream err = System.err;
            err.println(errorStyler.secondary("Exception non rattrapée dans le fil d'exécution « " + thread.getName()
                    + " » : il s'est arrêté, la cellule et le noyau continuent."));
            // ErrorReport speaks of the cell; here the exception ended a thread, not the cell.
            ErrorReport.lines(e, errorStyler).forEach(l -> err.println(l.replace("Exception levée par la cellule : ", "Exception : ")));
            err.flush();
        } catch (Throwable ignored) {
            // out of memory while reporting: nothing better to do
        }
    }

    /** The learner's session; javac's warm-up, if still running, is stopped first (JShell is not thread-safe). */
    public JavaSession session() {
        JavaSession s = session.join();
        warmup.stop();
        return s;
    }

    @Override
    protected ClassLoader getClassLoader() {
        return cellLoader;
    }

    @Override
    public java.net.URL[] addedToClasspath() {
        return session().loader().getURLs();
    }

    /**
     * Adds jars or folders to the cells' classpath in one batch, then installs the extensions found in
     * them: the one path of %classpath and %maven.
     */
    @Override
    public ClasspathAddition addToClasspath(List<String> entries) {
        List<java.nio.file.Path> added = session().addToClasspath(entries);
        int before = installedExtensionCount();
        installNewExtensions();
        if (!added.isEmpty()) {
            libraryOpens.afterClasspathChange(cellLoader, out());
        }
        return new ClasspathAddition(added, new java.util.LinkedHashSet<>(entries).size() - added.size(),
                installedExtensionCount() - before);
    }

    /** The session's variables (%vars). */
    public fr.carnets.kernel.vars.Vars vars() {
        return new fr.carnets.kernel.vars.Vars(session(), getRenderer());
    }

    /** Opens JDK packages ("java.base/sun.nio.ch") to the cells' code, as --add-opens would at start-up. */
    public fr.carnets.kernel.jdk.JdkAccess.Opened openJdkPackages(List<String> packages) {
        return fr.carnets.kernel.jdk.JdkAccess.open(packages,
                Set.of(cellLoader.getUnnamedModule(), ClassLoader.getSystemClassLoader().getUnnamedModule()));
    }

    /** Maven dependencies of this session (%maven, %mavenRepo, %%pom). */
    public fr.carnets.kernel.maven.Maven maven() {
        return maven;
    }

    /** Finds extensions newly visible to the cells' class loader (after %classpath) and installs each once. */
    public void installNewExtensions() {
        installExtensions(cellLoader);
    }

    public int installedExtensionCount() {
        return extensions.size();
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        if (execution.isAborting()) {
            // "stop on error": a cell queued behind a failed one does not run (as in ipykernel).
            execution.replyAborted(env, executionCount.get() - 1);
            return;
        }
        CellGuard.clearStop();
        fr.carnets.kernel.exec.MemoryGuard guard = memoryGuard.join();
        if (guard != null) {
            guard.cellStarts();
        }
        if (session.isDone()) {
            try {
                session().releaseEarlierResults();
            } catch (RuntimeException e) {
                // never worth losing the cell's reply
            }
        }
        boolean counted = request.shouldStoreHistory() && !request.isSilent();
        if (env instanceof fr.carnets.kernel.protocol.CellReplyEnvironment c) {
            c.setSilent(request.isSilent());
        }
        if (counted) {
            history.record(executionCount.get(), request.getCode());
        }
        CellRuns.begin(message.getMetadata());
        execution.start(env, executionCount.get());
        super.handleExecuteRequest(env, message);
        // A stop concerns the cell it was asked for: cell code that other threads run between cells
        // (a timer, a server's handler) checks the same flag in its loops and lambdas.
        CellGuard.clearStop();
        if (!counted) {
            executionCount.decrementAndGet(); // silent or store_history=False: the count does not move
        }
        if (execution.failed() && request.shouldStopOnError()) {
            execution.startAborting();
        }
    }

    /** Cell output streams in place of the library's one-message-per-println streams. */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        java.io.InputStream oldIn = System.in;
        System.setOut(execution.out());
        System.setErr(execution.err());
        System.setIn(io.in);
        env.defer(() -> System.setIn(oldIn));
    }

    /**
     * Evaluates and renders a cell. Every Throwable ends here as a RuntimeException, so that the
     * library's handler always sends an execute_reply (it catches only Exceptions): a StackOverflowError
     * in a value's toString, an OutOfMemoryError, a stopped display. How the cell ended is recorded
     * by cell id (see {@link CellRuns}), for the checks of exercises.
     */
    @Override
    public DisplayData eval(String expr) {
        return CellRuns.track(() -> evalAndRender(expr));
    }

    private DisplayData evalAndRender(String expr) {
        try {
            Object result = evalRaw(expr);
            if (result == null) {
                return null;
            }
            try {
                return result instanceof DisplayData d ? d : getRenderer().render(result);
            } catch (RuntimeException | Error e) {
                throw ExecutionState.displayFailure(e);
            }
        } catch (RuntimeException e) {
            execution.markFailed();
            throw memoryFull(e);
        } catch (Error e) {
            execution.markFailed();
            throw memoryFull(new CellException(e));
        } finally {
            execution.finishOutput();
        }
    }

    /** The cell's error, or the French out-of-memory error when the heap guard stopped the cell. */
    private RuntimeException memoryFull(RuntimeException e) {
        fr.carnets.kernel.exec.MemoryGuard guard = memoryGuard.getNow(null);
        OutOfMemoryError oom = guard == null ? null : guard.takeError();
        return oom == null ? e : new CellException(oom);
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new Replies.KernelInfo(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        List<HistoryEntry> entries;
        switch (request.getAccessType()) {
            case TAIL -> entries = history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                entries = history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            default -> {
                HistoryRequest.Search s = (HistoryRequest.Search) request;
                if (s.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                entries = history.search(s.getPattern(), s.getMaxReturnLength(), flags);
            }
        }
        env.reply(new Replies.History(entries, request.includeOutput()));
    }

    /**
     * Runs a cell: its Java parts and magics in order. Returns the value of the last part, or null
     * when it has none. Errors thrown by cell code reach here as their original exception.
     */
    @Override
    public Object evalRaw(String cell) {
        // Windows line endings: "%time 1 + 1\r\n" was not recognised as a magic. Java reads \r\n as \n.
        cell = cell.replace("\r\n", "\n");
        Object result = NO_VALUE;
        try {
            for (CellParts.Part part : CellParts.parse(cell)) {
                switch (part.kind()) {
                    case JAVA -> {
                        JavaSession.Outcome o = session().eval(part.text(), cell, part.start());
                        result = !o.hasValue() ? NO_VALUE : o.value() == null ? new DisplayData("null") : o.value();
                    }
                    case LINE_MAGIC -> result = valueOrNone(lineMagic(part.name(),
                            CODE_MAGICS.contains(part.name()) ? List.of(part.rawArgs()) : part.args()));
                    case CELL_MAGIC -> result = valueOrNone(cellMagic(part.name(), part.args(), part.body()));
                }
            }
        } catch (CellException e) {
            // Hand the learner's own exception to Jupyter (its name and message become ename/evalue).
            if (!e.isInterruption() && e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        return result == NO_VALUE ? null : result;
    }

    private static final Object NO_VALUE = new Object();

    private static Object valueOrNone(Object o) {
        return o == null ? NO_VALUE : o;
    }

    public Object lineMagic(String name, List<String> args) {
        try {
            return magicsRegistry.evalLineMagic(this, name, args);
        } catch (UndefinedMagicException e) {
            throw unknownMagic("%" + name);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicError("%" + name + " : " + e.getMessage(), e);
        }
    }

    public Object cellMagic(String name, List<String> args, String body) {
        try {
            return magicsRegistry.evalCellMagic(this, name, args, body);
        } catch (UndefinedMagicException e) {
            throw unknownMagic("%%" + name);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicError("%%" + name + " : " + e.getMessage(), e);
        }
    }

    private MagicError unknownMagic(String name) {
        return new MagicError("Magie inconnue : " + name + "." + fr.carnets.kernel.magic.MagicNames.suggestion(name,
                magicsRegistry.getLineMagicNames(), magicsRegistry.getCellMagicNames()) + " Magies disponibles : " + magicList()
                + ". Tapez %lsmagic pour la liste complète.", null);
    }

    /** "%a, %b, %%c" for messages. */
    public String magicList() {
        Set<String> names = new TreeSet<>();
        magicsRegistry.getLineMagicNames().forEach(n -> names.add("%" + n));
        magicsRegistry.getCellMagicNames().forEach(n -> names.add("%%" + n));
        return String.join(", ", names);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<CellParts.Part> parts = CellParts.parse(code);
        CellParts.Part part = CellParts.at(parts, at);
        if (part == null) {
            return null;
        }
        if (part.kind() == CellParts.Kind.LINE_MAGIC) {
            String help = magicHelp(part);
            return help == null ? null : new DisplayData(help);
        }
        if (part.kind() != CellParts.Kind.JAVA) {
            return null;
        }
        Window w = Window.around(part.text(), at - part.start());
        String doc = session().documentation(w.text(), w.cursor(), extraDetail);
        return doc.isEmpty() ? null : new DisplayData(doc);
    }

    /** Shift+Tab on a magic line: the magic's help and the Java the line stands for, when the magic says. */
    private String magicHelp(CellParts.Part part) {
        List<String> words;
        try {
            words = part.args();
        } catch (IllegalArgumentException e) {
            words = List.of(); // an unclosed quote: the help still applies
        }
        return magics().inspect(part.name(), words);
    }

    private fr.carnets.kernel.magic.DescribedMagics magics() {
        return (fr.carnets.kernel.magic.DescribedMagics) magicsRegistry;
    }

    /** "%entrainer model data --epo": the magic's name, then its arguments up to the cursor. */
    private static final java.util.regex.Pattern MAGIC_LINE = java.util.regex.Pattern.compile("[ \\t]*%([A-Za-z][\\w.-]*)[ \\t]+(.*)");

    @Override
    public ReplacementOptions complete(String code, int at) {
        List<CellParts.Part> parts = CellParts.parse(code);
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        String linePrefix = code.substring(lineStart, at);
        String trimmed = linePrefix.stripLeading();
        if (trimmed.startsWith("%") && trimmed.matches("%%?[\\w.-]*")) {
            boolean cell = trimmed.startsWith("%%");
            String typed = trimmed.substring(cell ? 2 : 1);
            Set<String> names = cell ? magicsRegistry.getCellMagicNames() : magicsRegistry.getLineMagicNames();
            List<String> matches = names.stream().filter(n -> n.startsWith(typed)).sorted()
                    .map(n -> (cell ? "%%" : "%") + n).collect(Collectors.toList());
            return new ReplacementOptions(matches, at - trimmed.length(), at);
        }
        java.util.regex.Matcher magic = MAGIC_LINE.matcher(linePrefix);
        CellParts.Part part = CellParts.at(parts, at);
        if (magic.matches() && part != null && part.kind() == CellParts.Kind.LINE_MAGIC) {
            String args = magic.group(2);
            String word = fr.carnets.kernel.magic.DescribedMagics.partialWord(args);
            int end = at;
            while (end < code.length() && "(),=\"".indexOf(code.charAt(end)) < 0 && !Character.isWhitespace(code.charAt(end))) {
                end++;
            }
            List<String> matches = magics().complete(magic.group(1), args, this::variablesWhere);
            return new ReplacementOptions(matches, at - word.length(), end);
        }
        if (part == null || part.kind() != CellParts.Kind.JAVA) {
            return new ReplacementOptions(List.of(), at, at);
        }
        Window w = Window.around(part.text(), at - part.start());
        JavaSession.Completion c = session().complete(w.text(), w.cursor());
        int base = part.start() + w.start();
        return new ReplacementOptions(c.matches(), base + c.start(), base + c.end());
    }

    /** Names of the session's variables whose value passes a test (models for %entrainer...). */
    private List<String> variablesWhere(java.util.function.Predicate<Object> test) {
        return session().variables().stream().filter(v -> {
            try {
                return test.test(v.value());
            } catch (RuntimeException e) {
                return false;
            }
        }).map(JavaSession.Variable::name).distinct().collect(Collectors.toList());
    }

    @Override
    public String isComplete(String code) {
        List<CellParts.Part> parts = CellParts.parse(code);
        if (parts.isEmpty()) {
            return IS_COMPLETE_YES;
        }
        CellParts.Part last = parts.get(parts.size() - 1);
        if (last.kind() != CellParts.Kind.JAVA) {
            return IS_COMPLETE_YES;
        }
        String text = last.text();
        switch (session().completeness(Window.around(text, text.length()).text())) {
            case "complete":
                return IS_COMPLETE_YES;
            case "incomplete":
                return "    ";
            default:
                return IS_COMPLETE_BAD;
        }
    }

    /**
     * The part of a long cell that complete, inspect and is_complete analyse: JShell re-parses the
     * rest of the source for each snippet, so a 1 MB cell took more than 15 minutes. Lines around the
     * cursor (declarations earlier in a huge cell are then not seen) answer within a second.
     */
    record Window(String text, int start, int cursor) {
        static final int BEFORE = 2_000;
        static final int AFTER = 500;

        static Window around(String text, int cursor) {
            cursor = Math.max(0, Math.min(cursor, text.length()));
            if (text.length() <= BEFORE + AFTER) {
                return new Window(text, 0, cursor);
            }
            int from = Math.max(0, cursor - BEFORE);
            if (from > 0) {
                int nl = text.indexOf('\n', from);
                from = nl >= 0 && nl < cursor ? nl + 1 : from;
            }
            int to = Math.min(text.length(), cursor + AFTER);
            int nl = text.lastIndexOf('\n', to);
            to = to < text.length() && nl > cursor ? nl : to;
            return new Window(text.substring(from, to), from, cursor - from);
        }
    }

    @Override
    public void interrupt() {
        String note = session().control().stopCell();
        if (note != null) {
            execution.err().println(note);
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        return ErrorReport.lines(e, errorStyler);
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        if (session.isDone()) {
            session().control().stopCell();
            session().close();
        }
    }

    /**
     * Runs a task on the cell thread between cells: how the extension's widgets run their callbacks
     * (it sees this kernel only as an Executor, so it also loads into a stock JJava kernel). Asked
     * for while a shell request is handled, the task starts once that request's idle status is out.
     */
    @Override
    public void execute(Runnable task) {
        if (callbacksAfterMessage) {
            pendingCallbacks.add(task);
        } else {
            session().control().runBetweenCells(task);
        }
    }

    /** Callbacks asked for while a browser message is handled: started once its idle status is out. */
    private final java.util.Queue<Runnable> pendingCallbacks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean callbacksAfterMessage;

    private void startPendingCallbacks() {
        for (Runnable task; (task = pendingCallbacks.poll()) != null; ) {
            session().control().runBetweenCells(task);
        }
    }

    /** The stream that cell output goes to (the current cell's stdout while a cell runs). */
    @Override
    public PrintStream out() {
        return execution.out();
    }

    /** What the connection needs from the kernel: buffered output sent before other messages, the end of an abort. */
    public void attachTo(fr.carnets.kernel.protocol.SafeJupyterConnection connection) {
        connection.beforePublish(execution::flushOutput);
        connection.abortHooks(execution::isAborting, execution::stopAborting);
        // A widget callback's "busy" must follow the "idle" of the browser message that asked for it.
        connection.afterEachShellMessage(this::startPendingCallbacks);
        callbacksAfterMessage = true;
    }
}
