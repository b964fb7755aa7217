package fr.carnets.dl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Keras's {@code model.summary()}: one row per layer; shows as an HTML table in a notebook. */
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
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    Summary(String title) {
        this.title = title;
    }

    void add(String name, String type, String outputShape, long params, long trainableParams, boolean frozen) {
        rows.add(new Row(name, type, outputShape, params, trainableParams, frozen));
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

    static String fmt(long n) {
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
                    r.params == 0 ? "" : r.frozen ? "non (gelée)" : r.trainableParams < r.params ? "en partie" : "oui"));
        }
        sb.append(rule);
        sb.append("Paramètres au total : ").append(fmt(totalParams())).append('\n');
        sb.append("Paramètres entraînables : ").append(fmt(trainableParams())).append('\n');
        sb.append("Paramètres non entraînables : ").append(fmt(nonTrainableParams())).append('\n');
        return sb.toString();
    }

    public String toHtml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"carnets-summary\"><table style=\"border-collapse:collapse;font-family:monospace\">");
        sb.append("<caption style=\"text-align:left;font-weight:bold\">Modèle : ").append(esc(title)).append("</caption>");
        sb.append("<thead><tr><th style=\"text-align:left\">Couche (type)</th><th style=\"text-align:left\">Forme de sortie</th>"
                + "<th style=\"text-align:right\">Paramètres</th><th style=\"text-align:left\">Entraînable</th></tr></thead><tbody>");
        for (Row r : rows) {
            sb.append("<tr").append(r.frozen ? " style=\"opacity:0.6\"" : "").append("><td>").append(esc(r.name))
                    .append(" (").append(esc(r.type)).append(")</td><td>").append(esc(r.outputShape))
                    .append("</td><td style=\"text-align:right\">").append(fmt(r.params)).append("</td><td>")
                    .append(r.params == 0 ? "" : r.frozen ? "non (gelée)" : r.trainableParams < r.params ? "en partie" : "oui")
                    .append("</td></tr>");
        }
        sb.append("</tbody><tfoot><tr><td colspan=\"4\">Paramètres au total : ").append(fmt(totalParams()))
                .append(" — entraînables : ").append(fmt(trainableParams()))
                .append(" — non entraînables : ").append(fmt(nonTrainableParams())).append("</td></tr></tfoot></table></div>");
        return sb.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
