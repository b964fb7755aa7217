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
        // "%carnets" gives the version; "%carnets datasets" where the data is and what is there.
        kernel.getMagicsRegistry().registerLineMagic("carnets",
                (k, args) -> args != null && args.contains("datasets") ? fr.carnets.data.DataHome.status() : version());
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
