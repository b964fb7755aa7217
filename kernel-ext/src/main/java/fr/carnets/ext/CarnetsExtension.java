package fr.carnets.ext;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Entry point of the course extension, found by the kernel through META-INF/services.
 * It registers magics and renderers; it never depends on our kernel classes so that it
 * also loads into a stock JJava kernel.
 */
public class CarnetsExtension implements Extension {

    /** Counts installs so tests can check an extension is installed once per kernel. */
    private static int installs;

    @Override
    public void install(BaseKernel kernel) {
        installs++;
        // oneDNN helpers on before any cell builds a DL4J layer, ours or written by hand.
        fr.carnets.dl.Performance.configure();
        fr.carnets.plot.Renderers.register(kernel.getRenderer());
        // "%carnets" gives the version; "%carnets datasets" where the data is and what is there;
        // "%carnets performance" the native configuration (oneDNN, threads).
        kernel.getMagicsRegistry().registerLineMagic("carnets",
                (k, args) -> args != null && args.contains("datasets") ? fr.carnets.data.DataHome.status()
                        : args != null && args.contains("performance") ? fr.carnets.dl.Performance.describe() : version());
        registerModelRenderers(kernel.getRenderer());
        // %vars of the Carnets kernel: shape, data type and memory of arrays and models.
        VariableDescriptions.register(kernel.getRenderer());
        // Fit.liveCurve(): curves redrawn in place after each epoch.
        fr.carnets.dl.Training.setLiveCurveFactory(LiveCurveCallback::new);
        // %donnees, %modele, %entrainer... : short forms of the Java API above.
        fr.carnets.magics.Magics.register(kernel);
    }

    // ---------------------------------------------------------------- models (package fr.carnets.dl)

    /** A model or its summary as a cell's result shows as the summary table (HTML, with a text form). */
    public static void registerModelRenderers(org.dflib.jjava.jupyter.kernel.display.Renderer renderer) {
        renderer.createRegistration(fr.carnets.dl.Model.class)
                .preferring(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)
                .supporting(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)
                .register((model, ctx) -> putSummary(model.summary(), ctx));
        renderer.createRegistration(fr.carnets.dl.Summary.class)
                .preferring(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)
                .supporting(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)
                .register(CarnetsExtension::putSummary);
        // A History as a cell's result: its curves (PNG, SVG) and the per-epoch table (HTML with the PNG, text).
        renderer.createRegistration(fr.carnets.dl.History.class)
                .preferring(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)
                .supporting(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG,
                        org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.IMAGE_SVG,
                        org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)
                .register(CarnetsExtension::putHistory);
    }

    /**
     * Front ends show the richest type they know and HTML comes first, so the HTML holds the PNG
     * too: the curves above the table. PNG and SVG alone serve those that read images only.
     */
    private static void putHistory(fr.carnets.dl.History h, org.dflib.jjava.jupyter.kernel.display.RenderContext ctx) {
        var out = ctx.getOutputContainer();
        String table = h.toHtml();
        if (h.epochs() == 0) {
            out.putHTML("<p>Historique vide : aucune époque terminée.</p>" + table);
            out.putText(h.toString());
            return;
        }
        fr.carnets.plot.Figure f = h.plot();
        String png = java.util.Base64.getEncoder().encodeToString(f.toPng());
        java.util.Map<String, Object> size = new java.util.LinkedHashMap<>();
        size.put("width", f.width());
        size.put("height", f.height());
        out.putData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.IMAGE_PNG, png, size);
        out.putSVG(f.toSvg());
        out.putHTML("<div class=\"carnets-history\"><img alt=\"Courbes d'apprentissage\" width=\"" + f.width()
                + "\" src=\"data:image/png;base64," + png + "\"/>" + table + "</div>");
        out.putText(h.toString());
    }

    private static void putSummary(fr.carnets.dl.Summary s, org.dflib.jjava.jupyter.kernel.display.RenderContext ctx) {
        ctx.getOutputContainer().putHTML(s.toHtml());
        ctx.getOutputContainer().putText(s.toString());
    }

    public static int installCount() {
        return installs;
    }

    public static String version() {
        Package p = CarnetsExtension.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return "Carnets extension " + (v == null ? "dev" : v);
    }
}
