package fr.carnets.check;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.plot.Display;

/**
 * Checks for exercises: each says in French what is right ("✔ …") or what to fix ("✘ …"),
 * shows it (a coloured box in a notebook, a line of text elsewhere) and returns whether it was
 * right, so checks can also be combined in code.
 *
 * <pre>
 * Check.shape(xTrain, 60000, 784);             // -1 accepts any size: Check.shape(x, -1, 784)
 * Check.layers(model, 20, 14, 10);
 * Check.atLeast(accuracy, 0.93, "l'exactitude en test");
 * Check.equal(nbParams, 15_910, "le nombre de paramètres");
 * </pre>
 *
 * <p><b>A check cell never shows the answer.</b> Derive the expected value from what the notebook
 * computed ({@code Check.value(mine, model.summary().rows().get(0).params, ...)}), or, when the
 * value itself is the answer, compare with its hidden form:
 * <pre>
 * Check.hashed(poidsParNeurone, "4f0c…", "le nombre de poids par neurone", "un poids par valeur d'entrée...");
 * </pre>
 * {@link #hashed(Object, String, String, String)} compares the learner's value with a salted
 * SHA-256 of the answer's canonical text ({@link Answer#canonical}: numbers of any Java type,
 * rounded to 6 decimals; arrays and INDArrays with their shape; strings). Write the first 16 hex
 * digits of {@code Answer.hash(answer)} in the cell (run it once in a scratch cell, or with
 * {@code jshell}); the solutions run of {@code ./carnets test} then proves the digest is the
 * solution's. When wrong it says so and shows the hint, but not whether the value is too big or
 * too small: prefer {@link #value} against a derived value where one exists.
 */
public final class Check {
    private Check() {}

    // ------------------------------------------------------------------ public checks

    /** The array has the expected shape ({@code -1}: any size on that axis). */
    public static boolean shape(INDArray array, long... expected) {
        return report(shapeVerdict(array == null ? null : array.shape(), expected));
    }

    /** The given shape (e.g. {@code x.shape()}) is the expected one. */
    public static boolean shape(long[] actual, long... expected) {
        return report(shapeVerdict(actual, expected));
    }

    /** The model's layer sizes (units or filters, input excluded) are the expected ones. */
    public static boolean layers(fr.carnets.dl.models.Model model, int... expected) {
        return report(layersVerdict(model == null ? null : model.layerSizes(), expected));
    }

    public static boolean layers(LayerSizes model, int... expected) {
        return report(layersVerdict(model == null ? null : model.layerSizes(), expected));
    }

    public static boolean layers(int[] actual, int... expected) {
        return report(layersVerdict(actual, expected));
    }

    /** {@code value ≥ bar}; {@code what} names the value ("l'exactitude en test"). */
    public static boolean atLeast(double value, double bar, String what) {
        return report(atLeastVerdict(value, bar, what, null));
    }

    /** Same, with advice shown when the value is too low. */
    public static boolean atLeast(double value, double bar, String what, String hint) {
        return report(atLeastVerdict(value, bar, what, hint));
    }

    /** {@code value ≤ bar} (a loss, an error rate). */
    public static boolean atMost(double value, double bar, String what) {
        return report(atMostVerdict(value, bar, what, null));
    }

    public static boolean atMost(double value, double bar, String what, String hint) {
        return report(atMostVerdict(value, bar, what, hint));
    }

    /** Equality of numbers, strings, arrays (primitive or not) or INDArrays (within 1e-5). */
    public static boolean equal(Object actual, Object expected, String what) {
        return report(equalVerdict(actual, expected, what));
    }

    /** {@code |actual − expected| ≤ tolerance}. */
    public static boolean equal(double actual, double expected, double tolerance, String what) {
        return report(closeVerdict(actual, expected, tolerance, what));
    }

    /**
     * Equality of two numbers that does not give the answer away: when wrong, it says whether the
     * value is too big or too small and shows {@code hint}, never the expected value.
     */
    public static boolean value(double actual, double expected, String what, String hint) {
        return report(hintVerdict(actual, expected, 1e-9 * Math.max(1, Math.abs(expected)), what, hint));
    }

    /** Same, within {@code tolerance}. */
    public static boolean value(double actual, double expected, double tolerance, String what, String hint) {
        return report(hintVerdict(actual, expected, tolerance, what, hint));
    }

    /**
     * The learner's value is the answer whose salted SHA-256 digest starts with {@code digest}
     * (16 hex digits or more of {@link Answer#hash(Object)}): the check cell holds no answer.
     * Numbers compare by value, rounded to {@link Answer#DECIMALS} decimals.
     */
    public static boolean hashed(Object actual, String digest, String what, String hint) {
        return report(hashedVerdict(actual, digest, Answer.DECIMALS, what, hint));
    }

    /** Same, numbers rounded to {@code decimals} places (a coarser tolerance). */
    public static boolean hashed(Object actual, int decimals, String digest, String what, String hint) {
        return report(hashedVerdict(actual, digest, decimals, what, hint));
    }

    /**
     * A modelling target: {@code score ≥ target} for a score between 0 and 1 (an accuracy). Says in
     * percentage points how far it is from the target, then {@code hint} when it falls short.
     */
    public static boolean target(double score, double target, String what, String hint) {
        return report(targetVerdict(score, target, what, hint));
    }

    /** Same target without a hint: the gap in points says enough (open modelling exercises). */
    public static boolean target(double score, double target, String what) {
        return report(targetVerdict(score, target, what, null));
    }

    /** A count (parameters) must stay strictly under {@code limit}: says how many too many. */
    public static boolean under(long value, long limit, String what) {
        return report(underVerdict(value, limit, what));
    }

    /** A condition with the sentences to show when it holds and when it does not. */
    public static boolean isTrue(boolean condition, String whenRight, String whatToFix) {
        return report(condition ? Verdict.right(whenRight) : Verdict.wrong(whatToFix));
    }

    /**
     * Shows a verdict and returns whether it is right; when the exercise this check cell judges did
     * not run to the end, shows that instead (once per cell) and returns false (see ExerciseRuns).
     */
    public static boolean report(Verdict v) {
        String refusal = ExerciseRuns.refusal();
        if (refusal != null) {
            if (!refusal.isEmpty()) show(Verdict.notJudged(refusal));
            return false;
        }
        return show(v);
    }

    private static boolean show(Verdict v) {
        if (Display.available()) {
            Display.show(v);
        } else {
            System.out.println(v.message());
        }
        return v.ok();
    }

    // ------------------------------------------------------------------ verdicts

    static Verdict shapeVerdict(long[] actual, long... expected) {
        String want = shapeText(expected);
        if (actual == null) {
            return Verdict.wrong("Le tableau vaut null (forme attendue " + want
                    + ") : exécutez d'abord la cellule qui le crée.");
        }
        String got = Arrays.toString(actual);
        if (matches(actual, expected)) {
            return Verdict.right("Bonne forme : " + got);
        }
        return Verdict.wrong("Forme attendue " + want + ", obtenue " + got + " : " + shapeHint(actual, expected));
    }

    private static boolean matches(long[] a, long[] e) {
        if (a.length != e.length) return false;
        for (int i = 0; i < a.length; i++) if (e[i] >= 0 && a[i] != e[i]) return false;
        return true;
    }

    private static String shapeText(long[] e) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < e.length; i++) {
            if (i > 0) b.append(", ");
            b.append(e[i] < 0 ? "n'importe" : String.valueOf(e[i]));
        }
        return b.append(']').toString();
    }

    private static long product(long[] s) {
        long p = 1;
        for (long v : s) p *= v;
        return p;
    }

    private static String shapeHint(long[] a, long[] e) {
        // Resolve wildcards with the actual sizes where the ranks agree on the first axis.
        long[] want = e.clone();
        for (int i = 0; i < want.length; i++) {
            if (want[i] < 0 && i < a.length && i == 0) want[i] = a[0];
        }
        boolean wild = false;
        for (long v : want) wild |= v < 0;
        boolean sameFirst = a.length > 0 && want.length > 0 && a[0] == want[0];
        boolean sameCount = !wild && product(a) == product(want);
        String reshape = "reshape(" + join(want) + ")";
        if (sameFirst && sameCount) {
            if (a.length == 3 && want.length == 2) {
                return "aplatissez les images avec " + reshape + " (chaque image " + a[1] + "×" + a[2] + " devient une ligne de "
                        + want[1] + " valeurs).";
            }
            if (a.length == 2 && want.length == 3) {
                return "remettez les images en 2D avec " + reshape + ".";
            }
            if (want.length == 4 && a.length == 3 && want[1] == 1) {
                return "ajoutez l'axe des canaux avec " + reshape + " (DL4J attend [n, canaux, hauteur, largeur]).";
            }
            if (want.length == 4 && a.length == 4 && a[3] == want[1] && a[1] == want[2] && a[2] == want[3]) {
                return "les canaux sont en dernier (NHWC) ; DL4J les attend en 2e position (NCHW) : utilisez permute(0, 3, 1, 2).";
            }
            if (want.length == 2 && a.length == 4) {
                return "aplatissez avec " + reshape + " (ou une couche Flatten).";
            }
            return "même nombre de valeurs mais autre disposition : utilisez " + reshape + ".";
        }
        if (sameFirst && a.length == 1 && want.length == 2 && want[1] > 1) {
            return "ce sont des indices de classe ; encodez-les en one-hot (" + want[1] + " colonnes, une par classe).";
        }
        if (sameFirst && a.length == 2 && want.length == 1) {
            return "attendu un indice de classe par exemple ; depuis des probabilités ou du one-hot, prenez argmax(1).";
        }
        if (sameFirst && a.length == 2 && want.length == 2 && a[1] != want[1] && want[1] >= 0) {
            return "la 2e dimension doit valoir " + want[1] + " et vaut " + a[1]
                    + " (nombre de classes, de pixels ou d'unités de la couche ?).";
        }
        if (a.length == want.length && a.length > 0 && a[0] != want[0] && want[0] >= 0) {
            boolean restSame = true;
            for (int i = 1; i < a.length; i++) restSame &= want[i] < 0 || a[i] == want[i];
            if (restSame) {
                return "le nombre d'exemples (1re dimension) diffère : vérifiez que c'est le bon jeu (entraînement ou test) "
                        + "et le découpage.";
            }
        }
        if (a.length != want.length) {
            return "le tableau a " + a.length + (a.length > 1 ? " dimensions" : " dimension") + " au lieu de " + want.length
                    + " ; reprenez la construction du tableau (reshape, flatten, ajout d'un axe).";
        }
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (want[i] >= 0 && a[i] != want[i]) diffs.add("dimension " + (i + 1) + " : " + a[i] + " au lieu de " + want[i]);
        }
        return String.join(" ; ", diffs) + ".";
    }

    private static String join(long[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            if (i > 0) b.append(", ");
            b.append(s[i]);
        }
        return b.toString();
    }

    static Verdict layersVerdict(int[] actual, int... expected) {
        String want = Arrays.toString(expected);
        if (actual == null) {
            return Verdict.wrong("Pas de modèle (null) : construisez-le avant de le vérifier (couches attendues " + want + ").");
        }
        String got = Arrays.toString(actual);
        if (Arrays.equals(actual, expected)) {
            return Verdict.right("Bonnes tailles de couches : " + got);
        }
        String head = "Couches attendues " + want + ", obtenues " + got + " : ";
        if (actual.length < expected.length) {
            int d = expected.length - actual.length;
            return Verdict.wrong(head + "il manque " + d + (d > 1 ? " couches" : " couche") + ".");
        }
        if (actual.length > expected.length) {
            int d = actual.length - expected.length;
            return Verdict.wrong(head + d + (d > 1 ? " couches de trop" : " couche de trop") + ".");
        }
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] != expected[i]) {
                diffs.add("la couche " + (i + 1) + " a " + actual[i] + " au lieu de " + expected[i]);
            }
        }
        String s = head + String.join(" ; ", diffs);
        int last = actual.length - 1;
        if (last >= 0 && actual[last] != expected[last]) {
            s += " (la dernière couche a autant de neurones que de classes à prédire)";
        }
        return Verdict.wrong(s + ".");
    }

    static Verdict atLeastVerdict(double value, double bar, String what, String hint) {
        if (Double.isNaN(value)) return nan(what);
        if (value >= bar) return Verdict.right(capital(what) + " : " + num(value) + " ≥ " + num(bar));
        return Verdict.wrong(capital(what) + " : " + num(value) + ", en dessous du seuil " + num(bar) + " (il manque "
                + num(bar - value) + ")" + (hint != null ? " : " + hint : "."));
    }

    static Verdict atMostVerdict(double value, double bar, String what, String hint) {
        if (Double.isNaN(value)) return nan(what);
        if (value <= bar) return Verdict.right(capital(what) + " : " + num(value) + " ≤ " + num(bar));
        return Verdict.wrong(capital(what) + " : " + num(value) + ", au-dessus du plafond " + num(bar) + " (" + num(value - bar)
                + " de trop)" + (hint != null ? " : " + hint : "."));
    }

    private static Verdict nan(String what) {
        return Verdict.wrong(capital(what) + " vaut NaN : l'entraînement a sans doute divergé ; baissez le taux "
                + "d'apprentissage et vérifiez que les données sont normalisées (par exemple divisées par 255).");
    }

    static Verdict hintVerdict(double actual, double expected, double tolerance, String what, String hint) {
        if (Double.isNaN(actual)) return Verdict.wrong(capital(what) + " vaut NaN (0 divisé par 0 ?). " + capital(hint));
        if (Math.abs(actual - expected) <= tolerance) return Verdict.right(capital(what) + " : " + num(actual));
        String side = actual > expected ? "trop grand" : "trop petit";
        return Verdict.wrong(capital(what) + " : " + num(actual) + ", c'est " + side + ". " + capital(hint));
    }

    static Verdict hashedVerdict(Object actual, String digest, int decimals, String what, String hint) {
        if (actual instanceof Number n && Double.isNaN(n.doubleValue())) {
            return Verdict.wrong(capital(what) + " vaut NaN (0 divisé par 0 ?). " + capital(hint));
        }
        if (Answer.matches(actual, digest, decimals)) return Verdict.right(capital(what) + " : " + text(actual));
        return Verdict.wrong(capital(what) + " : " + text(actual) + ", ce n'est pas la bonne valeur. " + capital(hint));
    }

    static Verdict targetVerdict(double score, double target, String what, String hint) {
        if (Double.isNaN(score)) return nan(what);
        String got = percent(score), want = percent(target);
        if (score >= target) {
            return Verdict.right(capital(what) + " : " + got + ", objectif " + want + " atteint (" + points(score - target)
                    + " de marge).");
        }
        return Verdict.wrong(capital(what) + " : " + got + ", objectif " + want + " : il manque " + points(target - score)
                + "." + (hint != null ? " " + capital(hint) : ""));
    }

    static Verdict underVerdict(long value, long limit, String what) {
        if (value < limit) {
            return Verdict.right(capital(what) + " : " + num(value) + ", sous la limite de " + num(limit) + " ("
                    + num(limit - value) + " de moins).");
        }
        return Verdict.wrong(capital(what) + " : " + num(value) + ", soit " + num(value - limit + 1)
                + " de trop pour rester sous " + num(limit) + ".");
    }

    private static String percent(double v) {
        return String.format(Locale.FRANCE, "%.1f %%", 100 * v);
    }

    private static String points(double d) {
        double p = 100 * d;
        return String.format(Locale.FRANCE, "%.1f point%s", p, p >= 2 ? "s" : "");
    }

    static Verdict closeVerdict(double actual, double expected, double tolerance, String what) {
        if (Math.abs(actual - expected) <= tolerance) {
            return Verdict.right(capital(what) + " : " + num(actual));
        }
        return Verdict.wrong(capital(what) + " : attendu " + num(expected) + " (à " + num(tolerance) + " près), obtenu "
                + num(actual) + ".");
    }

    static Verdict equalVerdict(Object actual, Object expected, String what) {
        boolean same;
        if (actual instanceof Number an && expected instanceof Number en) {
            double a = an.doubleValue(), e = en.doubleValue();
            same = a == e || Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e));
        } else if (actual instanceof INDArray a && expected instanceof INDArray e) {
            if (!Arrays.equals(a.shape(), e.shape())) {
                return Verdict.wrong(capital(what) + " : forme " + Arrays.toString(a.shape()) + " au lieu de "
                        + Arrays.toString(e.shape()) + ".");
            }
            same = a.castTo(DataType.DOUBLE).equalsWithEps(e.castTo(DataType.DOUBLE), 1e-5);
        } else {
            same = Objects.deepEquals(actual, expected);
        }
        if (same) return Verdict.right(capital(what) + " : " + text(actual));
        return Verdict.wrong(capital(what) + " : attendu " + text(expected) + ", obtenu " + text(actual) + ".");
    }

    // ------------------------------------------------------------------ formatting

    private static String capital(String s) {
        if (s == null || s.isEmpty()) return "Valeur";
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        // below 0,0001 four decimals would print 0 (a tolerance of 1e-12 read "à 0 près")
        String pattern = Math.abs(v) < 1e-4 ? "0.##E0" : "0.####";
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.FRANCE));
        if (Math.abs(v) < 1e-4) return f.format(v).replace("E", "e");
        return f.format(v);
    }

    private static String text(Object o) {
        if (o == null) return "null";
        if ((o instanceof Double || o instanceof Float) && o instanceof Number n) return num(n.doubleValue());
        if (o instanceof String) return "« " + o + " »";
        if (o instanceof INDArray a) {
            return a.length() <= 20 ? a.toString().replace('\n', ' ') : "tableau de forme " + Arrays.toString(a.shape());
        }
        if (o.getClass().isArray()) {
            String s = Arrays.deepToString(new Object[] {o});
            return s.substring(1, s.length() - 1);
        }
        return String.valueOf(o);
    }
}
