package fr.carnets.kernel.exec;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.doctree.ThrowsTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Javadoc read from sources that travel in their jar, under {@value #ROOT} (kernel-ext ships its
 * own there; not where javac looks for sources). JShell 17 reads Javadoc from the JDK's
 * {@code src.zip} alone, so Shift+Tab on the course's API showed bare signatures.
 */
final class SourceDocs {

    static final String ROOT = "META-INF/sources/";

    private final ClassLoader loader;
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    /** Parsed sources by resource path; empty when the jar has none. */
    private final Map<String, Optional<Parsed>> sources = new HashMap<>();

    private record Parsed(CompilationUnitTree unit, DocTrees docs) {
    }

    SourceDocs(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The Javadoc of what a JShell signature names ({@link #lookup}), as text, or "" when its source is not there.
     */
    synchronized String javadoc(String signature, List<String> imports) {
        try {
            Found f = lookup(signature, imports);
            DocCommentTree doc = f == null ? null : f.parsed().docs().getDocCommentTree(TreePath.getPath(f.parsed().unit(), f.tree()));
            return doc == null ? "" : text(doc);
        } catch (RuntimeException e) {
            return ""; // odd signature or source: no Javadoc
        }
    }

    /**
     * JShell's signature with the parameters as our source writes them ({@code fit(INDArray x, INDArray y, FitOptions o)}):
     * JShell 25 gives fully qualified types without names where JShell 17 gave both. Unchanged when the
     * source is not there.
     */
    synchronized String signature(String signature, List<String> imports) {
        try {
            Found f = lookup(signature, imports);
            if (f != null && f.tree() instanceof MethodTree m) {
                String s = withoutRecordHeaders(signature);
                String params = m.getParameters().stream().map(v -> v.toString().replaceFirst("^final ", ""))
                        .collect(java.util.stream.Collectors.joining(", "));
                return s.substring(0, s.indexOf('(') + 1) + params + ")";
            }
        } catch (RuntimeException e) {
            // odd signature or source: JShell's own
        }
        return signature;
    }

    /** A class or member found in a shipped source. */
    private record Found(Parsed parsed, Tree tree) {
    }

    /**
     * What a JShell signature names. Signatures look like {@code FitOptions FitOptions.epochs(int epochs)} (method),
     * {@code fr.carnets.dl.models.Sequential(KerasLayer... layers)} (constructor) or {@code fr.carnets.dl.training.Fit}
     * (class); a simple class name is found through the session's imports; overloads by their number of parameters.
     */
    private Found lookup(String signature, List<String> imports) {
        signature = withoutRecordHeaders(signature);
        int paren = signature.indexOf('(');
        String head = paren < 0 ? signature.strip() : signature.substring(0, paren).strip();
        if (head.contains(":")) {
            return null; // a field or a variable
        }
        String name = head.substring(head.lastIndexOf(' ') + 1);
        boolean constructor = paren >= 0 && !head.contains(" ");
        String owner = paren < 0 || constructor ? name : name.substring(0, Math.max(0, name.lastIndexOf('.')));
        String member = paren < 0 ? null : constructor ? "<init>" : name.substring(name.lastIndexOf('.') + 1);
        int arity = paren < 0 ? 0 : arity(signature.substring(paren + 1, closing(signature, paren)));
        for (String candidate : candidates(owner, imports)) {
            Found f = find(candidate, member, arity);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * The signature without a record's components after its name: JShell 25 writes a static method
     * of a record as {@code ClassSubset ClassSubset(INDArray x, INDArray y).of(INDArray x, ...)},
     * where JShell 17 wrote {@code ClassSubset ClassSubset.of(INDArray x, ...)}.
     */
    static String withoutRecordHeaders(String signature) {
        String s = signature;
        for (int open = s.indexOf('('); open >= 0; open = s.indexOf('(', open)) {
            int close = closing(s, open);
            if (close + 1 >= s.length() || s.charAt(close + 1) != '.') break;
            s = s.substring(0, open) + s.substring(close + 1);
        }
        return s;
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    /** The number of parameters in a parameter list, commas inside generics not counted. */
    private static int arity(String params) {
        if (params.isBlank()) {
            return 0;
        }
        int n = 1;
        int depth = 0;
        for (char c : params.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                n++;
            }
        }
        return n;
    }

    /** Full names the owner may have: itself when qualified, else through each import. */
    private static List<String> candidates(String owner, List<String> imports) {
        List<String> out = new ArrayList<>();
        if (!owner.isEmpty() && Character.isLowerCase(owner.charAt(0))) {
            out.add(owner);
            return out;
        }
        String top = owner.contains(".") ? owner.substring(0, owner.indexOf('.')) : owner;
        for (String imp : imports) {
            if (imp.endsWith(".*")) {
                out.add(imp.substring(0, imp.length() - 1) + owner);
            } else if (imp.endsWith("." + top)) {
                out.add(imp.substring(0, imp.length() - top.length()) + owner);
            }
        }
        return out;
    }

    /** A member (or the class when member is null) of a class given by its full (possibly nested) name, or null. */
    private Found find(String fullName, String member, int arity) {
        String[] parts = fullName.split("\\.");
        for (int top = parts.length; top > 0; top--) {
            if (!Character.isUpperCase(parts[top - 1].charAt(0))) {
                break;
            }
            String path = ROOT + String.join("/", java.util.Arrays.copyOfRange(parts, 0, top)) + ".java";
            Optional<Parsed> parsed = sources.computeIfAbsent(path, this::parse);
            if (parsed.isEmpty()) {
                continue;
            }
            Tree found = type(parsed.get().unit(), java.util.Arrays.copyOfRange(parts, top - 1, parts.length));
            if (found instanceof ClassTree c && member != null) {
                found = c.getMembers().stream().filter(m -> m instanceof MethodTree mt && mt.getName().contentEquals(member)
                        && mt.getParameters().size() == arity).findFirst().orElse(null);
            }
            if (found != null) {
                return new Found(parsed.get(), found);
            }
        }
        return null;
    }

    /** The class named by the path of simple names (top-level first) in a source, or null. */
    private static ClassTree type(CompilationUnitTree unit, String[] names) {
        List<? extends Tree> members = unit.getTypeDecls();
        ClassTree found = null;
        for (String n : names) {
            found = null;
            for (Tree t : members) {
                if (t instanceof ClassTree c && c.getSimpleName().contentEquals(n)) {
                    found = c;
                }
            }
            if (found == null) {
                return null;
            }
            members = found.getMembers();
        }
        return found;
    }

    private Optional<Parsed> parse(String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
            for (CompilationUnitTree unit : task.parse()) {
                return Optional.of(new Parsed(unit, DocTrees.instance(task)));
            }
        } catch (IOException | RuntimeException e) {
            // no Javadoc from this source
        }
        return Optional.empty();
    }

    /** A doc comment as plain text: the description, then parameters, result and exceptions. */
    private static String text(DocCommentTree doc) {
        StringBuilder b = new StringBuilder(inline(doc.getFullBody()).strip());
        List<String> params = new ArrayList<>();
        String result = null;
        List<String> exceptions = new ArrayList<>();
        for (DocTree tag : doc.getBlockTags()) {
            if (tag instanceof ParamTree p) {
                params.add(p.getName() + " : " + inline(p.getDescription()).strip());
            } else if (tag instanceof ReturnTree r) {
                result = inline(r.getDescription()).strip();
            } else if (tag instanceof ThrowsTree t) {
                exceptions.add(t.getExceptionName() + " : " + inline(t.getDescription()).strip());
            }
        }
        if (!params.isEmpty()) {
            b.append("\n\nParamètres :");
            params.forEach(p -> b.append("\n  ").append(p));
        }
        if (result != null && !result.isEmpty()) {
            b.append("\n\nRenvoie : ").append(result);
        }
        if (!exceptions.isEmpty()) {
            b.append("\n\nExceptions :");
            exceptions.forEach(e -> b.append("\n  ").append(e));
        }
        return b.toString().strip();
    }

    private static String inline(List<? extends DocTree> trees) {
        StringBuilder b = new StringBuilder();
        for (DocTree t : trees) {
            if (t instanceof TextTree text) {
                b.append(text.getBody());
            } else if (t instanceof LiteralTree lit) {
                b.append(lit.getBody().getBody());
            } else if (t instanceof LinkTree link) {
                b.append(link.getLabel().isEmpty() ? link.getReference().getSignature().replace('#', '.') : inline(link.getLabel()));
            } else if (t instanceof StartElementTree e) {
                String tag = e.getName().toString().toLowerCase(java.util.Locale.ROOT);
                b.append(tag.equals("p") ? "\n\n" : tag.equals("li") ? "\n- " : tag.equals("pre") || tag.equals("br") ? "\n" : "");
            } else if (t instanceof EntityTree entity) {
                String n = entity.getName().toString();
                b.append(n.equals("lt") ? "<" : n.equals("gt") ? ">" : n.equals("amp") ? "&" : n.equals("nbsp") ? " " : "&" + n + ";");
            } else if (t.getKind() != DocTree.Kind.END_ELEMENT) {
                b.append(t);
            }
        }
        return b.toString();
    }
}
