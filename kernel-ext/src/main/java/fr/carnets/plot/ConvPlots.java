package fr.carnets.plot;

import java.awt.BasicStroke;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What a convolution layer learned and computes, as tiles: its filters and its feature maps ({@link Plots} shows them). */
final class ConvPlots {
    private ConvPlots() {}

    /** Filters as tiles on one scale: see {@link Plots#filters(INDArray)}. */
    static Figure filters(INDArray weights) {
        if (weights == null || weights.rank() != 4) {
            throw new IllegalArgumentException("Poids de forme " + (weights == null ? "null" : Arrays.toString(weights.shape()))
                    + " : attendu [filtres, canaux d'entrée, hauteur, largeur], par exemple layer.getParam(\"W\").");
        }
        long[] s = weights.shape();
        int out = (int) Math.min(64, s[0]), in = (int) Math.min(8, s[1]);
        int kh = (int) s[2], kw = (int) s[3];
        INDArray w = weights.castTo(DataType.DOUBLE);
        double amax = Math.max(1e-12, w.amaxNumber().doubleValue());
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int scale = Raster.scaleFor(Math.max(kh, kw), 48);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double[][] v = new double[kh][kw];
                for (int y = 0; y < kh; y++) for (int x = 0; x < kw; x++) v[y][x] = w.getDouble(o, i, y, x) / amax;
                tiles.add(Raster.image(v, Raster.Map.DIVERGING, scale));
                captions.add(in == 1 ? "f" + (o + 1) : "f" + (o + 1) + " c" + (i + 1));
            }
        }
        int cols = in == 1 ? Math.min(8, out) : in;
        String title = String.format(Locale.FRANCE, "Filtres %d×%d : %d filtre%s × %d %s d'entrée%s (bleu < 0 < rouge)",
                kh, kw, s[0], s[0] > 1 ? "s" : "", s[1], s[1] > 1 ? "canaux" : "canal", (s[0] > out || s[1] > in) ? ", en partie" : "");
        return tileFigure(title, tiles, captions, cols, 56);
    }

    /** Feature maps of one example, each on its own scale: see {@link Plots#featureMaps(INDArray, int, int)}. */
    static Figure featureMaps(INDArray activations, int example, int maxMaps) {
        if (activations == null || (activations.rank() != 4 && activations.rank() != 3)) {
            throw new IllegalArgumentException("Activations de forme "
                    + (activations == null ? "null" : Arrays.toString(activations.shape()))
                    + " : attendu [n, canaux, hauteur, largeur] (sortie d'une couche Conv2D) ou [canaux, hauteur, largeur].");
        }
        INDArray a = activations.rank() == 4 ? activations.slice(example) : activations;
        long[] s = a.shape();
        int c = (int) Math.min(maxMaps, s[0]);
        int h = (int) s[1], w = (int) s[2];
        double[] all = Nd4j.toFlattened('c', a).castTo(DataType.DOUBLE).toDoubleVector();
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int scale = Raster.scaleFor(Math.max(h, w), 72);
        for (int ch = 0; ch < c; ch++) {
            double[][] v = new double[h][w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) v[y][x] = all[(ch * h + y) * w + x];
            Raster.minMax(v);
            tiles.add(Raster.image(v, Raster.Map.VIRIDIS, scale));
            captions.add("canal " + (ch + 1));
        }
        String title = "Cartes de caractéristiques : " + s[0] + " canaux " + h + "×" + w
                + (activations.rank() == 4 ? " (exemple " + example + ")" : "") + (s[0] > c ? ", " + c + " premiers" : "");
        return tileFigure(title, tiles, captions, Math.min(8, c), 72);
    }

    private static Figure tileFigure(String title, List<BufferedImage> tiles, List<String> captions, int cols, int minSide) {
        int side = Math.max(minSide, tiles.isEmpty() ? minSide : Math.min(160, tiles.get(0).getWidth()));
        int tileW = Math.max(side, 64) + 10;
        int tileH = side + 26;
        int rows = Math.max(1, (tiles.size() + cols - 1) / cols);
        int width = Math.max(cols * tileW + 8, 520);
        Figure f = new Figure(1, width, rows * tileH + 8).title(title);
        f.add((g, w, h) -> {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            int x0 = (w - cols * tileW) / 2;
            for (int i = 0; i < tiles.size(); i++) {
                BufferedImage img = tiles.get(i);
                int dw = side, dh = (int) Math.round(side * img.getHeight() / (double) img.getWidth());
                int x = x0 + (i % cols) * tileW + (tileW - dw) / 2;
                int y = 4 + (i / cols) * tileH;
                g.drawImage(img, x, y, dw, dh, null);
                g.setColor(Style.BORDER);
                g.setStroke(new BasicStroke(1f));
                g.drawRect(x, y, dw, dh);
                ImageGrid.centered(g, captions.get(i), x + dw / 2, y + side + 15, Style.small(), Style.TEXT, tileW - 2);
            }
        });
        return f;
    }
}
