package fr.carnets.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Jupyter widgets from Java, in one place: controls, output areas, boxes, images and
 * {@link #interact}. A widget shown as a cell's value is drawn by JupyterLab or Notebook 7; the
 * learner moves it, and Java functions run again on the kernel's cell thread.
 *
 * <pre>
 * var taux = Widgets.floatLogSlider("Taux", 1e-4, 1, 0.01);
 * Widgets.interact(() -> "taux = " + taux.value(), taux)
 * </pre>
 */
public final class Widgets {
    private Widgets() {
    }

    public static Slider<Integer> intSlider(String description, int min, int max, int value) {
        return Slider.ofInt(description, min, max, value);
    }

    public static Slider<Double> floatSlider(String description, double min, double max, double value) {
        return Slider.ofDouble(description, min, max, value);
    }

    /** A slider that moves by factors of ten, from {@code min} to {@code max} (learning rates). */
    public static Slider<Double> floatLogSlider(String description, double min, double max, double value) {
        return Slider.ofLog(description, min, max, value);
    }

    public static Choice dropdown(String description, List<String> options, String value) {
        return new Choice("Dropdown", description, options, value);
    }

    public static Choice toggleButtons(String description, List<String> options, String value) {
        return new Choice("ToggleButtons", description, options, value);
    }

    public static ValueWidget<Boolean> checkbox(String description, boolean value) {
        ValueWidget<Boolean> w = new ValueWidget<>("Checkbox", Boolean.class, description, value);
        w.init("indent", true);
        w.open();
        return w;
    }

    public static Button button(String description) {
        return new Button(description);
    }

    public static ValueWidget<String> text(String description, String value) {
        ValueWidget<String> w = new ValueWidget<>("Text", String.class, description, value);
        w.init("placeholder", "");
        w.init("continuous_update", false);
        w.open();
        return w;
    }

    public static ValueWidget<String> label(String value) {
        ValueWidget<String> w = new ValueWidget<>("Label", String.class, "", value);
        w.open();
        return w;
    }

    public static ValueWidget<Integer> intProgress(String description, int min, int max, int value) {
        return progress("IntProgressModel", Integer.class, description, min, max, value);
    }

    public static ValueWidget<Double> floatProgress(String description, double min, double max, double value) {
        return progress("FloatProgressModel", Double.class, description, min, max, value);
    }

    private static <T extends Number> ValueWidget<T> progress(String model, Class<T> type, String description, T min, T max, T value) {
        ValueWidget<T> w = new ValueWidget<>(model, "ProgressView", type, description, value);
        w.init("min", min);
        w.init("max", max);
        w.init("bar_style", "");
        w.init("orientation", "horizontal");
        w.open();
        return w;
    }

    public static Output output() {
        return new Output();
    }

    public static Box hbox(Widget... children) {
        return new Box("HBox", List.of(children));
    }

    public static Box vbox(Widget... children) {
        return new Box("VBox", List.of(children));
    }

    /** Values as grey levels (smallest black, largest white), each value a {@code scale}-pixel square. */
    public static Image image(double[][] values, int scale) {
        return new Image(Image.png(values, scale), values[0].length * scale, values.length * scale);
    }

    /** An image from PNG bytes. */
    public static Image image(byte[] png) {
        return new Image(png, 0, 0);
    }

    /**
     * A pad to draw a digit on with the mouse: {@code value()} is the drawing as MNIST draws its
     * digits, a [1, 1, 28, 28] image in [0, 1], sent at each mouse-up (our own widget, carnets-widgets).
     */
    public static DrawingPad drawingPad() {
        return new DrawingPad();
    }

    /**
     * The controls above an output area that shows what {@code f} returns (and prints), redrawn
     * when a control changes: on the kernel's cell thread, between cells; a dragged slider does not
     * queue one call per position (while a call runs, new positions make one more call, with the
     * latest). An exception is shown in French in the area; the kernel and the variables stay.
     */
    public static Box interact(Supplier<?> f, Widget... controls) {
        if (controls.length == 0) {
            throw new IllegalArgumentException("interact demande au moins un contrôle, par exemple "
                    + "Widgets.interact(() -> ..., Widgets.intSlider(\"n\", 1, 10, 5)).");
        }
        Output out = new Output();
        out.redraw(f);
        for (Widget c : controls) {
            c.observe(c.valueTrait(), v -> out.redraw(f), out);
        }
        List<Widget> children = new ArrayList<>(List.of(controls));
        children.add(out);
        return new Box("VBox", children);
    }

    /** Called once by the extension: lets front ends open the widgets' control comm. */
    public static void install(org.dflib.jjava.jupyter.kernel.BaseKernel kernel) {
        Comms.install(kernel);
    }

    /** Widgets open in the browser now (closed ones are forgotten). */
    public static int openCount() {
        return Comms.openCount();
    }

    /** What %widgets prints: each widget and the Java that makes it. */
    public static String help() {
        return String.join("\n",
                "Widgets Jupyter (fr.carnets.widgets.Widgets), à afficher comme valeur d'une cellule :",
                "  Widgets.intSlider(\"Époques\", 1, 20, 5)              curseur d'entiers",
                "  Widgets.floatSlider(\"Seuil\", 0, 1, 0.5)             curseur de décimaux",
                "  Widgets.floatLogSlider(\"Taux\", 1e-4, 1, 0.01)       curseur logarithmique (puissances de 10)",
                "  Widgets.dropdown(\"Activation\", List.of(\"relu\", \"tanh\"), \"relu\")   liste déroulante",
                "  Widgets.toggleButtons(\"Filtre\", List.of(\"flou\", \"bords\"), \"flou\")   boutons à bascule",
                "  Widgets.checkbox(\"Normaliser\", true)   Widgets.text(\"Nom\", \"\")   Widgets.label(\"texte\")",
                "  Widgets.button(\"Entraîner\").onClick(() -> ...)      bouton",
                "  Widgets.intProgress(\"Époque\", 0, 10, 0)   Widgets.floatProgress(\"Perte\", 0, 1, 0)",
                "  Widgets.output()   Widgets.hbox(a, b)   Widgets.vbox(a, b)   Widgets.image(valeurs2D, échelle)",
                "  Widgets.drawingPad()   planche à dessin : value() = le chiffre dessiné, [1, 1, 28, 28] comme MNIST ; clear() l'efface",
                "  Widgets.interact(() -> calcul(curseur.value()), curseur)   redessine à chaque changement",
                "Valeur : w.value() ; changement : w.onChange(v -> ...) ; fermeture : w.close().",
                "Les fonctions s'exécutent entre deux cellules ; une erreur s'affiche sous les contrôles, le noyau continue.");
    }
}
