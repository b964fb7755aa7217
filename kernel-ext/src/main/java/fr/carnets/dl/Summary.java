package fr.carnets.dl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
