package fr.carnets.check;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one check: right or not, and the French sentence saying so. In a notebook it is
 * shown as a coloured box, with a {@link #MIME} JSON object beside it for `./carnets corriger`.
 */
public final class Verdict implements fr.carnets.plot.ShownAsHtml {
    /**
     * The verdict for machines: {@code {"version": 1, "passed": bool, "message": "…"}}, the message
     * without its sign (what to fix when not passed). Graders read this, never the French text.
     */
    public static final String MIME = "application/vnd.carnets.verdict+json";

    private final boolean ok;
    private final String message;

    Verdict(boolean ok, String message) {
        this.ok = ok;
        this.message = message;
    }

    static Verdict right(String message) {
        return new Verdict(true, "✔ " + message);
    }

    static Verdict wrong(String message) {
        return new Verdict(false, "✘ " + message);
    }

    /** No verdict: what was to be judged is not there (its cell did not run to the end). */
    static Verdict notJudged(String message) {
        return new Verdict(false, "⚠ " + message);
    }

    public boolean ok() {
        return ok;
    }

    /** The sentence, starting with ✔, ✘ or ⚠ (not judged). */
    public String message() {
        return message;
    }

    /**
     * A box whose text keeps the theme's colour (readable in light and dark JupyterLab); only
     * the sign, the left border and a faint tint carry green or red.
     */
    @Override
    public String toHtml() {
        boolean notJudged = message.startsWith("⚠");
        String colour = ok ? "#2e9d4f" : notJudged ? "#b7791f" : "#d1383d";
        String tint = ok ? "rgba(46,157,79,0.12)" : notJudged ? "rgba(183,121,31,0.12)" : "rgba(209,56,61,0.12)";
        String sign = message.substring(0, 1);
        String rest = message.substring(1).trim();
        return "<div style=\"border-left:4px solid " + colour + ";background:" + tint
                + ";padding:4px 10px;margin:2px 0;border-radius:3px\">"
                + "<span style=\"color:" + colour + ";font-weight:bold\">" + sign + "</span> "
                + fr.carnets.plot.Html.escape(rest).replace("\n", "<br>") + "</div>";
    }

    @Override
    public Map<String, Object> data() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("passed", ok);
        json.put("message", message.substring(1).trim());
        return Map.of(MIME, json);
    }

    @Override
    public String toString() {
        return message;
    }
}
