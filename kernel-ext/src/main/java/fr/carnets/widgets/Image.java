package fr.carnets.widgets;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * An image widget: PNG bytes sent as a binary buffer (no base64), e.g. a feature map or a digit;
 * {@link #show} replaces it in place.
 */
public final class Image extends Widget {
    private int width;
    private int height;

    Image(byte[] png, int width, int height) {
        super("Image");
        this.width = width;
        this.height = height;
        init("format", "png");
        init("value", png);
        init("width", "");
        init("height", "");
        open();
    }

    /** Shows new values (rows of numbers, scaled to grey levels, each value a {@code scale}-pixel square). */
    public Image show(double[][] values, int scale) {
        byte[] png = png(values, scale);
        width = values[0].length * scale;
        height = values.length * scale;
        set("value", png);
        return this;
    }

    public byte[] png() {
        return (byte[]) get("value");
    }

    /** Grey levels from the smallest value (black) to the largest (white). */
    static byte[] png(double[][] values, int scale) {
        if (values.length == 0 || values[0].length == 0 || scale < 1) {
            throw new IllegalArgumentException("Une image demande au moins une ligne et une colonne, et une échelle ≥ 1.");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int h = values.length;
        int w = values[0].length;
        BufferedImage img = new BufferedImage(w * scale, h * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                double v = values[y / scale][x / scale];
                int g = hi > lo ? (int) Math.round(255 * (v - lo) / (hi - lo)) : 0;
                img.setRGB(x, y, (g << 16) | (g << 8) | g);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Image " + width + " × " + height + " pixels (PNG, " + png().length + " octets)";
    }
}
