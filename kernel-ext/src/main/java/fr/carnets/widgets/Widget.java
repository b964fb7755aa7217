package fr.carnets.widgets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * A Jupyter widget driven from Java: its traits (the model's state) live here and in the browser,
 * kept in step by the widget protocol. Shown as a cell's value (or in a box, or an {@link Output}),
 * it is drawn by the front end; without one (a headless run) its text says what it holds.
 *
 * <p>A change made in Java is sent at once and runs this widget's observers on the spot. A change
 * made in the browser runs them on the kernel's cell thread between cells, coalesced: while one
 * call runs, any number of new values make one more call, with the latest value.
 */
public abstract class Widget implements DisplayDataRenderable {
    static final String CONTROLS = "@jupyter-widgets/controls";
    static final String BASE = "@jupyter-widgets/base";
    static final String CONTROLS_VERSION = "2.0.0";
    static final String WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";

    private static final java.util.concurrent.atomic.AtomicLong LOCAL_IDS = new java.util.concurrent.atomic.AtomicLong();

    private final Map<String, Object> traits = new LinkedHashMap<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private Comms.WidgetComm comm;
    private String localId;
    private volatile boolean closed;

    /** One observed trait and what to call; {@code pending} coalesces browser changes. */
    private record Observer(String trait, Consumer<Object> action, Output errors, java.util.concurrent.atomic.AtomicBoolean pending) {
    }

    protected Widget(String module, String version, String model, String view) {
        traits.put("_model_module", module);
        traits.put("_model_module_version", version);
        traits.put("_model_name", model);
        traits.put("_view_module", module);
        traits.put("_view_module_version", version);
        traits.put("_view_name", view);
        traits.put("_dom_classes", List.of());
    }

    /** A control of @jupyter-widgets/controls ("IntSlider" gives IntSliderModel and IntSliderView). */
    protected Widget(String name) {
        this(CONTROLS, CONTROLS_VERSION, name + "Model", name + "View");
    }

    /** Sets a trait before {@link #open()} (nothing is sent yet). */
    protected final synchronized void init(String trait, Object value) {
        traits.put(trait, value);
    }

    /** Sends the state to the front end: each concrete widget calls it last in its constructor. */
    protected final void open() {
        comm = Comms.open(this);
        if (comm == null) {
            localId = "local-" + LOCAL_IDS.incrementAndGet();
        }
    }

    /** The model id (the comm's id), as the front end knows it. */
    public String id() {
        return comm != null ? comm.getID() : localId;
    }

    /** A copy of the traits, for the protocol. */
    synchronized Map<String, Object> traits() {
        return new LinkedHashMap<>(traits);
    }

    /** A trait's value ("value", "description", "max"...). */
    public synchronized Object get(String trait) {
        return traits.get(trait);
    }

    /** Sets traits from Java: the browser gets them, then the observers of those traits run here. */
    public Widget set(String trait, Object value) {
        return set(Map.of(trait, value == null ? NULL : value));
    }

    private static final Object NULL = new Object();

    Widget set(Map<String, Object> changes) {
        Map<String, Object> values = new LinkedHashMap<>();
        changes.forEach((k, v) -> values.put(k, v == NULL ? null : v));
        synchronized (this) {
            traits.putAll(values);
        }
        sendState(values);
        for (Observer o : observers) {
            if (values.containsKey(o.trait())) {
                Callbacks.run(() -> o.action().accept(values.get(o.trait())), o.errors());
            }
        }
        return this;
    }

    /**
     * Calls {@code action} with the new value each time a trait changes; from the browser, on the
     * kernel's cell thread, coalesced (see the class comment).
     */
    public Widget observe(String trait, Consumer<Object> action) {
        return observe(trait, action, null);
    }

    /** The same, with the errors of {@code action} shown in {@code errors} (null: in the kernel's stderr). */
    Widget observe(String trait, Consumer<Object> action, Output errors) {
        observers.add(new Observer(trait, action, errors, new java.util.concurrent.atomic.AtomicBoolean()));
        return this;
    }

    /** The trait that holds what the learner chose ("value"; a choice's "index"). */
    String valueTrait() {
        return "value";
    }

    /** Sends a custom message ({"method": "custom"}) to the front end's model. */
    public void send(Map<String, Object> content) {
        if (comm != null) {
            JsonObject data = new JsonObject();
            data.addProperty("method", "custom");
            data.add("content", WidgetState.toJson(content));
            Comms.send(comm, data, List.of());
        }
    }

    /** Closes the widget here and in the browser; it can no longer change. */
    public void close() {
        closed = true;
        if (comm != null) {
            Comms.close(comm);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    void closedByFrontEnd() {
        closed = true;
    }

    void sendState(Map<String, Object> values) {
        sendState("update", values);
    }

    private void sendState(String method, Map<String, Object> values) {
        if (comm == null) {
            return;
        }
        WidgetState.Encoded s = WidgetState.encode(values);
        JsonObject data = new JsonObject();
        data.addProperty("method", method);
        data.add("state", s.state());
        data.add("buffer_paths", s.bufferPaths());
        Comms.send(comm, data, s.buffers());
    }

    /** An update from the browser: kept, echoed to every front end (protocol 2.1), observers scheduled. */
    void receiveUpdate(JsonObject state, JsonArray bufferPaths, List<byte[]> buffers) {
        Map<String, Object> values;
        synchronized (this) {
            values = WidgetState.decode(state, bufferPaths, buffers, traits);
            traits.putAll(values);
        }
        sendState("echo_update", values);
        for (Observer o : observers) {
            if (values.containsKey(o.trait()) && o.pending().compareAndSet(false, true)) {
                Callbacks.later(() -> {
                    o.pending().set(false);
                    o.action().accept(get(o.trait()));
                }, o.errors());
            }
        }
    }

    /** A custom message from the browser (a button's click). */
    void receiveCustom(JsonObject content) {
    }

    /** What the widget holds, in words: the text of headless runs. */
    @Override
    public abstract String toString();

    @Override
    public void render(RenderContext context) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("version_major", 2);
        view.put("version_minor", 0);
        view.put("model_id", id());
        context.getOutputContainer().putData(WIDGET_VIEW, view);
        context.getOutputContainer().putText(toString());
    }
}
