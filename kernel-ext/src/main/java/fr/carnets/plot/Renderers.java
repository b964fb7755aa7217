package fr.carnets.plot;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;

import tech.tablesaw.api.Table;

/**
 * What a cell's value shows as: any XChart chart as PNG + SVG with our look kept as the user set
 * it, a Tablesaw table as HTML (truncated when big). Our own objects (Figure, ImageGrid,
 * ConfusionMatrix, LiveCurves…) render themselves and need no registration.
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
    }
}
