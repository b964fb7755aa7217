package fr.carnets.plot;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;

import fr.carnets.analysis.ConfusionMatrix;
import fr.carnets.analysis.CvResult;
import fr.carnets.analysis.ThresholdCurve;
import fr.carnets.dl.training.History;
import fr.carnets.dl.models.Model;
import fr.carnets.dl.models.Summary;
import tech.tablesaw.api.Table;

/**
 * The one place where values of the lower packages (dl, analysis) and of the libraries get their
 * notebook look, so those packages never see Jupyter: any XChart chart as PNG + SVG, a Tablesaw
 * table as HTML (truncated when big), a model or its summary as the summary table, a history as
 * its curves above its table, a confusion matrix and a precision–recall curve as their plots, a
 * cross-validation as its table. This package's own objects (Figure, ImageGrid, LiveCurves…)
 * render themselves through {@link Plotted} or {@link ShownAsHtml}.
 */
public final class Renderers {
    private Renderers() {}

    public static void register(Renderer renderer) {
        renderer.createRegistration(Chart.class)
                .preferring(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG)
                .register((chart, context) -> Figure.of(chart).render(context));
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> Tables.html(table));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print(Tables.MAX_ROWS));
                });
        renderer.createRegistration(Model.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((model, ctx) -> putSummary(model.summary(), ctx));
        renderer.createRegistration(Summary.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register(Renderers::putSummary);
        renderer.createRegistration(History.class).preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register(Renderers::putHistory);
        renderer.createRegistration(CvResult.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((cv, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Views.crossValidation(cv));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, cv::toString);
                });
        renderer.createRegistration(ConfusionMatrix.class).preferring(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((cm, ctx) -> Plots.confusion(cm).render(ctx));
        renderer.createRegistration(ThresholdCurve.class).preferring(MIMEType.IMAGE_PNG, MIMEType.IMAGE_SVG)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((pr, ctx) -> Plots.precisionRecall(pr).render(ctx));
    }

    private static void putSummary(Summary s, RenderContext ctx) {
        ctx.getOutputContainer().putHTML(Views.summary(s));
        ctx.getOutputContainer().putText(s.toString());
    }

    /**
     * Front ends show the richest type they know and HTML comes first, so the HTML holds the PNG
     * too: the curves above the table. PNG and SVG alone serve those that read images only.
     */
    private static void putHistory(History h, RenderContext ctx) {
        var out = ctx.getOutputContainer();
        String table = Views.history(h);
        if (h.epochs() == 0) {
            out.putHTML("<p>Historique vide : aucune époque terminée.</p>" + table);
            out.putText(h.toString());
            return;
        }
        Figure f = Plots.curves(h);
        String png = Base64.getEncoder().encodeToString(f.toPng());
        Map<String, Object> size = new LinkedHashMap<>();
        size.put("width", f.width());
        size.put("height", f.height());
        out.putData(MIMEType.IMAGE_PNG, png, size);
        out.putSVG(f.toSvg());
        out.putHTML("<div class=\"carnets-history\"><img alt=\"Courbes d'apprentissage\" width=\"" + f.width()
                + "\" src=\"data:image/png;base64," + png + "\"/>" + table + "</div>");
        out.putText(h.toString());
    }
}
