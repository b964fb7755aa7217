package fr.carnets.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.analysis.ConfusionMatrix;
import fr.carnets.analysis.ThresholdCurve;
import fr.carnets.dl.training.History;

/**
 * The course's plots, in French, as {@link Figure}s (PNG + SVG in the notebook).
 *
 * <pre>
 * Plots.curves(history)                         // loss | accuracy, training and validation
 * Plots.images(x).labels(y).classes(names)      // image grid (see ImageGrid)
 * Plots.confusion(cm, true)                     // normalised confusion matrix
 * Plots.precisionRecall(curve)                  // precision and recall against the threshold
 * Plots.bars("Effectifs", names, counts)
 * Plots.filters(weights)  Plots.featureMaps(activations)
 * </pre>
 */
public final class Plots {
    private Plots() {}

    static final int CURVE_W = 460;
    static final int CURVE_H = 350;

    // ---------------------------------------------------------------- learning curves

    /** Learning curves of a history: one panel per metric (loss, accuracy…), training and validation together. */
    public static Figure curves(Curves history) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String name : history.metricNames()) m.put(name, history.get(name));
        return curves(m);
    }

    public static Figure curves(Curves history, String title) {
        return curves(history).title(title);
    }

    /** Learning curves of a fit's history, like Keras's plots of {@code history.history}. */
    public static Figure curves(History history) {
        return curves(Curves.of(history));
    }

    public static Figure curves(History history, String title) {
        return curves(history).title(title);
    }

    /**
     * Learning curves from named per-epoch series. A series {@code val_X} goes in the panel of
     * {@code X}; {@code loss} comes first, then {@code accuracy}, then the others.
     */
    public static Figure curves(Map<String, double[]> series) {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(series.keySet());
        names.sort((a, b) -> Integer.compare(rank(base(a)), rank(base(b))));
        for (String n : names) panels.computeIfAbsent(base(n), k -> new ArrayList<>()).add(n);
        Figure f = new Figure(Math.max(1, Math.min(2, panels.size())), CURVE_W, CURVE_H);
        if (panels.isEmpty()) {
            f.add(message("Pas encore de données : les courbes apparaissent après la première époque."));
            return f;
        }
        for (Map.Entry<String, List<String>> p : panels.entrySet()) {
            Map<String, double[]> part = new LinkedHashMap<>();
            for (String n : p.getValue()) part.put(n, series.get(n));
            XYChart c = curveChart(p.getKey(), part);
            if (c != null) f.add(c);
            else f.add(message(french(p.getKey()) + " : pas encore de valeur."));
        }
        return f;
    }

    public static Figure curves(Map<String, double[]> series, String title) {
        return curves(series).title(title);
    }

    /** All the series in one panel, against epochs 1, 2, …, with the given titles. */
    public static Figure line(String title, String yLabel, Map<String, double[]> series) {
        XYChart c = xy(title, "Époque", yLabel, CURVE_W + 140, CURVE_H);
        int i = 0;
        boolean any = false;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            if (y == null || y.length == 0) continue;
            XYSeries s = c.addSeries(e.getKey(), epochs(y.length), y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(Style.series(i));
            s.setMarkerColor(Style.series(i));
            i++;
            any = true;
        }
        return any ? Figure.of(c) : new Figure(1, CURVE_W + 140, CURVE_H).add(message("Aucune donnée à tracer."));
    }

    private static String base(String name) {
        return name.startsWith("val_") ? name.substring(4) : name;
    }

    private static int rank(String base) {
        if (base.equals("loss")) return 0;
        if (base.equals("accuracy") || base.equals("acc")) return 1;
        return 2;
    }

    /** French name of a Keras metric, with the Keras name in brackets. */
    static String french(String metric) {
        switch (metric) {
            case "loss": return "Perte (loss)";
            case "acc":
            case "accuracy": return "Exactitude (accuracy)";
            case "mse": return "Erreur quadratique moyenne (mse)";
            case "mae": return "Erreur absolue moyenne (mae)";
            case "precision": return "Précision";
            case "recall": return "Rappel (recall)";
            case "f1": return "F1";
            case "auc": return "Aire sous la courbe ROC (auc)";
            case "lr":
            case "learning_rate": return "Taux d'apprentissage";
            default: return metric;
        }
    }

    private static XYChart curveChart(String metric, Map<String, double[]> series) {
        String label = french(metric);
        String shortTitle = label.contains(" (") ? label.substring(0, label.indexOf(" (")) : label;
        XYChart c = xy(shortTitle + " par époque", "Époque", label, CURVE_W, CURVE_H);
        boolean any = false;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            if (y == null || y.length == 0 || allNaN(y)) continue;
            boolean val = e.getKey().startsWith("val_");
            String legend = (val ? "validation" : "entraînement") + " (" + e.getKey() + ")";
            XYSeries s = c.addSeries(legend, epochs(y.length), y);
            Color col = val ? Style.SERIES[1] : Style.SERIES[0];
            s.setLineColor(col);
            s.setMarkerColor(col);
            s.setMarker(val ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            s.setLineStyle(val ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
            any = true;
        }
        return any ? c : null;
    }

    private static boolean allNaN(double[] y) {
        for (double v : y) if (!Double.isNaN(v)) return false;
        return true;
    }

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = i + 1;
        return x;
    }

    static XYChart xy(String title, String xLabel, String yLabel, int w, int h) {
        XYChart c = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(c);
        // Below the plot: a legend inside would hide rising accuracy or falling loss curves.
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setMarkerSize(6);
        c.getStyler().setxAxisTickLabelsFormattingFunction(
                v -> v == Math.rint(v) ? String.valueOf((long) (double) v) : "");
        return c;
    }

    /** A panel that only says something (no data yet, nothing to show). */
    static Figure.Panel message(String text) {
        return (g, w, h) -> {
            g.setColor(Style.BACKGROUND);
            g.fillRect(0, 0, w, h);
            g.setColor(Style.BORDER);
            g.drawRect(8, 8, w - 17, h - 17);
            ImageGrid.centered(g, text, w / 2, h / 2, Style.label(), Style.MUTED, w - 30);
        };
    }

    // ---------------------------------------------------------------- images

    /** Starts an image grid: chain {@code .labels(y)}, {@code .predictions(p)}, {@code .classes(names)}… */
    public static ImageGrid images(INDArray x) {
        return new ImageGrid(x);
    }

    /** The first 25 images with their labels. */
    public static ImageGrid images(INDArray x, INDArray labels) {
        return new ImageGrid(x).labels(labels);
    }

    /** Images with labels and predictions; mistakes in red. */
    public static ImageGrid images(INDArray x, INDArray labels, INDArray predictions) {
        return new ImageGrid(x).labels(labels).predictions(predictions);
    }

    // ---------------------------------------------------------------- confusion matrix

    /** Heatmap of the counts (rows: true class, columns: predicted class). */
    public static Figure confusion(ConfusionMatrix cm) {
        return confusion(cm, false);
    }

    /** Heatmap of counts or, when {@code normalized}, of each true class's shares. */
    public static Figure confusion(ConfusionMatrix cm, boolean normalized) {
        int k = cm.numClasses();
        List<String> names = cm.classes();
        int longest = 0;
        for (String n : names) longest = Math.max(longest, n.length());
        int size = Math.max(460, Math.min(900, 140 + k * 56 + longest * 4));
        HeatMapChart c = new HeatMapChartBuilder().width(size + 60).height(size)
                .title(normalized ? "Matrice de confusion normalisée (par classe réelle)" : "Matrice de confusion")
                .xAxisTitle("Classe prédite").yAxisTitle("Classe réelle").build();
        Style.apply(c);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setShowValue(true);
        c.getStyler().setValueFont(Style.font(Font.PLAIN, k > 12 ? 9 : 12));
        c.getStyler().setValueFontColor(Style.TEXT);
        // Light blues only, so the dark value text stays readable on every cell.
        c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0xD6, 0xE6, 0xF5),
            new Color(0x9E, 0xCA, 0xE1), new Color(0x6B, 0xAE, 0xD6)});
        c.getStyler().setDrawBorder(true);
        c.getStyler().setMin(0);
        double[][] share = cm.normalized();
        double max = 0;
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                double v = normalized ? share[t][p] : cm.count(t, p);
                max = Math.max(max, v);
                // XChart's y axis grows upwards: true class 0 goes in the top row.
                cells.add(new Number[] {p, k - 1 - t, v});
            }
        }
        c.getStyler().setMax(normalized ? 1.0 : Math.max(1, max));
        if (normalized) {
            c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.FRANCE, "%.2f", v));
        } else {
            c.getStyler().setHeatMapDecimalValueFormatter(v -> String.format(Locale.FRANCE, "%d", Math.round(v)));
        }
        if (longest > 3) c.getStyler().setXAxisLabelRotation(45);
        List<String> ys = new ArrayList<>(names);
        java.util.Collections.reverse(ys);
        c.addSeries(normalized ? "part" : "effectif", new ArrayList<>(names), ys, cells);
        return Figure.of(c);
    }

    // ---------------------------------------------------------------- bars

    public static Figure bars(String title, List<String> categories, double[] values) {
        return bars(title, "", "", categories, values);
    }

    public static Figure bars(String title, String xLabel, String yLabel, List<String> categories, double[] values) {
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put(yLabel.isEmpty() ? "valeur" : yLabel, values);
        Figure f = bars(title, xLabel, yLabel, categories, one);
        ((CategoryChart) f.chart(0)).getStyler().setLegendVisible(false);
        return f;
    }

    /** Bars from a map of category to value, in the map's order. */
    public static Figure bars(String title, Map<String, ? extends Number> values) {
        List<String> cats = new ArrayList<>(values.keySet());
        double[] v = new double[cats.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(cats.get(i)).doubleValue();
        return bars(title, cats, v);
    }

    /** Grouped bars: one colour per series, one group per category. */
    public static Figure bars(String title, String xLabel, String yLabel, List<String> categories,
            Map<String, double[]> series) {
        return bars(title, xLabel, yLabel, categories, series, null);
    }

    /**
     * Grouped bars with error bars: {@code errors} (for instance the standard deviation over several
     * seeds) has the series of {@code series}, one value per category; null for no error bars.
     */
    public static Figure bars(String title, String xLabel, String yLabel, List<String> categories,
            Map<String, double[]> series, Map<String, double[]> errors) {
        if (errors != null && !errors.keySet().equals(series.keySet())) {
            throw new IllegalArgumentException("Barres d'erreur : séries " + errors.keySet() + " pour les valeurs " + series.keySet() + ".");
        }
        int w = Math.max(520, Math.min(1100, 160 + categories.size() * (30 + 18 * series.size())));
        CategoryChart c = new CategoryChartBuilder().width(w).height(360).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(c);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setAvailableSpaceFill(0.8);
        c.getStyler().setOverlapped(false);
        int longest = 0;
        for (String s : categories) longest = Math.max(longest, s.length());
        if (longest > 4 && categories.size() > 6) c.getStyler().setXAxisLabelRotation(45);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != categories.size()) {
                throw new IllegalArgumentException("Série « " + e.getKey() + " » : " + e.getValue().length
                        + " valeurs pour " + categories.size() + " catégories.");
            }
            List<Double> v = new ArrayList<>();
            for (double d : e.getValue()) v.add(d);
            if (errors == null) {
                c.addSeries(e.getKey(), new ArrayList<>(categories), v);
                continue;
            }
            double[] err = errors.get(e.getKey());
            if (err.length != categories.size()) {
                throw new IllegalArgumentException("Barres d'erreur « " + e.getKey() + " » : " + err.length + " valeurs pour "
                        + categories.size() + " catégories.");
            }
            List<Double> ev = new ArrayList<>();
            for (double d : err) ev.add(d);
            c.addSeries(e.getKey(), new ArrayList<>(categories), v, ev);
        }
        if (errors != null) c.getStyler().setErrorBarsColorSeriesColor(true);
        return Figure.of(c);
    }

    /** Precision, recall and F1 of each class, side by side. */
    public static Figure perClass(ConfusionMatrix cm) {
        int k = cm.numClasses();
        double[] p = new double[k], r = new double[k], f1 = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = cm.precision(i);
            r[i] = cm.recall(i);
            f1[i] = cm.f1(i);
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("précision", p);
        s.put("rappel", r);
        s.put("F1", f1);
        Figure f = bars("Précision, rappel et F1 par classe", "Classe", "Valeur", cm.classes(), s);
        ((CategoryChart) f.chart(0)).getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return f;
    }

    // ---------------------------------------------------------------- precision / recall

    public static Figure precisionRecall(ThresholdCurve pr) {
        XYChart c = xy("Précision et rappel selon le seuil de décision", "Seuil de décision", "Valeur", 640, 380);
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> String.format(Locale.FRANCE, "%.2f", v));
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.05);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setMarkerSize(0);
        double[] t = pr.thresholds();
        add(c, "précision", t, pr.precision(), Style.SERIES[0], SeriesLines.SOLID);
        add(c, "rappel", t, pr.recall(), Style.SERIES[1], SeriesLines.SOLID);
        add(c, "F1", t, pr.f1(), Style.SERIES[2], SeriesLines.DASH_DASH);
        double best = pr.bestF1Threshold();
        add(c, String.format(Locale.FRANCE, "meilleur F1 (seuil %.2f)", best), new double[] {best, best},
                new double[] {0, 1.05}, Style.MUTED, SeriesLines.DOT_DOT);
        return Figure.of(c);
    }

    private static void add(XYChart c, String name, double[] x, double[] y, Color col, BasicStroke line) {
        XYSeries s = c.addSeries(name, x, y);
        s.setLineColor(col);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(line);
        s.setLineWidth(2f);
    }

    // ---------------------------------------------------------------- convolution layers (ConvPlots)

    /**
     * The filters of a convolution layer, weights {@code [out, in, kh, kw]} (DL4J's order; e.g.
     * {@code layer.getParam("W")}): one tile per filter and input channel, blue negative, red
     * positive, on one scale for all tiles. At most 64 filters and 8 input channels are drawn.
     */
    public static Figure filters(INDArray weights) {
        return ConvPlots.filters(weights);
    }

    /**
     * Feature maps (activations) of a convolution layer for one example: {@code [n, c, h, w]}
     * (example 0) or {@code [c, h, w]}; each map on its own scale (dark low, yellow high).
     */
    public static Figure featureMaps(INDArray activations) {
        return ConvPlots.featureMaps(activations, 0, 32);
    }

    public static Figure featureMaps(INDArray activations, int example, int maxMaps) {
        return ConvPlots.featureMaps(activations, example, maxMaps);
    }
}
