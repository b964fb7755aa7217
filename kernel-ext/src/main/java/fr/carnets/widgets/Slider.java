package fr.carnets.widgets;

/**
 * The sliders: {@link Widgets#intSlider}, {@link Widgets#floatSlider} and {@link Widgets#floatLogSlider}
 * (a log-scale slider for learning rates: it moves by factors of ten, the value stays a plain number).
 */
public final class Slider<T extends Number> extends ValueWidget<T> {
    Slider(String name, Class<T> type, String description, T value) {
        super(name, type, description, value);
    }

    static Slider<Integer> ofInt(String description, int min, int max, int value) {
        return new Slider<>("IntSlider", Integer.class, description, value).range(min, max, 1, "d");
    }

    static Slider<Double> ofDouble(String description, double min, double max, double value) {
        if (!(max > min)) {
            throw new IllegalArgumentException("Un curseur va d'un minimum à un maximum plus grand (par exemple de 0 à 1) ; reçu : de "
                    + min + " à " + max + ".");
        }
        double step = roundStep(max - min);
        return new Slider<>("FloatSlider", Double.class, description, value).range(min, max, step, "." + decimals(step) + "f");
    }

    /**
     * A power of ten giving 50 to 500 positions. The browser snaps values to min + k·step: with a
     * hundredth of the range, a slider from -4 to 8 moved by 0.12 and could not stop at 0.
     */
    static double roundStep(double range) {
        return Math.pow(10, Math.floor(Math.log10(range / 50)));
    }

    /** The digits after the decimal point that a step shows (0.01: 2; 5: 0). */
    static int decimals(double step) {
        return Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    }

    /** Sets the bounds, the step and the readout's format, then opens the widget. */
    private Slider<T> range(Object min, Object max, Object step, String format) {
        init("min", min);
        init("max", max);
        init("step", step);
        init("readout", true);
        init("readout_format", format);
        init("continuous_update", true);
        open();
        return this;
    }

    /** From {@code min} to {@code max} (both > 0) by powers of ten; ipywidgets takes the exponents. */
    static Slider<Double> ofLog(String description, double min, double max, double value) {
        if (!(min > 0 && max > min && value > 0)) {
            throw new IllegalArgumentException("Un curseur logarithmique va d'un minimum > 0 à un maximum plus grand, "
                    + "avec une valeur > 0 (par exemple de 1e-4 à 1, valeur 0.01) ; reçu : de " + min + " à " + max + ", valeur " + value + ".");
        }
        Slider<Double> s = new Slider<>("FloatLogSlider", Double.class, description, value);
        s.init("base", 10.0);
        return s.range(Math.log10(min), Math.log10(max), 0.1, ".3g");
    }
}
