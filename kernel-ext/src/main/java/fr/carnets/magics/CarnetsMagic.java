package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

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
    public abstract List<Step> steps(MagicArgs args);

    /**
     * The Java for these arguments in this session. A magic that must know what a variable holds
     * (an array set or a stream of mini-batches) asks the session here; the default does not ask.
     */
    public List<Step> steps(MagicArgs args, Session session) {
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

    public MagicArgs parse(List<String> words) {
        return MagicArgs.parse(spec, words);
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
        MagicArgs args = parse(rawArgs);
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

    // ------------------------------------------------------------------ shared helpers

    /** x and y of a data argument: a TrainTest variable (its train or test part) or two variables x y. */
    static String[] data(MagicArgs a, int from, boolean test) {
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
