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
        fr.carnets.dl.runtime.Performance.configure();
        fr.carnets.plot.Renderers.register(kernel.getRenderer());
        // "%carnets" gives the version; "%carnets datasets" where the data is and what is there;
        // "%carnets performance" the native configuration (oneDNN, threads).
        kernel.getMagicsRegistry().registerLineMagic("carnets",
                (k, args) -> args != null && args.contains("datasets") ? fr.carnets.data.DataHome.status()
                        : args != null && args.contains("performance") ? fr.carnets.dl.runtime.Performance.describe() : version());
        // %vars of the Carnets kernel: shape, data type and memory of arrays and models.
        VariableDescriptions.register(kernel.getRenderer());
        // Fit.liveCurve(): curves redrawn in place after each epoch.
        fr.carnets.dl.training.NotebookHooks.setLiveCurveFactory(LiveCurveCallback::new);
        // fit's progress line, redrawn in place in the cell.
        fr.carnets.dl.training.NotebookHooks.setProgressDisplay(fr.carnets.plot.Display::lines);
        // Jupyter widgets: the control comm that front ends open (%widgets, below, lists the widgets).
        fr.carnets.widgets.Widgets.install(kernel);
        // %donnees, %modele, %entrainer... : short forms of the Java API above.
        for (fr.carnets.magics.CarnetsMagic m : fr.carnets.magics.Magics.all()) {
            for (String name : m.spec().names()) {
                kernel.getMagicsRegistry().registerLineMagic(name, new RegisteredMagic(m));
            }
        }
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
