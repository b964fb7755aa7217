package fr.carnets.widgets;

import java.util.List;
import java.util.function.Consumer;

/** One option out of several: {@link Widgets#dropdown} (a list) or {@link Widgets#toggleButtons} (buttons side by side). */
public final class Choice extends Widget {
    private final List<String> options;

    Choice(String name, String description, List<String> options, String value) {
        super(name);
        if (options.isEmpty()) {
            throw new IllegalArgumentException("Donnez au moins une option au choix « " + description + " ».");
        }
        int index = options.indexOf(value);
        if (index < 0) {
            throw new IllegalArgumentException("« " + value + " » n'est pas une des options " + options + " : choisissez-en une.");
        }
        this.options = List.copyOf(options);
        init("description", description == null ? "" : description);
        init("_options_labels", this.options);
        init("index", index);
        if (name.equals("ToggleButtons")) {
            init("tooltips", List.of());
            init("icons", List.of());
            init("button_style", "");
        }
        open();
    }

    /** The chosen option. */
    public String value() {
        Object i = get("index");
        return i instanceof Number n ? options.get((int) Math.round(n.doubleValue())) : null;
    }

    public Choice value(String option) {
        int index = options.indexOf(option);
        if (index < 0) {
            throw new IllegalArgumentException("« " + option + " » n'est pas une des options " + options + ".");
        }
        set("index", index);
        return this;
    }

    @Override
    String valueTrait() {
        return "index";
    }

    /** Calls {@code action} with each newly chosen option. */
    public Choice onChange(Consumer<String> action) {
        observe("index", i -> action.accept(value()));
        return this;
    }

    @Override
    public String toString() {
        String d = String.valueOf(get("description"));
        return (d.isEmpty() ? "" : d + " : ") + value() + " (parmi " + String.join(", ", options) + ")";
    }
}
