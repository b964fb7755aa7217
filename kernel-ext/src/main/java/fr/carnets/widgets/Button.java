package fr.carnets.widgets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.JsonObject;

/** A button: each click runs its actions on the kernel's cell thread (clicks are not coalesced). */
public final class Button extends Widget {
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private Output errors;

    Button(String description) {
        super("Button");
        init("description", description);
        init("button_style", "");
        init("icon", "");
        init("tooltip", null);
        open();
    }

    /** Runs {@code action} at each click; its errors go to {@code errors} (null: the kernel's stderr). */
    public Button onClick(Runnable action, Output errors) {
        this.errors = errors;
        actions.add(action);
        return this;
    }

    public Button onClick(Runnable action) {
        return onClick(action, errors);
    }

    /** A click made from Java (as the browser's would). */
    public void click() {
        actions.forEach(a -> Callbacks.run(a, errors));
    }

    @Override
    void receiveCustom(JsonObject content) {
        if (content.has("event") && "click".equals(content.get("event").getAsString())) {
            actions.forEach(a -> Callbacks.later(a, errors));
        }
    }

    @Override
    public String toString() {
        return "[" + get("description") + "]";
    }
}
