package fr.carnets.plot;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.analysis.Labels;

/**
 * A grid of images with their labels and, optionally, a model's predictions (mistakes framed
 * and written in red). Images come as {@code [n, 28, 28]}, {@code [n, 784]} (square images
 * flattened), {@code [n, c, h, w]} (DL4J's order) or {@code [n, h, w, c]}, with c = 1 or 3.
 *
 * <pre>
 * Plots.images(d.xTrain).labels(d.yTrain).classes(d.classes).random(42)
 * Plots.images(xTest).labels(yTest).predictions(model.predict(xTest)).onlyMistakes()
 * </pre>
 * Returned from a cell it shows itself; {@link #figure()} gives the {@link Figure} to save it.
 */
public final class ImageGrid implements WidePlotted {
    private final INDArray x;
    private int[] labels;
    private int[] predictions;
    private List<String> classes;
    private int count = 25;
    private int columns = -1;
    private Long seed;
    private boolean onlyMistakes;
    private boolean inverted = true;
    private String title;
    private int[] chosen;

    ImageGrid(INDArray x) {
        if (x == null) throw new IllegalArgumentException("Images absentes (null).");
        if (x.rank() < 2 || x.rank() > 4) {
            throw new IllegalArgumentException("Images de forme " + Arrays.toString(x.shape())
                    + " : attendu [n, h, w], [n, h*w] ou [n, c, h, w].");
        }
        this.x = x;
    }

    /** True labels: class indices {@code [n]} or one-hot {@code [n, k]}. */
    public ImageGrid labels(INDArray y) {
        return labels(Labels.indices(y));
    }

    public ImageGrid labels(int[] y) {
        checkLength(y.length, "étiquettes");
        this.labels = y;
        return this;
    }

    /** A model's output {@code [n, k]} (argmax taken) or predicted class indices {@code [n]}. */
    public ImageGrid predictions(INDArray p) {
        return predictions(Labels.indices(p));
    }

    public ImageGrid predictions(int[] p) {
        checkLength(p.length, "prédictions");
        this.predictions = p;
        return this;
    }

    public ImageGrid classes(List<String> names) {
        this.classes = names;
        return this;
    }

    /** How many images (25 by default). */
    public ImageGrid count(int n) {
        if (n < 1) throw new IllegalArgumentException("Il faut au moins une image.");
        this.count = n;
        return this;
    }

    public ImageGrid columns(int c) {
        if (c < 1) throw new IllegalArgumentException("Il faut au moins une colonne.");
        this.columns = c;
        return this;
    }

    /** Random images (repeatable with the seed) instead of the first ones. */
    public ImageGrid random(long seed) {
        this.seed = seed;
        return this;
    }

    /** Only the images the model got wrong (needs labels and predictions). */
    public ImageGrid onlyMistakes() {
        this.onlyMistakes = true;
        return this;
    }

    /** Grey images drawn black on white (default, like digits on paper) or white on black (false). */
    public ImageGrid inverted(boolean inverted) {
        this.inverted = inverted;
        return this;
    }

    /** Exactly these images (indices into x). */
    public ImageGrid indices(int... idx) {
        this.chosen = idx.clone();
        return this;
    }

    public ImageGrid title(String title) {
        this.title = title;
        return this;
    }

    private void checkLength(int len, String what) {
        if (len != x.size(0)) {
            throw new IllegalArgumentException(len + " " + what + " pour " + x.size(0) + " images.");
        }
    }

    private int[] pick() {
        int n = (int) x.size(0);
        if (chosen != null) return chosen;
        List<Integer> pool = new ArrayList<>();
        if (onlyMistakes) {
            if (labels == null || predictions == null) {
                throw new IllegalStateException("onlyMistakes() demande labels(...) et predictions(...).");
            }
            for (int i = 0; i < n; i++) if (labels[i] != predictions[i]) pool.add(i);
        } else {
            for (int i = 0; i < n; i++) pool.add(i);
        }
        if (seed != null) java.util.Collections.shuffle(pool, new Random(seed));
        int m = Math.min(count, pool.size());
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = pool.get(i);
        return out;
    }

    /** [c][h][w] of image i. */
    private double[][][] pixels(int i) {
        long[] s = x.shape();
        INDArray one = x.slice(i);
        double[] v = Nd4j.toFlattened('c', one).castTo(DataType.DOUBLE).toDoubleVector();
        int c, h, w;
        boolean channelsLast = false;
        if (x.rank() == 2) {
            int side = (int) Math.round(Math.sqrt(s[1]));
            if ((long) side * side != s[1]) {
                throw new IllegalArgumentException("Lignes de " + s[1] + " valeurs : ce n'est pas une image carrée aplatie ; "
                        + "donnez les images en [n, h, w] ou [n, c, h, w].");
            }
            c = 1;
            h = side;
            w = side;
        } else if (x.rank() == 3) {
            c = 1;
            h = (int) s[1];
            w = (int) s[2];
        } else if ((s[1] == 1 || s[1] == 3)) {
            c = (int) s[1];
            h = (int) s[2];
            w = (int) s[3];
        } else if (s[3] == 1 || s[3] == 3) {
            channelsLast = true;
            c = (int) s[3];
            h = (int) s[1];
            w = (int) s[2];
        } else {
            throw new IllegalArgumentException("Images de forme " + Arrays.toString(s)
                    + " : 1 ou 3 canaux attendus (pour des cartes de caractéristiques, utilisez Plots.featureMaps).");
        }
        double[][][] out = new double[c][h][w];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    out[ch][y][xx] = channelsLast ? v[(y * w + xx) * c + ch] : v[(ch * h + y) * w + xx];
                }
            }
        }
        return out;
    }

    private String name(int cls) {
        if (classes != null && cls >= 0 && cls < classes.size()) return classes.get(cls);
        return String.valueOf(cls);
    }

    /** The grid as a figure (to save or adjust). */
    @Override
    public Figure figure() {
        int[] idx = pick();
        int mistakes = 0;
        if (labels != null && predictions != null) {
            for (int i : idx) if (labels[i] != predictions[i]) mistakes++;
        }
        List<BufferedImage> imgs = new ArrayList<>();
        int side = 0;
        for (int i : idx) {
            double[][][] p = pixels(i);
            Raster.minMax(p);
            side = Math.max(side, Math.max(p[0].length, p[0][0].length));
            int scale = Raster.scaleFor(Math.max(p[0].length, p[0][0].length), 84);
            imgs.add(p.length == 3 ? Raster.rgbImage(p, scale)
                    : Raster.image(p[0], inverted ? Raster.Map.BINARY : Raster.Map.GRAY, scale));
        }
        final int display = Math.min(160, Math.max(56, imgs.isEmpty() ? 84 : imgs.get(0).getWidth()));
        final boolean twoLines = labels != null && predictions != null;
        final int captionH = labels == null && predictions == null ? 0 : (twoLines ? 30 : 16);
        final int tileW = Math.max(display, 92) + 8;
        final int tileH = display + captionH + 10;
        int cols = columns > 0 ? columns : idx.length <= 5 ? Math.max(1, idx.length) : idx.length <= 25 ? 5 : 10;
        int rows = Math.max(1, (idx.length + cols - 1) / cols);
        int width = cols * tileW + 8;
        int height = rows * tileH + 8;
        final int[] shown = idx;
        Figure f = new Figure(1, width, height);
        String t = title;
        if (t == null) {
            if (idx.length == 0 && onlyMistakes) t = "Aucune erreur à montrer";
            else if (twoLines) t = "Prédictions : " + mistakes + (mistakes > 1 ? " erreurs" : " erreur") + " sur " + idx.length
                    + (mistakes > 0 ? " (en rouge : prédit, puis vrai)" : "");
            else t = idx.length + (idx.length > 1 ? " images" : " image");
        }
        f.title(t);
        f.add((g, w, h) -> {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            Font font = Style.small();
            Font bold = font.deriveFont(Font.BOLD);
            for (int k = 0; k < shown.length; k++) {
                int i = shown[k];
                int x0 = 4 + (k % cols) * tileW + (tileW - display) / 2;
                int y0 = 4 + (k / cols) * tileH;
                g.drawImage(imgs.get(k), x0, y0, display, display, null);
                boolean wrong = twoLines && labels[i] != predictions[i];
                g.setColor(wrong ? Style.ERROR : Style.BORDER);
                g.setStroke(new BasicStroke(wrong ? 3f : 1f));
                g.drawRect(x0, y0, display, display);
                int cx = 4 + (k % cols) * tileW + tileW / 2;
                int ty = y0 + display + 14;
                if (twoLines) {
                    if (wrong) {
                        centered(g, "prédit : " + name(predictions[i]), cx, ty, bold, Style.ERROR, tileW - 4);
                        centered(g, "vrai : " + name(labels[i]), cx, ty + 14, font, Style.ERROR, tileW - 4);
                    } else {
                        centered(g, name(predictions[i]), cx, ty, font, Style.TEXT, tileW - 4);
                    }
                } else if (labels != null) {
                    centered(g, name(labels[i]), cx, ty, font, Style.TEXT, tileW - 4);
                } else if (predictions != null) {
                    centered(g, "prédit : " + name(predictions[i]), cx, ty, font, Style.TEXT, tileW - 4);
                }
            }
        });
        return f;
    }

    static void centered(Graphics2D g, String s, int cx, int baseline, Font font, java.awt.Color color, int maxWidth) {
        g.setFont(font);
        g.setColor(color);
        FontMetrics fm = g.getFontMetrics();
        String text = s;
        while (fm.stringWidth(text) > maxWidth && text.length() > 2) {
            text = text.substring(0, text.length() - 2) + "…";
        }
        g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
    }

    @Override
    public String toString() {
        return "Grille d'images (" + Math.min(count, x.size(0)) + " sur " + x.size(0) + ")";
    }
}
