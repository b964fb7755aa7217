package fr.carnets.dl.training;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.shade.jackson.databind.ObjectMapper;

import fr.carnets.dl.ModelException;

/**
 * What {@code fit} returns, like Keras's History: per epoch {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy} and the seconds each epoch took. It grows epoch by epoch
 * during fit, so an interrupted or killed fit still leaves the epochs done ({@code model.history()}).
 * {@code Plots.curves(history)} draws it; as a cell's result it shows its curves and its table.
 */
public final class History implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, List<Double>> metrics = new LinkedHashMap<>();
    private final List<Double> seconds = new ArrayList<>();
    private String stopReason;

    public History() {}

    /** Metric names in order, e.g. [loss, accuracy, val_loss, val_accuracy]. */
    public synchronized List<String> metricNames() {
        return Collections.unmodifiableList(new ArrayList<>(metrics.keySet()));
    }

    /** Values per epoch of a metric ("loss", "accuracy", "val_loss", "val_accuracy"). */
    public synchronized double[] get(String name) {
        List<Double> v = metrics.get(name);
        if (v == null) {
            throw new ModelException("Pas de mesure \"" + name + "\" dans cet historique. Mesures présentes : " + metrics.keySet()
                    + (name != null && name.startsWith("val_") ? " (les mesures val_ demandent validationSplit ou validationData)" : "") + ".");
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public synchronized boolean has(String name) {
        return metrics.containsKey(name);
    }

    /** Number of epochs completed. */
    public synchronized int epochs() {
        return seconds.size();
    }

    /** Wall-clock seconds of each epoch (training and validation). */
    public synchronized double[] epochSeconds() {
        return seconds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Why training stopped before its last epoch (interrupt, early stopping), or null. */
    public synchronized String stopReason() {
        return stopReason;
    }

    synchronized void setStopReason(String reason) {
        this.stopReason = reason;
    }

    /** Appends one epoch; every epoch must carry the same metric names. */
    public synchronized void addEpoch(Map<String, Double> values, double epochSeconds) {
        int n = seconds.size();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            List<Double> list = metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (list.size() < n) list.add(Double.NaN);
            list.add(e.getValue());
        }
        for (List<Double> list : metrics.values()) {
            while (list.size() < n + 1) list.add(Double.NaN);
        }
        seconds.add(epochSeconds);
    }

    /** Metric values of one epoch (0-based). */
    public synchronized Map<String, Double> epoch(int i) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : metrics.entrySet()) m.put(e.getKey(), e.getValue().get(i));
        return m;
    }

    public synchronized String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("history", metrics);
        root.put("epoch_seconds", seconds);
        if (stopReason != null) root.put("stop_reason", stopReason);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new ModelException("Impossible d'écrire l'historique en JSON : " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static History fromJson(String json) {
        try {
            Map<String, Object> root = new ObjectMapper().readValue(json, Map.class);
            History h = new History();
            Map<String, List<Number>> m = (Map<String, List<Number>>) root.get("history");
            List<Number> secs = (List<Number>) root.get("epoch_seconds");
            for (Map.Entry<String, List<Number>> e : m.entrySet()) {
                List<Double> vals = new ArrayList<>();
                for (Object o : e.getValue()) vals.add(o instanceof Number x ? x.doubleValue() : Double.NaN);
                h.metrics.put(e.getKey(), vals);
            }
            for (Number s : secs) h.seconds.add(s.doubleValue());
            h.stopReason = (String) root.get("stop_reason");
            return h;
        } catch (IOException | RuntimeException e) {
            throw new ModelException("Ce texte n'est pas un historique Carnets en JSON : " + e.getMessage(), e);
        }
    }

    /** Saves as JSON (written to a temporary file, then renamed). */
    public void save(String path) {
        save(Path.of(path));
    }

    public void save(Path path) {
        try {
            fr.carnets.data.AtomicFile.write(path, toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelException("Impossible d'écrire " + path + " : " + e.getMessage(), e);
        }
    }

    public static History load(String path) {
        return load(Path.of(path));
    }

    public static History load(Path path) {
        try {
            return fromJson(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelException("Impossible de lire l'historique " + path + " : " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("History(" + epochs() + " époques)");
        for (int i = 0; i < epochs(); i++) {
            sb.append("\n  Epoch ").append(i + 1).append(String.format(Locale.ROOT, " (%.1f s)", seconds.get(i)));
            for (Map.Entry<String, List<Double>> e : metrics.entrySet()) {
                sb.append(String.format(Locale.ROOT, " - %s: %.4f", e.getKey(), e.getValue().get(i)));
            }
        }
        if (stopReason != null) sb.append("\n  ").append(stopReason);
        return sb.toString();
    }
}
