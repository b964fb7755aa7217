package fr.carnets.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import fr.carnets.kernel.maven.Coordinate;
import fr.carnets.kernel.maven.Dependency;
import fr.carnets.kernel.maven.PomDependencies;
import fr.carnets.kernel.maven.Repository;

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

    /**
     * Resolves Maven dependencies (transitively; what is in ~/.m2 needs no network) and adds their jars
     * to the classpath, e.g. maven("org.apache.commons:commons-lang3:3.14.0"). Returns the jars added.
     */
    public static List<java.nio.file.Path> maven(String... coordinates) {
        return loadMaven(coordinates, false);
    }

    /** As {@link #maven}, from the local repository only (no network). */
    public static List<java.nio.file.Path> mavenOffline(String... coordinates) {
        return loadMaven(coordinates, true);
    }

    private static List<java.nio.file.Path> loadMaven(String[] coordinates, boolean offline) {
        List<Dependency> deps = java.util.Arrays.stream(coordinates).map(Coordinate::parse).map(Dependency::of).toList();
        return ((CarnetsKernel) kernel()).maven().load(deps, List.of(), offline);
    }

    /** Adds a remote Maven repository for the next maven(...) calls, e.g. mavenRepo("jitpack", "https://jitpack.io"). */
    public static void mavenRepo(String id, String url) {
        ((CarnetsKernel) kernel()).maven().addRepository(Repository.of(id, url));
    }

    /** Resolves the dependencies of a POM or of a {@code <dependencies>} block, with its repositories. */
    public static List<java.nio.file.Path> pom(String xml, boolean offline) {
        PomDependencies pom = PomDependencies.parse(xml);
        if (!pom.skipped().isEmpty()) {
            ((CarnetsKernel) kernel()).out().println("Laissées de côté (portée hors exécution) : " + String.join(", ", pom.skipped()) + ".");
        }
        return ((CarnetsKernel) kernel()).maven().load(pom.dependencies(), pom.repositories(), offline);
    }

    public static List<java.nio.file.Path> pom(String xml) {
        return pom(xml, false);
    }

    /** The session's variables: name, type, short value, shape and data type of arrays, approximate memory. */
    public static DisplayData vars() {
        return ((CarnetsKernel) kernel()).vars().table();
    }

    /** Drops a variable and gives back its native memory when nothing else uses it; returns what was freed. */
    public static String freeVariable(String name) {
        return ((CarnetsKernel) kernel()).vars().free(name);
    }

    /**
     * Opens JDK packages to the cells' code while the kernel runs, as the JVM flag
     * --add-opens module/package=ALL-UNNAMED does at start-up, e.g. openJdkPackages("java.base/sun.nio.ch").
     * Returns the packages opened now (those already open are left as they are).
     */
    public static List<String> openJdkPackages(String... packages) {
        return ((CarnetsKernel) kernel()).openJdkPackages(List.of(packages)).opened();
    }

    private static void warnIfDetached() {
        if (!kernel().getIO().display.isAttached()) {
            // Outside a running cell (a background thread after its cell ended) Jupyter has nowhere to show it.
            System.err.println("display() appelé hors d'une cellule en cours : rien ne peut s'afficher. "
                    + "Appelez display(...) pendant l'exécution de la cellule.");
        }
    }
}
