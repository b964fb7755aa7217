package fr.carnets.widgets;

import java.util.function.Consumer;

/** A control with one value (a slider's number, a checkbox's state, a text), labelled by its description. */
public class ValueWidget<T> extends Widget {
    private final Class<T> type;

    ValueWidget(String name, Class<T> type, String description, T value) {
        this(name + "Model", name + "View", type, description, value);
    }

    ValueWidget(String model, String view, Class<T> type, String description, T value) {
        super(CONTROLS, CONTROLS_VERSION, model, view);
        this.type = type;
        init("description", description == null ? "" : description);
        init("value", value);
    }

    public T value() {
        return convert(get("value"));
    }

    /** Sets the value (the browser follows, observers run). */
    public ValueWidget<T> value(T value) {
        set("value", value);
        return this;
    }

    public String description() {
        return String.valueOf(get("description"));
    }

    /** Calls {@code action} with each new value (from the browser: coalesced, on the cell thread). */
    public ValueWidget<T> onChange(Consumer<T> action) {
        observe("value", v -> action.accept(convert(v)));
        return this;
    }

    /** The front end sends JSON numbers: an int trait may arrive as a double, and back. */
    @SuppressWarnings("unchecked")
    T convert(Object v) {
        if (v instanceof Number n) {
            if (type == Integer.class) {
                return (T) Integer.valueOf((int) Math.round(n.doubleValue()));
            }
            if (type == Double.class) {
                return (T) Double.valueOf(n.doubleValue());
            }
        }
        return type.cast(v);
    }

    /** The value as the text fallback shows it (numbers with a decimal comma). */
    String shown() {
        T v = value();
        return v instanceof Double d ? fr.carnets.plot.Fr.format("%.4g", d) : String.valueOf(v);
    }

    @Override
    public String toString() {
        String d = description();
        return (d.isEmpty() ? "" : d + " : ") + shown();
    }
}
