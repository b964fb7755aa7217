package fr.carnets.widgets;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * An output area (ipywidgets' Output): what a callback prints or returns, shown under its controls.
 * Its content is the model's {@code outputs} trait, sent by the kernel, so it shows in every front
 * end and in saved widget state; a callback running later, between cells, has no cell to print in.
 */
public final class Output extends Widget {
    private static final Gson GSON = new Gson();
    private final List<Map<String, Object>> outputs = new ArrayList<>();

    Output() {
        super("@jupyter-widgets/output", "1.0.0", "OutputModel", "OutputView");
        init("msg_id", "");
        init("outputs", List.of());
        open();
    }

    /** Empties the area. */
    public void clear() {
        synchronized (outputs) {
            outputs.clear();
        }
        publish();
    }

    /** Adds a line of text. */
    public void println(Object text) {
        stream("stdout", text + "\n");
    }

    void printError(String text) {
        stream("stderr", text);
    }

    private void stream(String name, String text) {
        if (!text.isEmpty()) {
            add(streamOf(name, text));
        }
    }

    private static Map<String, Object> streamOf(String name, String text) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("output_type", "stream");
        o.put("name", name);
        o.put("text", text);
        return o;
    }

    /** Shows a value as a cell would (a figure, a table, another widget). */
    public void display(Object value) {
        add(displayOf(value));
    }

    private static Map<String, Object> displayOf(Object value) {
        BaseKernel kernel = Comms.kernel();
        DisplayData d = kernel == null ? new DisplayData(String.valueOf(value)) : kernel.getRenderer().render(value);
        JsonObject json = GSON.toJsonTree(d).getAsJsonObject();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("output_type", "display_data");
        o.put("data", GSON.fromJson(json.get("data"), Map.class));
        o.put("metadata", json.has("metadata") && !json.get("metadata").isJsonNull() ? GSON.fromJson(json.get("metadata"), Map.class) : Map.of());
        return o;
    }

    private void add(Map<String, Object> output) {
        synchronized (outputs) {
            outputs.add(output);
        }
        publish();
    }

    private void publish() {
        List<Object> copy;
        synchronized (outputs) {
            copy = new ArrayList<>(outputs);
        }
        set("outputs", copy);
    }

    /**
     * Runs {@code body} with what this thread prints (System.out, System.err) going to this area;
     * other threads print where they did.
     */
    public void capture(Runnable body) {
        Captured c = new Captured();
        try {
            c.run(body);
        } finally {
            stream("stdout", c.out());
            stream("stderr", c.err());
        }
    }

    /**
     * Replaces the area's content, in one update (no flicker), with what {@code f} prints and
     * returns, or with the French report of its exception: what {@link Widgets#interact} redraws.
     */
    public void redraw(java.util.function.Supplier<?> f) {
        Captured c = new Captured();
        List<Map<String, Object>> fresh = new ArrayList<>();
        Object value = null;
        Throwable failure = null;
        try {
            value = c.run(f);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (!c.out().isEmpty()) {
            fresh.add(streamOf("stdout", c.out()));
        }
        if (!c.err().isEmpty()) {
            fresh.add(streamOf("stderr", c.err()));
        }
        if (failure != null) {
            fresh.add(streamOf("stderr", Callbacks.explain(failure)));
        } else if (value != null) {
            fresh.add(displayOf(value));
        }
        synchronized (outputs) {
            outputs.clear();
            outputs.addAll(fresh);
        }
        publish();
    }

    /** What one thread printed while running a function. */
    private static final class Captured {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        <T> T run(java.util.function.Supplier<T> f) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            Thread me = Thread.currentThread();
            PrintStream o = new PrintStream(new ThisThread(me, out, oldOut), true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(new ThisThread(me, err, oldErr), true, StandardCharsets.UTF_8);
            System.setOut(o);
            System.setErr(e);
            try {
                return f.get();
            } finally {
                o.flush();
                e.flush();
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }

        void run(Runnable body) {
            run(() -> {
                body.run();
                return null;
            });
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes of one thread kept, the others passed on. */
    private static final class ThisThread extends OutputStream {
        private final Thread thread;
        private final ByteArrayOutputStream kept;
        private final OutputStream others;

        ThisThread(Thread thread, ByteArrayOutputStream kept, OutputStream others) {
            this.thread = thread;
            this.kept = kept;
            this.others = others;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            if (Thread.currentThread() == thread) {
                synchronized (kept) {
                    kept.write(b, off, len);
                }
            } else {
                others.write(b, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            if (Thread.currentThread() != thread) {
                others.flush();
            }
        }
    }

    /** The text of what the area shows (its displays by their plain text). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        synchronized (outputs) {
            for (Map<String, Object> o : outputs) {
                Object text = o.containsKey("text") ? o.get("text")
                        : o.get("data") instanceof Map<?, ?> data ? data.get("text/plain") : null;
                if (text != null) {
                    b.append(text);
                    if (!text.toString().endsWith("\n")) {
                        b.append('\n');
                    }
                }
            }
        }
        return b.toString().stripTrailing();
    }
}
