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
        Slider<Integer> s = new Slider<>("IntSlider", Integer.class, description, value);
        s.init("min", min);
        s.init("max", max);
        s.init("step", 1);
        s.init("readout", true);
        s.init("readout_format", "d");
        s.init("continuous_update", true);
        s.open();
        return s;
    }

    static Slider<Double> ofDouble(String description, double min, double max, double value) {
        Slider<Double> s = new Slider<>("FloatSlider", Double.class, description, value);
        s.init("min", min);
        s.init("max", max);
        s.init("step", (max - min) / 100);
        s.init("readout", true);
        s.init("readout_format", ".3g");
        s.init("continuous_update", true);
        s.open();
        return s;
    }

    /** From {@code min} to {@code max} (both > 0) by powers of ten; ipywidgets takes the exponents. */
    static Slider<Double> ofLog(String description, double min, double max, double value) {
        if (!(min > 0 && max > min && value > 0)) {
            throw new IllegalArgumentException("Un curseur logarithmique va d'un minimum > 0 à un maximum plus grand, "
                    + "avec une valeur > 0 (par exemple de 1e-4 à 1, valeur 0.01) ; reçu : de " + min + " à " + max + ", valeur " + value + ".");
        }
        Slider<Double> s = new Slider<>("FloatLogSlider", Double.class, description, value);
        s.init("base", 10.0);
        s.init("min", Math.log10(min));
        s.init("max", Math.log10(max));
        s.init("step", 0.1);
        s.init("readout", true);
        s.init("readout_format", ".3g");
        s.init("continuous_update", true);
        s.open();
        return s;
    }
}
