package fr.carnets.kernel.magic;

import java.util.Collection;

/** The closest magic name to a mistyped one (« %aid » → « %aide »), for the unknown-magic message. */
public final class MagicNames {

    private MagicNames() {
    }

    /**
     * " Vouliez-vous dire %aide ?" for the closest known name within two edits (or that starts with
     * what was typed), or "" when none is close enough. {@code typed} carries its % or %%.
     */
    public static String suggestion(String typed, Collection<String> lineMagics, Collection<String> cellMagics) {
        boolean cell = typed.startsWith("%%");
        String name = typed.substring(cell ? 2 : 1).toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : cell ? cellMagics : lineMagics) {
            int d = distance(name, candidate.toLowerCase(java.util.Locale.ROOT));
            if (candidate.startsWith(name) && name.length() >= 2) {
                d = Math.min(d, 1);
            }
            if (d < bestDistance || d == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = name.length() <= 3 ? 1 : 2;
        return best != null && bestDistance <= allowed ? " Vouliez-vous dire " + (cell ? "%%" : "%") + best + " ?" : "";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
