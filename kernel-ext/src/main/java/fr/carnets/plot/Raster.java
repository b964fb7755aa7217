package fr.carnets.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Turns 2-D slices of numbers into small images (nearest-neighbour, already scaled up). */
final class Raster {
    private Raster() {}

    /** Colour maps from a value in [0, 1] (or [-1, 1] for the diverging one). */
    enum Map {
        /** 0 white, 1 black: digits as the Keras tutorials draw them (cmap "binary"). */
        BINARY,
        /** 0 black, 1 white. */
        GRAY,
        /** Perceptually ordered dark purple to yellow (viridis-like), for feature maps. */
        VIRIDIS,
        /** -1 blue, 0 white, +1 red, for weights. */
        DIVERGING
    }

    private static final Color[] VIRIDIS = {
        new Color(0x44, 0x01, 0x54), new Color(0x3B, 0x52, 0x8B), new Color(0x21, 0x90, 0x8C),
        new Color(0x5D, 0xC8, 0x63), new Color(0xFD, 0xE7, 0x25)
    };
    private static final Color BLUE = new Color(0x21, 0x66, 0xAC);
    private static final Color RED = new Color(0xB2, 0x18, 0x2B);

    static int rgb(double v, Map map) {
        if (Double.isNaN(v)) return 0x808080;
        switch (map) {
            case BINARY: {
                int g = (int) Math.round(255 * (1 - clamp(v, 0, 1)));
                return (g << 16) | (g << 8) | g;
            }
            case GRAY: {
                int g = (int) Math.round(255 * clamp(v, 0, 1));
                return (g << 16) | (g << 8) | g;
            }
            case VIRIDIS: {
                double x = clamp(v, 0, 1) * (VIRIDIS.length - 1);
                int i = Math.min((int) x, VIRIDIS.length - 2);
                return mix(VIRIDIS[i], VIRIDIS[i + 1], x - i);
            }
            case DIVERGING: {
                double x = clamp(v, -1, 1);
                return x < 0 ? mix(Color.WHITE, BLUE, -x) : mix(Color.WHITE, RED, x);
            }
            default:
                throw new IllegalStateException();
        }
    }

    private static int mix(Color a, Color b, double t) {
        int r = (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t);
        int g = (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t);
        int bl = (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t);
        return (r << 16) | (g << 8) | bl;
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    /** One channel [h][w] of values already mapped to the colour map's range. */
    static BufferedImage image(double[][] values, Map map, int scale) {
        int h = values.length, w = values[0].length;
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = rgb(values[y][x], map);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) img.setRGB(x * scale + dx, y * scale + dy, c);
                }
            }
        }
        return img;
    }

    /** Three channels [3][h][w] in [0, 1]. */
    static BufferedImage rgbImage(double[][][] chw, int scale) {
        int h = chw[0].length, w = chw[0][0].length;
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) Math.round(255 * clamp(chw[0][y][x], 0, 1));
                int g = (int) Math.round(255 * clamp(chw[1][y][x], 0, 1));
                int b = (int) Math.round(255 * clamp(chw[2][y][x], 0, 1));
                int c = (r << 16) | (g << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) img.setRGB(x * scale + dx, y * scale + dy, c);
                }
            }
        }
        return img;
    }

    /** Rescales to [0, 1] by the min and max of the values (a flat image becomes 0). */
    static void minMax(double[][]... channels) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] c : channels) for (double[] row : c) for (double v : row) {
            if (Double.isNaN(v)) continue;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double span = hi - lo;
        for (double[][] c : channels) for (double[] row : c) for (int i = 0; i < row.length; i++) {
            row[i] = span > 0 ? (row[i] - lo) / span : 0;
        }
    }

    /** Scale factor so that an image of side {@code side} is drawn about {@code target} pixels wide. */
    static int scaleFor(int side, int target) {
        return Math.max(1, Math.round(target / (float) Math.max(1, side)));
    }
}
