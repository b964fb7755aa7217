package fr.carnets.plot;

import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Images of any sizes side by side, each with its title and its size, from plain arrays
 * ({@code double[h][w]}) or INDArrays ({@code [h, w]}, {@code [1, h, w]}, {@code [1, 1, h, w]}):
 * <pre>
 * Mosaic.of(List.of("image", "bords verticaux"), sept, convoluer(sept, filtre))
 * </pre>
 * Each image is scaled by its own min and max (dark = strong value, like the grids of digits)
 * and drawn with the same pixel size, so a 28×28 image looks larger than its 14×14 pooling.
 */
public final class Mosaic implements WidePlotted {
    private final List<String> titles;
    private final List<double[][]> images;
    private int columns = -1;
    private String title;

    private Mosaic(List<String> titles, List<double[][]> images) {
        if (titles.size() != images.size()) {
            throw new IllegalArgumentException("Mosaic : " + titles.size() + " titres pour " + images.size()
                    + " images ; donnez un titre par image.");
        }
        if (images.isEmpty()) throw new IllegalArgumentException("Mosaic : aucune image à montrer.");
        for (double[][] im : images) {
            if (im == null || im.length == 0 || im[0].length == 0) throw new IllegalArgumentException("Mosaic : une image est vide (null).");
        }
        this.titles = titles;
        this.images = images;
    }

    public static Mosaic of(List<String> titles, double[][]... images) {
        return new Mosaic(new ArrayList<>(titles), new ArrayList<>(Arrays.asList(images)));
    }

    public static Mosaic of(List<String> titles, INDArray... images) {
        List<double[][]> l = new ArrayList<>();
        for (INDArray a : images) l.add(toMatrix(a));
        return new Mosaic(new ArrayList<>(titles), l);
    }

    /** Images per row (all in one row by default, up to 6). */
    public Mosaic columns(int c) {
        if (c < 1) throw new IllegalArgumentException("Mosaic.columns : au moins 1 colonne.");
        this.columns = c;
        return this;
    }

    public Mosaic title(String title) {
        this.title = title;
        return this;
    }

    static double[][] toMatrix(INDArray a) {
        if (a == null) throw new IllegalArgumentException("Mosaic : une image est absente (null).");
        long[] s = a.shape();
        int keep = s.length;
        while (keep > 2 && s[s.length - keep] == 1) keep--;   // drop leading axes of size 1
        if (keep != 2) {
            throw new IllegalArgumentException("Mosaic : une image de forme " + Arrays.toString(s)
                    + " ; attendu [h, w], [1, h, w] ou [1, 1, h, w] (une seule image, un seul canal).");
        }
        INDArray m = a.reshape(s[s.length - 2], s[s.length - 1]);
        return m.toDoubleMatrix();
    }

    @Override
    public Figure figure() {
        int zoom = 1;
        int biggest = 0;
        for (double[][] im : images) biggest = Math.max(biggest, Math.max(im.length, im[0].length));
        zoom = Math.max(1, Math.min(8, 160 / Math.max(1, biggest)));
        int cols = columns > 0 ? columns : Math.min(images.size(), 6);
        int rows = (images.size() + cols - 1) / cols;
        int margin = 14, header = 18;
        List<BufferedImage> tiles = new ArrayList<>();
        int tileW = 0, tileH = 0;
        for (double[][] im : images) {
            double[][] copy = new double[im.length][];
            for (int r = 0; r < im.length; r++) copy[r] = im[r].clone();
            Raster.minMax(copy);
            BufferedImage b = Raster.image(copy, Raster.Map.BINARY, zoom);
            tiles.add(b);
            tileW = Math.max(tileW, b.getWidth());
            tileH = Math.max(tileH, b.getHeight());
        }
        final int cellW = Math.max(tileW, 110) + margin, cellH = tileH + header + margin;
        final int fw = cols * cellW + margin, fh = rows * cellH + margin;
        Figure f = new Figure(1, fw, fh);
        if (title != null) f.title(title);
        f.add((g, w, h) -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Font font = Style.small();
            for (int k = 0; k < tiles.size(); k++) {
                int x0 = margin + (k % cols) * cellW, y0 = margin + (k / cols) * cellH;
                double[][] im = images.get(k);
                ImageGrid.centered(g, titles.get(k) + " " + im.length + "×" + im[0].length, x0 + (cellW - margin) / 2, y0 + 12,
                        font, Style.TEXT, cellW - margin);
                BufferedImage b = tiles.get(k);
                int bx = x0 + (cellW - margin - b.getWidth()) / 2, by = y0 + header;
                g.drawImage(b, bx, by, null);
                g.setColor(Style.BORDER);
                g.drawRect(bx - 1, by - 1, b.getWidth() + 1, b.getHeight() + 1);
            }
        });
        return f;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Mosaic[");
        for (int k = 0; k < images.size(); k++) {
            if (k > 0) b.append(", ");
            b.append(titles.get(k)).append(' ').append(images.get(k).length).append('×').append(images.get(k)[0].length);
        }
        return b.append(']').toString();
    }
}
