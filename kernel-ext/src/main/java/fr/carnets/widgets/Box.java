package fr.carnets.widgets;

import java.util.List;
import java.util.stream.Collectors;

/** Widgets side by side ({@link Widgets#hbox}) or one above the other ({@link Widgets#vbox}). */
public final class Box extends Widget {
    private final List<Widget> children;

    Box(String name, List<Widget> children) {
        super(name);
        this.children = List.copyOf(children);
        init("children", this.children);
        init("box_style", "");
        open();
    }

    public List<Widget> children() {
        return children;
    }

    /** Closes the box and every widget in it. */
    @Override
    public void close() {
        children.forEach(Widget::close);
        super.close();
    }

    @Override
    public String toString() {
        return children.stream().map(Widget::toString).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(get("_model_name").equals("HBoxModel") ? " | " : "\n"));
    }
}
