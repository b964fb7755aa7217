package fr.carnets.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.List;
import java.util.UUID;

/**
 * Helpers every cell can call unqualified (statically imported): display, updateDisplay, render,
 * eval and magics from code.
 */
public final class Notebook {

    private Notebook() {
    }

    private static BaseKernel kernel() {
        return BaseKernel.notebookKernel();
    }

    /** Shows an object now (in the cell's output) and returns the id to update it later. */
    public static String display(Object o) {
        return show(o instanceof DisplayData d ? new DisplayData(d) : kernel().getRenderer().render(o));
    }

    /** HTML to show as a cell's result or with display(...). */
    public static DisplayData html(String html) {
        DisplayData d = new DisplayData(html.replaceAll("<[^>]*>", ""));
        d.putHTML(html);
        return d;
    }

    /** Markdown to show as a cell's result or with display(...). */
    public static DisplayData markdown(String markdown) {
        DisplayData d = new DisplayData(markdown);
        d.putData("text/markdown", markdown);
        return d;
    }

    /** Shows an object as the given MIME types only, e.g. display(chart, "image/png"). */
    public static String display(Object o, String... mimeTypes) {
        return show(kernel().getRenderer().renderAs(o, mimeTypes));
    }

    private static String show(DisplayData data) {
        if (data.getDisplayId() == null) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        warnIfDetached();
        kernel().display(data);
        return data.getDisplayId();
    }

    /** Replaces what an earlier display(...) showed. */
    public static void updateDisplay(String id, Object o) {
        warnIfDetached();
        kernel().getIO().display.updateDisplay(id, o instanceof DisplayData d ? new DisplayData(d) : kernel().getRenderer().render(o));
    }

    public static void updateDisplay(String id, Object o, String... mimeTypes) {
        warnIfDetached();
        kernel().getIO().display.updateDisplay(id, kernel().getRenderer().renderAs(o, mimeTypes));
    }

    public static DisplayData render(Object o) {
        return kernel().getRenderer().render(o);
    }

    /** Evaluates cell code (magics included) and returns its value. */
    public static Object eval(String code) {
        return kernel().evalRaw(code);
    }

    /** Runs a line magic from Java, e.g. lineMagic("classpath", "lib/a.jar"); returns its value. */
    public static Object lineMagic(String name, String... args) {
        return ((CarnetsKernel) kernel()).lineMagic(name, List.of(args));
    }

    /** Runs a cell magic from Java with the given body; returns its value. */
    public static Object cellMagic(String name, String body, String... args) {
        return ((CarnetsKernel) kernel()).cellMagic(name, List.of(args), body);
    }

    private static void warnIfDetached() {
        if (!kernel().getIO().display.isAttached()) {
            // Outside a running cell (a background thread after its cell ended) Jupyter has nowhere to show it.
            System.err.println("display() appelé hors d'une cellule en cours : rien ne peut s'afficher. "
                    + "Appelez display(...) pendant l'exécution de la cellule.");
        }
    }
}
