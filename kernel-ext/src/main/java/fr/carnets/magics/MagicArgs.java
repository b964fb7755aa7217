package fr.carnets.magics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one magic line, parsed once for every Carnets magic: positional words, then
 * {@code --option valeur}, {@code --option=valeur} or {@code --drapeau}.
 *
 * <p>Words are split on spaces, except inside parentheses or double quotes, so that
 * {@code Dense(20, relu)} stays one word. The kernel may already have split the line like a
 * shell: the pieces are joined back (re-quoting those that held spaces) and split again here.
 */
public final class MagicArgs {
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
            "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "var",
            "true", "false", "null", "record", "yield");

    private final String magic;
    private final List<String> positionals;
    private final Map<String, Object> options;

    private MagicArgs(String magic, List<String> positionals, Map<String, Object> options) {
        this.magic = magic;
        this.positionals = positionals;
        this.options = options;
    }

    // ------------------------------------------------------------------ splitting

    /** Joins what the kernel split, quoting again the pieces that held spaces. */
    static String join(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (a == null) continue;
            if (b.length() > 0) b.append(' ');
            boolean spaced = a.chars().anyMatch(Character::isWhitespace);
            // a piece that holds a space inside parentheses (Dense(20, relu)) needs no quotes: parentheses group it
            if (spaced && !(a.contains("(") && a.endsWith(")"))) b.append('"').append(a.replace("\"", "\\\"")).append('"');
            else b.append(a);
        }
        return b.toString();
    }

    /** Splits on spaces outside parentheses and double quotes; quotes are removed, parentheses kept. */
    public static List<String> split(String magic, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        boolean quoted = false, inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
                inWord = true;
            } else if (c == '"') {
                if (depth > 0) cur.append(c); // Dense(20, "relu"): the layer parser strips them
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && c == '(') {
                depth++;
                cur.append(c);
                inWord = true;
            } else if (!quoted && c == ')') {
                if (depth == 0) throw new MagicException("%" + magic + " : parenthèse fermante « ) » sans parenthèse ouvrante dans : " + line.strip());
                depth--;
                cur.append(c);
            } else if (Character.isWhitespace(c) && !quoted && depth == 0) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quoted) throw new MagicException("%" + magic + " : guillemet « \" » non fermé dans : " + line.strip());
        if (depth > 0) throw new MagicException("%" + magic + " : parenthèse « ( » non fermée dans : " + line.strip());
        if (inWord) out.add(cur.toString());
        return out;
    }

    // ------------------------------------------------------------------ parsing

    /** Parses the kernel's argument list against the magic's options. */
    public static MagicArgs parse(String magic, List<String> args, List<Option> spec) {
        return parseWords(magic, split(magic, join(args == null ? List.of() : args)), spec);
    }

    /** Parses a line as typed after the magic's name. */
    public static MagicArgs parse(String magic, String line, List<Option> spec) {
        return parseWords(magic, split(magic, line == null ? "" : line), spec);
    }

    static MagicArgs parseWords(String magic, List<String> words, List<Option> spec) {
        List<String> pos = new ArrayList<>();
        Map<String, Object> opts = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                pos.add(w);
                continue;
            }
            String key = w.substring(2);
            String inline = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                inline = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.equals("aide") || lower.equals("help")) {
                opts.put("aide", Boolean.TRUE);
                continue;
            }
            Option o = find(spec, lower);
            if (o == null) throw unknownOption(magic, w, spec);
            switch (o.kind) {
                case FLAG:
                    if (inline != null) {
                        throw new MagicException("%" + magic + " : --" + o.name + " ne prend pas de valeur (écrivez --" + o.name
                                + " seul).");
                    }
                    opts.put(o.name, Boolean.TRUE);
                    break;
                case WORDS: {
                    List<String> vals = new ArrayList<>();
                    if (inline != null && !inline.isEmpty()) vals.add(inline);
                    while (i + 1 < words.size() && !isOption(words.get(i + 1))) vals.add(words.get(++i));
                    if (vals.isEmpty()) throw missingValue(magic, o);
                    opts.put(o.name, Collections.unmodifiableList(vals));
                    break;
                }
                default: {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= words.size() || isOption(words.get(i + 1))) throw missingValue(magic, o);
                        v = words.get(++i);
                    }
                    if (v.isEmpty()) throw missingValue(magic, o);
                    opts.put(o.name, convert(magic, o, v));
                }
            }
        }
        return new MagicArgs(magic, Collections.unmodifiableList(pos), opts);
    }

    private static boolean isOption(String w) {
        return w.startsWith("--") && w.length() > 2;
    }

    private static Option find(List<Option> spec, String key) {
        for (Option o : spec) if (o.matches(key)) return o;
        return null;
    }

    /** A Java variable standing for a number ({@code --epochs EPOQUES}): written as is in the Java. */
    record JavaName(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A notebook parameter in capitals (EPOQUES, LOT, TETE): it may stand for a number. Lower-case
     * words stay errors, so that a typo ("--epochs trois") gets a French message, not a compile error.
     */
    static boolean isIdentifier(String w) {
        return w != null && w.matches("[A-Z_][A-Z0-9_]*") && w.chars().anyMatch(Character::isLetter);
    }

    private static Object convert(String magic, Option o, String v) {
        if ((o.kind == Option.Kind.INT || o.kind == Option.Kind.NUMBER) && isIdentifier(v)) return new JavaName(v);
        switch (o.kind) {
            case INT:
                try {
                    return Long.parseLong(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new MagicException("%" + magic + " : --" + o.name + " attend un nombre entier, pas « " + v
                            + " » (par exemple --" + o.name + " " + example(o) + ", ou un paramètre du carnet en majuscules).");
                }
            case NUMBER:
                try {
                    return Double.parseDouble(v.replace(',', '.'));
                } catch (NumberFormatException e) {
                    throw new MagicException("%" + magic + " : --" + o.name + " attend un nombre, pas « " + v
                            + " » (par exemple --" + o.name + " " + example(o) + ", ou un paramètre du carnet en majuscules).");
                }
            case NAME:
                return v;
            default:
                throw new IllegalStateException(o.kind.toString());
        }
    }

    private static String example(Option o) {
        return o.kind == Option.Kind.INT ? "3" : o.kind == Option.Kind.NUMBER ? "0.2" : o.placeholder != null ? o.placeholder : "nom";
    }

    static MagicException unknownOption(String magic, String word, List<Option> spec) {
        StringBuilder b = new StringBuilder("%" + magic + " : option inconnue « " + word + " ». ");
        if (spec.isEmpty()) {
            b.append("Cette magie n'a pas d'option");
        } else {
            b.append("Options valides : ");
            for (int i = 0; i < spec.size(); i++) b.append(i > 0 ? ", " : "").append(spec.get(i).label());
        }
        return new MagicException(b.append(" ; --aide pour l'aide complète.").toString());
    }

    static MagicException missingValue(String magic, Option o) {
        return new MagicException("%" + magic + " : l'option --" + o.name + " attend " + o.expected() + " après elle, par exemple --"
                + o.name + " " + example(o) + ".");
    }

    // ------------------------------------------------------------------ reading

    public String magic() {
        return magic;
    }

    public List<String> positionals() {
        return positionals;
    }

    /** The i-th positional word, or {@code fallback} when absent. */
    public String positional(int i, String fallback) {
        return i < positionals.size() ? positionals.get(i) : fallback;
    }

    public boolean has(String option) {
        return options.containsKey(option);
    }

    public boolean flag(String option) {
        return Boolean.TRUE.equals(options.get(option));
    }

    public boolean wantsHelp() {
        return flag("aide");
    }

    public String name(String option, String fallback) {
        Object v = options.get(option);
        return v == null ? fallback : (String) v;
    }

    public Long integer(String option) {
        return (Long) literal(option);
    }

    public Double number(String option) {
        return (Double) literal(option);
    }

    private Object literal(String option) {
        Object v = options.get(option);
        if (v instanceof JavaName n) {
            throw new MagicException("%" + magic + " : --" + option + " attend ici un nombre écrit en chiffres, pas la variable « " + n.name() + " ».");
        }
        return v;
    }

    /** The option's value as Java source: the number, or the variable standing for it. */
    public String code(String option) {
        Object v = options.get(option);
        return v == null ? null : String.valueOf(v);
    }

    /** Same, for a {@code long} argument: {@code 7L}, or the variable. */
    public String codeLong(String option) {
        Object v = options.get(option);
        return v == null ? null : v instanceof JavaName ? v.toString() : v + "L";
    }

    @SuppressWarnings("unchecked")
    public List<String> words(String option) {
        Object v = options.get(option);
        return v == null ? List.of() : (List<String>) v;
    }

    /** Checks that a word can name a Java variable; says why not in French. */
    public String identifier(String word, String role) {
        if (word == null || word.isEmpty()) throw new MagicException("%" + magic + " : il manque " + role + ".");
        boolean ok = Character.isJavaIdentifierStart(word.charAt(0)) && word.chars().allMatch(Character::isJavaIdentifierPart);
        if (!ok || JAVA_KEYWORDS.contains(word)) {
            throw new MagicException("%" + magic + " : « " + word + " » ne peut pas être un nom de variable Java (" + role
                    + ") : lettres, chiffres et _, sans commencer par un chiffre, et pas un mot réservé.");
        }
        return word;
    }

    /** Fails when there are more positional words than the magic takes. */
    public void atMost(int n, String usage) {
        if (positionals.size() > n) {
            throw new MagicException("%" + magic + " : trop d'arguments (" + String.join(" ", positionals.subList(n, positionals.size()))
                    + " en trop). Forme attendue : " + usage);
        }
    }
}
