package fr.carnets.magics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Carnets magic: a short form of the Java API. It turns its arguments into Java source (the
 * "Équivalent Java" printed for the learner), runs that source through the kernel, then shows
 * what the Java would show. There is no second implementation: the magic only writes Java.
 */
public abstract class CarnetsMagic {
    private final Spec spec;

    protected CarnetsMagic(Spec spec) {
        this.spec = spec;
    }

    /** Names, summary, arguments, options, example and details, declared once. */
    public Spec spec() {
        return spec;
    }

    /** The French name; the aliases are in {@link Spec#names()}. */
    public String name() {
        return spec.name();
    }

    /** The Java this magic runs for these arguments, step by step. */
    public abstract List<Step> steps(MagicLine args);

    /**
     * The Java for these arguments in this session. A magic that must know what a variable holds
     * (an array set or a stream of mini-batches) asks the session here; the default does not ask.
     */
    public List<Step> steps(MagicLine args, Session session) {
        return steps(args);
    }

    /** Whether a variable of the session holds a stream of mini-batches (a DataSetIterator). */
    static boolean isStream(Session session, String variable) {
        try {
            return session.eval(variable) instanceof org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
        } catch (RuntimeException e) {
            return false; // unknown variable: the Java that follows says so in the kernel's words
        }
    }

    public MagicLine parse(List<String> words) {
        return MagicLine.parse(spec, words);
    }

    /** The Java source for these words (as the kernel splits them), as printed. */
    public String java(List<String> words) {
        return javaOf(steps(parse(words)));
    }

    static String javaOf(List<Step> steps) {
        List<String> lines = new ArrayList<>();
        for (Step s : steps) lines.add(s.java());
        return String.join("\n", lines);
    }

    /** Runs the magic: parse, print the Java equivalent, evaluate it step by step. */
    public Object run(Session session, List<String> rawArgs) {
        MagicLine args = parse(rawArgs);
        if (args.wantsHelp()) {
            session.print(help());
            return null;
        }
        List<Step> steps = steps(args, session);
        session.print("Équivalent Java :\n" + indent(javaOf(steps)));
        Object result = null;
        for (Step s : steps) {
            Object v = session.eval(s.java());
            switch (s.use()) {
                case SHOW -> session.display(v);
                case RESULT -> result = v;
                case CUSTOM -> {
                    Object r = s.then().apply(v, session);
                    if (r != null) result = r;
                }
                default -> { }
            }
        }
        return result;
    }

    static String indent(String code) {
        return "    " + code.replace("\n", "\n    ");
    }

    /** Full help, derived from the declaration. */
    public String help() {
        return spec.help();
    }

    // ------------------------------------------------------------------ completion and inspect

    /**
     * Completions of the word being typed at the end of {@code args} (the line after the magic's
     * name, up to the cursor): the options with their aliases, or what the placeholder at that place
     * stands for, read from the usage and the options ({@link Placeholders}). {@code variables} names
     * the session's variables whose value passes a test.
     */
    public List<String> complete(String args, Function<Predicate<Object>, List<String>> variables) {
        String word = partialWord(args);
        List<String> before = words(args.substring(0, args.length() - word.length()));
        Set<String> found = new LinkedHashSet<>();
        if (word.startsWith("-")) {
            for (Option o : spec.options()) {
                found.add("--" + o.name());
                o.aliases().forEach(alias -> found.add("--" + alias));
            }
            found.add("--aide");
        } else {
            for (String placeholder : placeholdersAfter(before)) found.addAll(candidates(placeholder, variables));
        }
        return startingWith(found, word);
    }

    /** What may be written in place of a placeholder of this magic's usage or options. */
    List<String> candidates(String placeholder, Function<Predicate<Object>, List<String>> variables) {
        return Placeholders.candidates(placeholder, variables);
    }

    /** The placeholders the next word stands for after these words: a value of the option before, or the next argument. */
    Set<String> placeholdersAfter(List<String> before) {
        int positional = 0;
        for (int i = 0; i < before.size(); i++) {
            String w = before.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                positional++;
                continue;
            }
            Option o = option(w.substring(2));
            if (o == null || w.contains("=") || o.kind() == Option.Kind.FLAG) continue;
            int values = 0;
            while (i + 1 < before.size() && !before.get(i + 1).startsWith("--") && (values == 0 || o.kind() == Option.Kind.WORDS)) {
                i++;
                values++;
            }
            if (i == before.size() - 1 && (values == 0 || o.kind() == Option.Kind.WORDS)) {
                return Placeholders.at(o.placeholder() == null ? "" : o.placeholder(), values);
            }
        }
        return Placeholders.at(spec.arguments(), positional);
    }

    private Option option(String key) {
        for (Option o : spec.options()) if (o.matches(key.toLowerCase(Locale.ROOT))) return o;
        return null;
    }

    /**
     * The word completions replace: what follows the last space, parenthesis, comma, equals sign or
     * quote (the kernel cuts the line the same way).
     */
    static String partialWord(String args) {
        int i = args.length();
        while (i > 0 && "(),=\"".indexOf(args.charAt(i - 1)) < 0 && !Character.isWhitespace(args.charAt(i - 1))) i--;
        return args.substring(i);
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /** The candidates that start with the word typed, ignoring case, in their order. */
    static List<String> startingWith(java.util.Collection<String> candidates, String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(w)).distinct().toList();
    }

    /** Shift+Tab on the magic: its help, then the Java this line stands for (the example's while the line is unfinished). */
    public String inspect(List<String> words) {
        String of = "de cette ligne";
        String java = javaOrEmpty(words);
        if (java.isBlank()) {
            List<String> example = words(spec.example());
            java = javaOrEmpty(example.subList(Math.min(1, example.size()), example.size()));
            of = "de l'exemple " + spec.example();
        }
        return java.isBlank() ? help() : help() + "\nÉquivalent Java " + of + " :\n" + indent(java) + "\n";
    }

    private String javaOrEmpty(List<String> words) {
        try {
            return words.isEmpty() ? "" : java(words);
        } catch (RuntimeException e) {
            return ""; // the line does not make a valid call yet
        }
    }

    // ------------------------------------------------------------------ shared helpers

    /** x and y of a data argument: a TrainTest variable (its train or test part) or two variables x y. */
    static String[] data(MagicLine a, int from, boolean test) {
        List<String> p = a.positionals();
        int n = p.size() - from;
        if (n <= 0) {
            return new String[] {a.identifier("data", "les données") + (test ? ".xTest" : ".xTrain"),
                "data" + (test ? ".yTest" : ".yTrain"), "data"};
        }
        if (n == 1) {
            String d = a.identifier(p.get(from), "les données (une variable chargée par %donnees)");
            return new String[] {d + (test ? ".xTest" : ".xTrain"), d + (test ? ".yTest" : ".yTrain"), d};
        }
        if (n == 2) {
            return new String[] {a.identifier(p.get(from), "les entrées x"), a.identifier(p.get(from + 1), "les étiquettes y"), null};
        }
        a.atMost(from + 2);
        return null;
    }

    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) return String.valueOf((long) d) + ".0";
        return String.valueOf(d);
    }

    static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
