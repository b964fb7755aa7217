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
        fr.carnets.plot.Renderers.register(kernel.getRenderer());
        // "%carnets" gives the version; "%carnets datasets" where the data is and what is there.
        kernel.getMagicsRegistry().registerLineMagic("carnets",
                (k, args) -> args != null && args.contains("datasets") ? fr.carnets.data.DataHome.status() : version());
        registerModelRenderers(kernel.getRenderer());
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
