package fr.carnets.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import fr.carnets.dl.models.Model;

/**
 * A drawing of a model, like Keras's {@code plot_model}: one column per layer, input to output.
 * Layers with neurons (Dense, Conv2D) are columns of circles joined by their weights (input and
 * output in one colour, hidden layers in another, as in the DataScientest tutorial); the others
 * (pooling, dropout, normalisation) are grey boxes. Shown as an image in a notebook.
 *
 * <pre>
 * ModelDiagram.of(modele)          // at most 16 circles drawn per column
 * ModelDiagram.of(modele, 10)
 * </pre>
 */
public final class ModelDiagram {
    private static final Color EDGE = new Color(0x4C78A8), HIDDEN = new Color(0xF58518), OTHER = new Color(0xBBBBBB);
    private static final int COLUMN = 190, HEIGHT = 480, TOP = 40, CAPTION = 110;

    private ModelDiagram() {}

    /** One column of the drawing. */
    record Column(String role, String call, int units, boolean neurons) {}

    public static BufferedImage of(Model model) {
        return of(model, 16);
    }

    public static BufferedImage of(Model model, int maxCircles) {
        if (model == null) throw new IllegalArgumentException("ModelDiagram.of : le modèle vaut null ; exécutez d'abord la cellule qui le crée.");
        if (maxCircles < 2) throw new IllegalArgumentException("ModelDiagram.of : au moins 2 cercles par colonne (reçu " + maxCircles + ").");
        List<Column> columns = columns(model);
        long params = model.toDl4j().numParams();
        return draw(columns, maxCircles, String.format(Locale.FRANCE, "%,d paramètres", params).replace('\u202f', ' ').replace('\u00a0', ' '));
    }

    /** The columns of a model: its input, then each layer. */
    static List<Column> columns(Model model) {
        org.deeplearning4j.nn.api.Model net = model.toDl4j();
        org.deeplearning4j.nn.api.Layer[] layers = net instanceof MultiLayerNetwork m ? m.getLayers() : ((ComputationGraph) net).getLayers();
        List<Column> cols = new ArrayList<>();
        int lastSized = -1;
        for (int i = 0; i < layers.length; i++) {
            Layer c = unwrap(layers[i].conf().getLayer());
            if (c instanceof FeedForwardLayer f && (c instanceof ConvolutionLayer || f.getNOut() > 0) && !(c instanceof SubsamplingLayer)
                    && !(c instanceof BatchNormalization)) {
                lastSized = i;
            }
        }
        for (int i = 0; i < layers.length; i++) {
            Layer c = unwrap(layers[i].conf().getLayer());
            if (i == 0 && c instanceof FeedForwardLayer f && f.getNIn() > 0) {
                boolean conv = c instanceof ConvolutionLayer;
                cols.add(new Column(conv ? "entrée : " + f.getNIn() + " canal" + (f.getNIn() > 1 ? "aux" : "") : "entrée : " + f.getNIn(),
                        "Input(" + f.getNIn() + ")", (int) Math.min(Integer.MAX_VALUE, f.getNIn()), true));
            }
            cols.add(column(c, i == lastSized));
        }
        return cols;
    }

    private static Layer unwrap(Layer c) {
        if (c instanceof FrozenLayerWithBackprop f) return unwrap(f.getUnderlying());
        if (c instanceof FrozenLayer f) return unwrap(f.getLayer());
        return c;
    }

    private static Column column(Layer c, boolean output) {
        String act = c instanceof BaseLayer b && b.getActivationFn() != null ? b.getActivationFn().toString().toLowerCase(Locale.ROOT) : "";
        if (c instanceof ConvolutionLayer conv && !(c instanceof SubsamplingLayer)) {
            int[] k = conv.getKernelSize();
            return new Column((output ? "sortie : " : "convolution : ") + conv.getNOut() + " filtres",
                    "Conv2D(" + conv.getNOut() + ", " + k[0] + "×" + k[1] + (act.isEmpty() ? "" : ", " + act) + ")", (int) conv.getNOut(), true);
        }
        if (c instanceof SubsamplingLayer s) {
            String kind = s.getPoolingType() == null ? "Pooling2D" : s.getPoolingType().name().equals("MAX") ? "MaxPooling2D" : "AveragePooling2D";
            return new Column("sous-échantillonnage", kind, 0, false);
        }
        if (c instanceof GlobalPoolingLayer) return new Column("moyenne par carte", "GlobalAveragePooling2D", 0, false);
        if (c instanceof DropoutLayer) return new Column("extinction au hasard", "Dropout", 0, false);
        if (c instanceof BatchNormalization) return new Column("normalisation", "BatchNormalization", 0, false);
        if (c instanceof FeedForwardLayer f && f.getNOut() > 0) {
            String role = output ? "sortie : " + f.getNOut() + (f.getNOut() > 1 ? " classes" : " valeur") : "cachée : " + f.getNOut() + " neurones";
            return new Column(role, "Dense(" + f.getNOut() + (act.isEmpty() ? "" : ", " + act) + ")", (int) f.getNOut(), true);
        }
        return new Column("", c.getClass().getSimpleName(), 0, false);
    }

    private static BufferedImage draw(List<Column> cols, int maxCircles, String footer) {
        int width = Math.max(600, COLUMN * cols.size() + 40);
        BufferedImage img = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, HEIGHT);
        int n = cols.size();
        int[] xs = new int[n];
        int[][] ys = new int[n][];
        int area = HEIGHT - TOP - CAPTION;
        for (int c = 0; c < n; c++) {
            xs[c] = 20 + COLUMN / 2 + c * (width - 40 - COLUMN) / Math.max(1, n - 1);
            int shown = cols.get(c).neurons() ? Math.min(cols.get(c).units(), maxCircles) : 0;
            ys[c] = new int[shown];
            for (int k = 0; k < shown; k++) ys[c][k] = TOP + (k + 1) * area / (shown + 1);
        }
        // weights: every circle of a column to every circle of the next column with neurons
        g.setColor(new Color(0, 0, 0, 28));
        int prev = -1;
        for (int c = 0; c < n; c++) {
            if (!cols.get(c).neurons()) continue;
            if (prev >= 0) for (int a : ys[prev]) for (int b : ys[c]) g.drawLine(xs[prev], a, xs[c], b);
            prev = c;
        }
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 13), bold = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        int lastNeurons = -1;
        for (int c = 0; c < n; c++) if (cols.get(c).neurons()) lastNeurons = c;
        for (int c = 0; c < n; c++) {
            Column col = cols.get(c);
            if (col.neurons()) {
                boolean edge = c == 0 || c == lastNeurons;
                g.setColor(edge ? EDGE : HIDDEN);
                for (int y : ys[c]) g.fillOval(xs[c] - 7, y - 7, 14, 14);
                if (col.units() > ys[c].length) {
                    g.setColor(Color.DARK_GRAY);
                    g.setFont(small);
                    centre(g, "(" + ys[c].length + " dessinés sur " + col.units() + ")", xs[c], HEIGHT - CAPTION + 22);
                }
            } else {
                g.setColor(OTHER);
                g.fillRoundRect(xs[c] - 14, TOP + 20, 28, area - 40, 12, 12);
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1f));
                g.drawRoundRect(xs[c] - 14, TOP + 20, 28, area - 40, 12, 12);
            }
            g.setColor(Color.BLACK);
            g.setFont(bold);
            centre(g, col.role(), xs[c], HEIGHT - CAPTION + 50);
            g.setFont(small);
            centre(g, col.call(), xs[c], HEIGHT - CAPTION + 72);
        }
        g.setFont(small);
        g.setColor(Color.DARK_GRAY);
        g.drawString(footer, 12, HEIGHT - 12);
        g.dispose();
        return img;
    }

    private static void centre(Graphics2D g, String text, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x - fm.stringWidth(text) / 2, y);
    }
}
