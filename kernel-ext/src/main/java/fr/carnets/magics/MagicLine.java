package fr.carnets.magics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one magic line, read against the magic's {@link Spec}: positional words, then
 * {@code --option valeur}, {@code --option=valeur} or {@code --drapeau}. The words are the
 * kernel's; only parentheses that held spaces are put back together ({@link #regroup}).
 */
public final class MagicLine {
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
            "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "var",
            "true", "false", "null", "record", "yield");

    private final Spec spec;
    private final String magic;
    private final List<String> positionals;
    private final Map<String, Object> options;

    private MagicLine(Spec spec, List<String> positionals, Map<String, Object> options) {
        this.spec = spec;
        this.magic = spec.name();
        this.positionals = positionals;
        this.options = options;
    }

    // ------------------------------------------------------------------ parsing

    /**
     * The kernel already split the line like a shell (quotes group, and are gone). Only a layer
     * written with spaces inside its parentheses, {@code Dense(20, relu)}, arrives in pieces:
     * they are put back together here.
     */
    static List<String> regroup(String magic, List<String> words) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (String w : words) {
            if (w == null) continue;
            if (depth > 0) cur.append(' ');
            cur.append(w);
            for (char c : w.toCharArray()) {
                if (c == '(') depth++;
                else if (c == ')' && --depth < 0) {
                    throw new MagicException("%" + magic + " : parenthèse fermante « ) » sans parenthèse ouvrante dans « " + cur + " ».");
                }
            }
            if (depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (depth > 0) throw new MagicException("%" + magic + " : parenthèse « ( » non fermée dans « " + cur + " ».");
        return out;
    }

    /** Parses the words the kernel gives a magic against its declaration. */
    public static MagicLine parse(Spec spec, List<String> words) {
        return parseWords(spec, regroup(spec.name(), words == null ? List.of() : words));
    }

    static MagicLine parseWords(Spec declared, List<String> words) {
        String magic = declared.name();
        List<Option> spec = declared.options();
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
            switch (o.kind()) {
                case FLAG -> {
                    if (inline != null) {
                        throw new MagicException("%" + magic + " : --" + o.name() + " ne prend pas de valeur (écrivez --" + o.name()
                                + " seul).");
                    }
                    opts.put(o.name(), Boolean.TRUE);
                }
                case WORDS -> {
                    List<String> vals = new ArrayList<>();
                    if (inline != null && !inline.isEmpty()) vals.add(inline);
                    while (i + 1 < words.size() && !isOption(words.get(i + 1))) vals.add(words.get(++i));
                    if (vals.isEmpty()) throw missingValue(magic, o);
                    opts.put(o.name(), Collections.unmodifiableList(vals));
                }
                default -> {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= words.size() || isOption(words.get(i + 1))) throw missingValue(magic, o);
                        v = words.get(++i);
                    }
                    if (v.isEmpty()) throw missingValue(magic, o);
                    opts.put(o.name(), convert(magic, o, v));
                }
            }
        }
        return new MagicLine(declared, Collections.unmodifiableList(pos), opts);
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
        if ((o.kind() == Option.Kind.INT || o.kind() == Option.Kind.NUMBER) && isIdentifier(v)) return new JavaName(v);
        try {
            return switch (o.kind()) {
                case INT -> Long.parseLong(v.replace("_", ""));
                case NUMBER -> Double.parseDouble(v.replace(',', '.'));
                default -> v;
            };
        } catch (NumberFormatException e) {
            throw new MagicException("%" + magic + " : --" + o.name() + " attend " + (o.kind() == Option.Kind.INT ? "un nombre entier" : "un nombre")
                    + ", pas « " + v + " » (par exemple --" + o.name() + " " + o.sample() + ", ou un paramètre du carnet en majuscules).");
        }
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
        return new MagicException("%" + magic + " : l'option --" + o.name() + " attend " + o.expected() + " après elle, par exemple --"
                + o.name() + " " + o.sample() + ".");
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
        return options.get(option) instanceof String v ? v : fallback;
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

    /** Fails when there are more positional words than the magic takes, showing its usage. */
    public void atMost(int n) {
        if (positionals.size() > n) {
            throw new MagicException("%" + magic + " : trop d'arguments (" + String.join(" ", positionals.subList(n, positionals.size()))
                    + " en trop). Forme attendue : " + spec.usage());
        }
    }

    /** The magic's declaration. */
    public Spec spec() {
        return spec;
    }
}
