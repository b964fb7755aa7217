package fr.carnets.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.util.Arrays;
import java.util.Map;

/**
 * Images shown as a value are scaled down above {@link #MAX_SIDE} pixels on their long side, with a
 * French line giving the original size. A 10 000 × 10 000 noise image became a 400 MB PNG in 16 s
 * (3 to 4 GB resident), and 16 000 × 16 000 failed with an English EOFException from the PNG writer.
 */
final class LargeImages {

    /** Longest side shown: wider than any screen, and a PNG of at most a few tens of MB even for noise. */
    static final int MAX_SIDE = 2_000;

    private LargeImages() {
    }

    /**
     * The renderer of this kernel: images are shown by {@link #display}. The library's own image rendering
     * ran even when another was registered for images, and encoded the full image through a temporary file.
     */
    static Renderer renderer() {
        return new Renderer() {
            @Override
            public DisplayData render(Object value, Map<String, Object> params) {
                return value instanceof RenderedImage image ? display(image) : super.render(value, params);
            }

            @Override
            public DisplayData renderAs(Object value, Map<String, Object> params, String... mimeTypes) {
                boolean png = Arrays.stream(mimeTypes).anyMatch(m -> m.equals("image/png") || m.equals("image/*") || m.equals("*/*") || m.equals("*"));
                return value instanceof RenderedImage image && png ? display(image) : super.renderAs(value, params, mimeTypes);
            }
        };
    }

    /** A PNG of the image, scaled down above {@link #MAX_SIDE} with a French line (printed, and as its text form). */
    static DisplayData display(RenderedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (Math.max(w, h) <= MAX_SIDE) {
            DisplayData data = new DisplayData("Image " + w + " × " + h + " pixels");
            data.putData(MIMEType.IMAGE_PNG, png(image));
            return data;
        }
        double scale = (double) MAX_SIDE / Math.max(w, h);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        String note = "Image réduite pour l'affichage : " + group(w) + " × " + group(h) + " pixels à l'origine, montrée en "
                + group(sw) + " × " + group(sh) + " (l'objet Java garde sa taille d'origine).";
        // Printed in the cell (its output goes out before the image), and kept as the image's text form.
        System.out.println(note);
        DisplayData data = new DisplayData(note);
        data.putData(MIMEType.IMAGE_PNG, png(scaled(image, sw, sh)));
        return data;
    }

    private static BufferedImage scaled(RenderedImage image, int w, int h) {
        BufferedImage source = image instanceof BufferedImage b ? b
                : new BufferedImage(image.getColorModel(), image.copyData(null), image.getColorModel().isAlphaPremultiplied(), null);
        BufferedImage small = new BufferedImage(w, h, source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    /** PNG, encoded in memory (ImageIO.write goes through a temporary file). */
    private static String png(RenderedImage image) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
        try (javax.imageio.stream.ImageOutputStream out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(image);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** 10000 → "10 000" (a space between thousands, as French writes them). */
    private static String group(int n) {
        return String.format(java.util.Locale.FRANCE, "%,d", n).replace('\u202f', ' ').replace('\u00a0', ' ');
    }
}
