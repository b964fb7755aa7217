package fr.carnets.dl.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

import fr.carnets.dl.layers.Input;

/** Keras's {@code model.summary()}: one row per layer (fr.carnets.plot.Views draws it as an HTML table). */
public final class Summary {
    /** One layer of the summary. */
    public static final class Row {
        public final String name;
        public final String type;
        public final String outputShape;
        public final long params;
        public final long trainableParams;
        public final boolean frozen;

        Row(String name, String type, String outputShape, long params, long trainableParams, boolean frozen) {
            this.name = name;
            this.type = type;
            this.outputShape = outputShape;
            this.params = params;
            this.trainableParams = trainableParams;
            this.frozen = frozen;
        }

        /** "oui", "en partie", "non (gelée)", or empty for a layer without parameters. */
        public String trainable() {
            return params == 0 ? "" : frozen ? "non (gelée)" : trainableParams < params ? "en partie" : "oui";
        }
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    Summary(String title) {
        this.title = title;
    }

    void add(String name, String type, String outputShape, long params, long trainableParams, boolean frozen) {
        rows.add(new Row(name, type, outputShape, params, trainableParams, frozen));
    }

    /** A row for a layer or vertex of a model: its Keras type, and no trainable weights when frozen. */
    void add(LayerStack.Entry e, String name, String outputShape, long params) {
        String type = e.layer != null ? kerasType(e.layer) : e.vertex.getClass().getSimpleName().replace("Vertex", "");
        // a batch normalisation's running mean and variance are not trained
        long trainable = e.frozen ? 0 : e.layer instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization ? params / 2 : params;
        add(name, type, outputShape, params, trainable, e.frozen);
    }

    static long flatSize(InputType t) {
        long[] s = Input.shapeOf(t);
        if (s == null) return -1;
        long p = 1;
        for (long v : s) p *= v;
        return p;
    }

    static String shapeText(InputType t) {
        long[] s = Input.shapeOf(t);
        if (s == null) return t.toString();
        StringBuilder sb = new StringBuilder("(None");
        for (long v : s) sb.append(", ").append(v);
        return sb.append(')').toString();
    }

    static String kerasType(org.deeplearning4j.nn.conf.layers.Layer c) {
        return switch (c.getClass().getSimpleName()) {
            case "DenseLayer", "OutputLayer" -> "Dense";
            case "ConvolutionLayer" -> "Conv2D";
            case "SubsamplingLayer" -> String.valueOf(((SubsamplingLayer) c).getPoolingType()).equals("MAX") ? "MaxPooling2D" : "AveragePooling2D";
            case "GlobalPoolingLayer" -> "GlobalAveragePooling2D";
            case "DropoutLayer" -> "Dropout";
            default -> c.getClass().getSimpleName();
        };
    }

    /** The model's name, as in "Modèle : sequential". */
    public String title() {
        return title;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public long totalParams() {
        return rows.stream().mapToLong(r -> r.params).sum();
    }

    public long trainableParams() {
        return rows.stream().mapToLong(r -> r.trainableParams).sum();
    }

    public long nonTrainableParams() {
        return totalParams() - trainableParams();
    }

    /** A count as the summary writes it: French digit groups with plain spaces (15 910). */
    public static String fmt(long n) {
        return String.format(Locale.FRANCE, "%,d", n).replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    @Override
    public String toString() {
        int w1 = "Couche (type)".length(), w2 = "Forme de sortie".length(), w3 = "Paramètres".length();
        for (Row r : rows) {
            w1 = Math.max(w1, (r.name + " (" + r.type + ")").length());
            w2 = Math.max(w2, r.outputShape.length());
            w3 = Math.max(w3, fmt(r.params).length());
        }
        String f = "%-" + (w1 + 2) + "s%-" + (w2 + 2) + "s%" + w3 + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append("Modèle : \"").append(title).append("\"\n");
        String header = String.format(f, "Couche (type)", "Forme de sortie", "Paramètres", "Entraînable");
        String rule = "─".repeat(header.length() - 1) + "\n";
        sb.append(rule).append(header).append(rule.replace('─', '═'));
        for (Row r : rows) {
            sb.append(String.format(f, r.name + " (" + r.type + ")", r.outputShape, fmt(r.params),
                    r.trainable()));
        }
        sb.append(rule);
        sb.append("Paramètres au total : ").append(fmt(totalParams())).append('\n');
        sb.append("Paramètres entraînables : ").append(fmt(trainableParams())).append('\n');
        sb.append("Paramètres non entraînables : ").append(fmt(nonTrainableParams())).append('\n');
        return sb.toString();
    }
}
