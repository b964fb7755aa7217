package fr.carnets.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.carnets.analysis.CvResult;
import fr.carnets.dl.training.History;
import fr.carnets.dl.models.Summary;

import static fr.carnets.plot.Html.Cell.td;
import static fr.carnets.plot.Html.Cell.th;

/**
 * The HTML of the results that lower packages compute and do not draw themselves: a model's
 * summary, a training history, a cross-validation. {@link Renderers} shows them with it.
 */
public final class Views {
    private Views() {}

    private static final String MONO = "border-collapse:collapse;font-family:monospace";

    /** Keras's {@code model.summary()} as a table; frozen layers are dimmed. */
    public static String summary(Summary s) {
        Html.Table t = Html.table("style=\"" + MONO + "\"")
                .caption("Modèle : " + s.title(), "text-align:left;font-weight:bold")
                .head(List.of(th("Couche (type)").left(), th("Forme de sortie").left(), th("Paramètres").right(),
                        th("Entraînable").left()));
        for (Summary.Row r : s.rows()) {
            t.row(r.frozen ? "opacity:0.6" : null, List.of(td(r.name + " (" + r.type + ")"), td(r.outputShape),
                    td(Summary.fmt(r.params)).right(), td(r.trainable())));
        }
        t.foot("Paramètres au total : " + Summary.fmt(s.totalParams()) + " — entraînables : " + Summary.fmt(s.trainableParams())
                + " — non entraînables : " + Summary.fmt(s.nonTrainableParams()), 4);
        return "<div class=\"carnets-summary\">" + t + "</div>";
    }

    /** The per-epoch metrics, one row per epoch, seconds included; then why training stopped early. */
    public static String history(History h) {
        List<String> names = h.metricNames();
        List<Html.Cell> head = new ArrayList<>();
        head.add(th("époque").right());
        names.forEach(n -> head.add(th(n).right()));
        head.add(th("durée (s)").right());
        Html.Table t = Html.table("class=\"carnets-history\" style=\"" + MONO + "\"").head(head);
        List<double[]> values = names.stream().map(h::get).toList();
        double[] seconds = h.epochSeconds();
        for (int i = 0; i < seconds.length; i++) {
            List<Html.Cell> row = new ArrayList<>();
            row.add(td(i + 1).right());
            for (double[] v : values) row.add(td(String.format(Locale.ROOT, "%.4f", v[i])).right());
            row.add(td(String.format(Locale.ROOT, "%.1f", seconds[i])).right());
            t.row(row);
        }
        String stop = h.stopReason();
        return t + (stop == null ? "" : "<p>" + Html.escape(stop) + "</p>");
    }

    /** Mean ± standard deviation, then one row per fold. */
    public static String crossValidation(CvResult r) {
        Html.Table t = Html.table("").head(List.of(th("pli"), th("score"), th("durée (s)")));
        double[] scores = r.scores(), seconds = r.seconds();
        for (int i = 0; i < scores.length; i++) {
            t.row(List.of(td(i + 1), td(String.format(Locale.FRANCE, "%.4f", scores[i])),
                    td(String.format(Locale.FRANCE, "%.1f", seconds[i]))));
        }
        return String.format(Locale.FRANCE, "<div><b>Validation croisée</b> : <b>%.4f ± %.4f</b> sur %d plis", r.mean(), r.std(),
                scores.length) + t + "</div>";
    }
}
