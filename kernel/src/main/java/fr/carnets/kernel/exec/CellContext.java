package fr.carnets.kernel.exec;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What completion and inspect see of the cell above the cursor. JShell analyses one snippet at a
 * time against the session, so what a cell declared was invisible until the cell had run. Here
 * the cell's earlier snippets are only parsed (never compiled into the session, never run) and
 * rewritten as source that JShell's analysis reads together with the snippet holding the cursor:
 *
 * <pre>
 * class $CarnetsCell {
 *     int twice(int x) { return 2 * x; }      // the cell's methods and types, as members
 *     record Point(int x, int y) {}
 *     {                                        // an initializer block: locals and var are legal
 *         var m = new ArrayList&lt;String&gt;();
 *         String s = "a";
 *         m.ad                                 // the snippet holding the cursor
 * </pre>
 *
 * A later declaration of a name replaces an earlier one (as running the cell would); statements
 * that declare nothing and snippets that do not parse are left out. A local of the cell hides a
 * session variable of the same name, a method or type of the cell hides the session's. The cell's
 * own imports are applied by writing the class names they bring in full. Limits: the body of a
 * method being typed does not see the cell's variables (it sees the session's); a name imported by
 * the cell is not seen on the cursor's own snippet, nor through a static import.
 */
final class CellContext {

    /** The class that holds the cell's declarations; completions naming it are not shown. */
    static final String CLASS = "$CarnetsCell";

    /** Source to analyse before the cursor's snippet, and the names of the cell's own variables. */
    record Prefix(String text, Set<String> variables) {
        static final Prefix NONE = new Prefix("", Set.of());
    }

    private enum Kind { MEMBER, LOCAL, IMPORT, OTHER }

    /** One earlier snippet: what it is, and the names it declares ("v:x", "t:Point", "m:twice(int)", "i:java.util.concurrent.*"). */
    private record Declaration(Kind kind, String text, List<String> keys, Set<String> uses) {
        static final Declaration NOTHING = new Declaration(Kind.OTHER, "", List.of(), Set.of());

        Declaration(Kind kind, String text, List<String> keys) {
            this(kind, text, keys, identifiers(text));
        }

        /** Whether it declares one of these names, or a name that starts with {@code typed} (never when typed is null). */
        boolean declaresAny(Set<String> names, String typed) {
            return keys.stream().map(Declaration::name).anyMatch(n -> names.contains(n) || typed != null && n.startsWith(typed));
        }

        /** "m:twice(int)" → "twice". */
        static String name(String key) {
            int paren = key.indexOf('(');
            return key.substring(2, paren < 0 ? key.length() : paren);
        }
    }

    private static final Set<String> KEYWORDS = Set.of("return", "new", "throw", "else", "case", "yield", "assert", "do",
            "if", "while", "for", "switch", "try", "catch", "finally", "instanceof", "synchronized", "var", "this", "super");
    private static final String ANNOTATIONS = "(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*";
    private static final Pattern TYPE_HEAD = Pattern.compile("\\s*" + ANNOTATIONS
            + "(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s");
    private static final Pattern METHOD_HEAD = Pattern.compile("\\s*" + ANNOTATIONS
            + "(?:(?:public|protected|private|static|final|abstract|synchronized|native|strictfp|default)\\s+)*(?:<[^>]*>\\s*)?"
            + "([\\w.$]+)(?:\\s*<[^=;{}()]*>)?(?:\\s*\\[\\s*])*\\s+[\\w$]+\\s*\\(");

    private static final Pattern IMPORT = Pattern.compile("\\s*import\\s+(static\\s+)?([\\w.$]+?)(\\.\\*)?\\s*;\\s*");

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    /** Whether a class of that binary name exists for the cells (found without initialising it). */
    private final Predicate<String> classExists;
    private final Map<String, Boolean> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 5_000;
        }
    };
    private final StandardJavaFileManager fileManager = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    /** Parsed snippets by source: Tab after Tab in the same cell parses only what changed. */
    private final Map<String, Declaration> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Declaration> eldest) {
            return size() > 1_000;
        }
    };

    CellContext(Predicate<String> classExists) {
        this.classExists = classExists;
    }

    /**
     * The source that makes the cell's earlier declarations visible to the snippet {@code current}
     * (its text up to the cursor), or {@link Prefix#NONE} when they declare nothing it can use.
     * Only what the snippet names is kept, with what those declarations name in turn, and the
     * declarations whose name starts with the word being typed: javac then attributes a few
     * declarations, not the whole cell (a 30-line cell took twice as long otherwise).
     */
    synchronized Prefix prefix(List<String> earlier, String current) {
        List<Declaration> declared = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        classifyAll(earlier);
        for (int i = earlier.size() - 1; i >= 0; i--) {
            Declaration d = parsed.getOrDefault(earlier.get(i), Declaration.NOTHING);
            if (d.kind() != Kind.OTHER && !seen.containsAll(d.keys())) {
                declared.add(0, d); // the last declaration of a name wins, as when the cell runs
            }
            seen.addAll(d.keys());
        }
        List<Declaration> kept = needed(declared, current);
        if (kept.stream().allMatch(d -> d.kind() == Kind.IMPORT)) {
            return Prefix.NONE;
        }
        List<String> imports = kept.stream().filter(d -> d.kind() == Kind.IMPORT).map(d -> d.keys().get(0).substring(2)).toList();
        StringBuilder b = new StringBuilder("class ").append(CLASS).append(" {\n");
        kept.stream().filter(d -> d.kind() == Kind.MEMBER).forEach(d -> b.append(qualified(d.text(), imports)).append('\n'));
        Set<String> variables = new HashSet<>();
        if (!declaresMember(current)) {
            b.append("{\n");
            kept.stream().filter(d -> d.kind() == Kind.LOCAL).forEach(d -> {
                b.append(qualified(d.text(), imports)).append('\n');
                d.keys().forEach(k -> variables.add(k.substring(2)));
            });
        }
        return new Prefix(b.toString(), variables);
    }

    /**
     * Declarations with the class names that the cell's own imports bring written in full: JShell's
     * analysis knows only the session's imports, and an import of the cell has not run.
     * ({@code import java.util.concurrent.atomic.*;} then {@code var a = new AtomicInteger();}).
     * Static imports are not handled.
     */
    private String qualified(String code, List<String> imports) {
        if (imports.isEmpty()) {
            return code;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < code.length()) {
            int skipped = JavaSession.endOfCommentOrLiteral(code, i);
            if (skipped != i) {
                int end = skipped < 0 ? code.length() : skipped + 1;
                out.append(code, i, end);
                i = end;
                continue;
            }
            if (!Character.isJavaIdentifierStart(code.charAt(i))) {
                out.append(code.charAt(i++));
                continue;
            }
            int end = i;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++;
            }
            String name = code.substring(i, end);
            String before = out.toString().stripTrailing();
            String full = before.endsWith(".") || !Character.isUpperCase(name.charAt(0)) ? null : imported(name, imports);
            out.append(full != null ? full : name);
            i = end;
        }
        return out.toString();
    }

    /** The full name a cell's import gives a class name, or null. */
    private String imported(String simpleName, List<String> imports) {
        for (String imp : imports) {
            if (imp.endsWith("." + simpleName)) {
                return imp;
            }
        }
        for (String imp : imports) {
            if (imp.endsWith(".*")) {
                String full = imp.substring(0, imp.length() - 1) + simpleName;
                if (known.computeIfAbsent(full, classExists::test)) {
                    return full;
                }
            }
        }
        return null;
    }

    /** The declarations the snippet can use: those it names, those they name, and those named like the word typed. */
    private static List<Declaration> needed(List<Declaration> declared, String current) {
        Set<String> wanted = new HashSet<>(identifiers(current));
        int start = JavaSession.wordStart(current, current.length());
        String before = current.substring(0, start).stripTrailing();
        // A word after a dot names a member; a word on its own may be any name in scope, so all start with it.
        String typed = before.endsWith(".") ? null : current.substring(start);
        List<Declaration> kept = new ArrayList<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Declaration d : declared) {
                if (!kept.contains(d) && (d.kind() == Kind.IMPORT || d.declaresAny(wanted, typed))) {
                    kept.add(d);
                    wanted.addAll(d.uses());
                    grew = true;
                }
            }
        }
        kept.sort(java.util.Comparator.comparingInt(declared::indexOf));
        return kept;
    }

    /** The identifiers of Java source, outside comments and literals. */
    static Set<String> identifiers(String code) {
        Set<String> out = new HashSet<>();
        int i = 0;
        while (i < code.length()) {
            int skipped = JavaSession.endOfCommentOrLiteral(code, i);
            if (skipped != i) {
                i = skipped < 0 ? code.length() : skipped + 1;
            } else if (Character.isJavaIdentifierStart(code.charAt(i))) {
                int end = JavaSession.wordEnd(code, i);
                out.add(code.substring(i, end));
                i = end;
            } else {
                i++;
            }
        }
        return out;
    }

    /** Whether code (possibly unfinished) starts a method or type declaration, which belongs among members. */
    static boolean declaresMember(String code) {
        if (TYPE_HEAD.matcher(code).lookingAt()) {
            return true;
        }
        Matcher m = METHOD_HEAD.matcher(code);
        return m.lookingAt() && !KEYWORDS.contains(m.group(1));
    }

    /**
     * What each snippet declares, read by javac's parser alone; a snippet that does not parse declares
     * nothing. All snippets not seen yet are parsed in one javac task (then those that are not
     * statements in a second one, as members): a task per snippet cost seconds on the first Tab.
     */
    private void classifyAll(List<String> snippets) {
        List<String> todo = new ArrayList<>();
        for (String snippet : snippets) {
            if (parsed.containsKey(snippet) || todo.contains(snippet)) {
                continue;
            }
            Matcher imp = IMPORT.matcher(snippet);
            if (snippet.isBlank() || imp.matches()) {
                parsed.put(snippet, snippet.isBlank() || imp.group(1) != null ? Declaration.NOTHING
                        : new Declaration(Kind.IMPORT, snippet, List.of("i:" + imp.group(2) + (imp.group(3) == null ? "" : ".*"))));
            } else {
                todo.add(snippet);
            }
        }
        // As statements: variables, local classes and records.
        Map<String, CompilationUnitTree> statements = parseEach(todo, t -> "class $P { void $m() {\n" + t + "\n} }");
        List<String> others = new ArrayList<>();
        for (String snippet : todo) {
            CompilationUnitTree unit = statements.get(snippet);
            if (unit == null) {
                others.add(snippet);
                continue;
            }
            List<String> keys = new ArrayList<>();
            Declaration d = null;
            MethodTree m = (MethodTree) ((ClassTree) unit.getTypeDecls().get(0)).getMembers().get(0);
            for (StatementTree st : m.getBody().getStatements()) {
                if (st instanceof ClassTree c) {
                    d = new Declaration(Kind.MEMBER, snippet, List.of("t:" + c.getSimpleName()));
                    break;
                }
                if (st instanceof VariableTree v) {
                    keys.add("v:" + v.getName());
                }
            }
            parsed.put(snippet, d != null ? d : keys.isEmpty() ? Declaration.NOTHING : new Declaration(Kind.LOCAL, snippet, keys));
        }
        // As members: methods (JShell's top-level methods).
        Map<String, CompilationUnitTree> members = parseEach(others, t -> "class $P {\n" + t + "\n}");
        for (String snippet : others) {
            CompilationUnitTree unit = members.get(snippet);
            List<String> keys = new ArrayList<>();
            for (Tree t : unit == null ? List.<Tree>of() : ((ClassTree) unit.getTypeDecls().get(0)).getMembers()) {
                if (t instanceof MethodTree m) {
                    keys.add("m:" + m.getName() + m.getParameters().stream().map(p -> String.valueOf(p.getType()))
                            .collect(Collectors.joining(",", "(", ")")));
                } else if (t instanceof ClassTree c) {
                    keys.add("t:" + c.getSimpleName());
                }
            }
            parsed.put(snippet, keys.isEmpty() ? Declaration.NOTHING : new Declaration(Kind.MEMBER, snippet, keys));
        }
    }

    /** The parse tree of each snippet once wrapped, in one javac task; a snippet whose source has an error is absent. */
    private Map<String, CompilationUnitTree> parseEach(List<String> snippets, java.util.function.UnaryOperator<String> wrap) {
        Map<String, CompilationUnitTree> out = new java.util.HashMap<>();
        if (snippets.isEmpty()) {
            return out;
        }
        List<JavaFileObject> files = new ArrayList<>();
        // By URI: javac hands back its own wrappers of the file objects it was given.
        Map<URI, String> snippetOf = new java.util.HashMap<>();
        for (int i = 0; i < snippets.size(); i++) {
            String source = wrap.apply(snippets.get(i));
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///S" + i + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            files.add(file);
            snippetOf.put(file.toUri(), snippets.get(i));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try {
            JavacTask task = (JavacTask) javac.getTask(null, fileManager, diagnostics, List.of("-proc:none"), null, files);
            for (CompilationUnitTree unit : task.parse()) {
                if (!unit.getTypeDecls().isEmpty()) {
                    out.put(snippetOf.get(unit.getSourceFile().toUri()), unit);
                }
            }
        } catch (java.io.IOException | RuntimeException | StackOverflowError e) {
            return new java.util.HashMap<>(); // javac's own failure on odd code: these snippets are left out
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                out.remove(d.getSource() == null ? null : snippetOf.get(d.getSource().toUri()));
            }
        }
        return out;
    }
}
