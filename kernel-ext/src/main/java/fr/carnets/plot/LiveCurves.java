package fr.carnets.plot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Learning curves redrawn in place, in the same output, after each epoch.
 *
 * <pre>
 * LiveCurves live = LiveCurves.show();                  // an empty figure appears
 * for (int e = 0; e &lt; 10; e++) {
 *     ... train one epoch ...
 *     live.add(Map.of("loss", l, "val_loss", vl, "accuracy", a, "val_accuracy", va));
 * }
 * // or, from a training history: live.update(history);
 * </pre>
 * Outside a notebook (tests, plain Java) it records values and shows nothing.
 */
public final class LiveCurves implements Curves, Plotted {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final String title;
    private String displayId;
    private int updates;

    public LiveCurves() {
        this(null);
    }

    public LiveCurves(String title) {
        this.title = title;
    }

    /** Creates the curves and shows them now (an empty figure until the first epoch). */
    public static LiveCurves show() {
        return show(null);
    }

    public static LiveCurves show(String title) {
        LiveCurves l = new LiveCurves(title);
        l.display();
        return l;
    }

    /** Shows the curves in the current cell's output; later updates redraw that output. */
    public synchronized LiveCurves display() {
        displayId = Display.show(this);
        return this;
    }

    /** The Jupyter display id of the output updated in place (null outside a notebook). */
    public synchronized String displayId() {
        return displayId;
    }

    /** How many times the display was redrawn. */
    public synchronized int updates() {
        return updates;
    }

    /** Appends one epoch's metrics (a metric absent this epoch gets NaN) and redraws. */
    public synchronized void add(Map<String, ? extends Number> epochMetrics) {
        int before = epochs();
        for (String k : epochMetrics.keySet()) {
            List<Double> l = values.computeIfAbsent(k, x -> new ArrayList<>());
            while (l.size() < before) l.add(Double.NaN);
        }
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            Number v = epochMetrics.get(e.getKey());
            e.getValue().add(v == null ? Double.NaN : v.doubleValue());
        }
        redraw();
    }

    /** Replaces everything with a history's values and redraws (e.g. from a fit callback). */
    public synchronized void update(Curves history) {
        values.clear();
        for (String name : history.metricNames()) {
            List<Double> l = new ArrayList<>();
            for (double d : history.get(name)) l.add(d);
            values.put(name, l);
        }
        redraw();
    }

    private void redraw() {
        if (displayId != null && Display.update(displayId, this)) updates++;
    }

    public synchronized Figure figure() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String n : values.keySet()) m.put(n, get(n));
        Figure f = Plots.curves(m);
        if (title != null) f.title(title);
        return f;
    }

    @Override
    public synchronized List<String> metricNames() {
        return Collections.unmodifiableList(new ArrayList<>(values.keySet()));
    }

    @Override
    public synchronized double[] get(String name) {
        List<Double> l = values.get(name);
        if (l == null) throw new IllegalArgumentException("Métrique inconnue « " + name + " » ; connues : " + values.keySet());
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = l.get(i);
        return d;
    }

    @Override
    public synchronized int epochs() {
        int n = 0;
        for (List<Double> l : values.values()) n = Math.max(n, l.size());
        return n;
    }

    @Override
    public String toString() {
        return "Courbes en direct : " + epochs() + " époque(s), métriques " + metricNames();
    }
}
