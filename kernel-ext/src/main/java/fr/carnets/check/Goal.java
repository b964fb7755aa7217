package fr.carnets.check;

import java.util.Locale;

/**
 * Checks that give hints, not answers, and checks of measured results against a target.
 * <pre>
 * Goal.equal(petit.countParams(), 5258, "le nombre de paramètres", "comptez couche par couche : f × f × canaux + 1 par filtre");
 * Goal.reach(exactitude, 0.97, "l'exactitude en test");           // says how many points are missing
 * Goal.under(modele.countParams(), 16_144, "le nombre de paramètres");
 * </pre>
 * A wrong answer is told whether it is too high or too low, never the expected value.
 */
public final class Goal {
    private Goal() {}

    /** An exact whole number, kept secret: the message says "trop grand" or "trop petit" and gives the hint. */
    public static boolean equal(long actual, long expected, String what, String hint) {
        return Check.report(equalVerdict(actual, expected, what, hint));
    }

    /** A decimal value within {@code tolerance}, kept secret likewise. */
    public static boolean equal(double actual, double expected, double tolerance, String what, String hint) {
        return Check.report(closeVerdict(actual, expected, tolerance, what, hint));
    }

    /** A measured fraction (an accuracy) must reach {@code target}: says by how many points it does or falls short. */
    public static boolean reach(double value, double target, String what) {
        return Check.report(reachVerdict(value, target, what));
    }

    /** A count (parameters) must stay strictly under {@code limit}: says how many too many. */
    public static boolean under(long value, long limit, String what) {
        return Check.report(underVerdict(value, limit, what));
    }

    static Verdict equalVerdict(long actual, long expected, String what, String hint) {
        if (actual == expected) return Verdict.right(cap(what) + " : " + fmt(actual) + ", c'est juste.");
        return Verdict.wrong(cap(what) + " : " + fmt(actual) + " est trop " + (actual > expected ? "grand" : "petit") + ". " + hint);
    }

    static Verdict closeVerdict(double actual, double expected, double tolerance, String what, String hint) {
        if (Double.isNaN(actual)) return Verdict.wrong(cap(what) + " : NaN (pas un nombre). " + hint);
        if (Math.abs(actual - expected) <= tolerance) return Verdict.right(cap(what) + " : " + fmt(actual) + ", c'est juste.");
        return Verdict.wrong(cap(what) + " : " + fmt(actual) + " est trop " + (actual > expected ? "grand" : "petit") + ". " + hint);
    }

    static Verdict reachVerdict(double value, double target, String what) {
        if (Double.isNaN(value)) return Verdict.wrong(cap(what) + " : NaN ; l'entraînement a divergé (taux d'apprentissage trop fort ?).");
        double gap = 100 * (value - target);
        if (value >= target) {
            return Verdict.right(cap(what) + " : " + pct(value) + ", objectif " + pct(target) + " atteint (" + pts(gap) + ").");
        }
        return Verdict.wrong(cap(what) + " : " + pct(value) + ", il manque " + pts(-gap) + " pour l'objectif de " + pct(target) + ".");
    }

    static Verdict underVerdict(long value, long limit, String what) {
        if (value < limit) return Verdict.right(cap(what) + " : " + fmt(value) + ", sous la limite de " + fmt(limit) + " (" + fmt(limit - value) + " de moins).");
        return Verdict.wrong(cap(what) + " : " + fmt(value) + ", soit " + fmt(value - limit + 1) + " de trop pour rester sous " + fmt(limit) + ".");
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String fmt(long v) {
        return clean(String.format(Locale.FRANCE, "%,d", v));
    }

    private static String fmt(double v) {
        return clean(String.format(Locale.FRANCE, "%.4g", v));
    }

    private static String pct(double v) {
        return clean(String.format(Locale.FRANCE, "%.1f %%", 100 * v));
    }

    private static String pts(double points) {
        return clean(String.format(Locale.FRANCE, "%.1f point%s", points, Math.abs(points) >= 2 ? "s" : ""));
    }

    private static String clean(String s) {
        return s.replace('\u202f', ' ').replace('\u00a0', ' ');
    }
}
