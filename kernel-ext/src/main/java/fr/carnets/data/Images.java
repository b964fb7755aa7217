package fr.carnets.data;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;


import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One image file as a tensor, like Keras's {@code load_img} then {@code img_to_array}:
 * <pre>
 * INDArray x = Images.load(fichier, 28, true);      // [1, 1, 28, 28], pixels 0..255
 * model.predict(x.div(255).reshape(1, 784));        // the training's own preprocessing, said in the cell
 * </pre>
 * Pixels are decoded and resized exactly as {@link ImageFolder} does (nearest pixel, gray =
 * 0.299 R + 0.587 G + 0.114 B), so a file predicted one by one sees what training saw. Also
 * small helpers on {@code double[][]} images for lessons: {@link #resize}, {@link #padTo}.
 */
public final class Images {
    private Images() {}

    /** A square image of side {@code size}: {@code [1, channels, size, size]} (1 channel in gray, 3 otherwise). */
    public static INDArray load(Path file, int size, boolean grayscale) {
        return load(file, size, size, grayscale);
    }

    public static INDArray load(String file, int size, boolean grayscale) {
        return load(Paths.get(file), size, size, grayscale);
    }

    /** {@code [1, channels, height, width]}, pixel values 0..255 (divide by 255 as for training). */
    public static INDArray load(Path file, int height, int width, boolean grayscale) {
        if (height <= 0 || width <= 0) {
            throw new DataException("Images.load : la taille doit être positive, pas " + height + "×" + width + ".");
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw new DataException("Images.load : fichier introuvable « " + file + " ». Vérifiez le chemin (dossier courant : "
                    + Paths.get("").toAbsolutePath() + ").");
        }
        BufferedImage img = ImageFolderIterator.decode(file);
        if (img == null) {
            throw new DataException("Images.load : « " + file.getFileName() + " » n'est pas une image lisible (PNG, JPEG, BMP, GIF).");
        }
        int channels = grayscale ? 1 : 3;
        float[][] src = ImageFolderIterator.planes(img, channels);
        int sw = img.getWidth(), sh = img.getHeight();
        float[] out = new float[channels * height * width];
        for (int y = 0; y < height; y++) {
            // pixel centre of the output -> nearest source pixel, as ImageFolder without augmentation
            int sy = clamp((int) Math.round((y + 0.5) * sh / height - 0.5), sh);
            for (int x = 0; x < width; x++) {
                int sx = clamp((int) Math.round((x + 0.5) * sw / width - 0.5), sw);
                for (int c = 0; c < channels; c++) out[(c * height + y) * width + x] = src[c][sy * sw + sx];
            }
        }
        return Nd4j.create(out, new long[] {1, channels, height, width}, 'c');
    }

    /** An image {@code [h][w]} resized to {@code height × width} by bilinear interpolation (shapes may be distorted). */
    public static double[][] resize(double[][] image, int height, int width) {
        check(image, "resize");
        int h = image.length, w = image[0].length;
        double[][] out = new double[height][width];
        for (int y = 0; y < height; y++) {
            double fy = (y + 0.5) * h / height - 0.5;
            int y0 = (int) Math.floor(fy);
            double ay = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = (x + 0.5) * w / width - 0.5;
                int x0 = (int) Math.floor(fx);
                double ax = fx - x0;
                double top = image[clamp(y0, h)][clamp(x0, w)] * (1 - ax) + image[clamp(y0, h)][clamp(x0 + 1, w)] * ax;
                double bot = image[clamp(y0 + 1, h)][clamp(x0, w)] * (1 - ax) + image[clamp(y0 + 1, h)][clamp(x0 + 1, w)] * ax;
                out[y][x] = top * (1 - ay) + bot * ay;
            }
        }
        return out;
    }

    /** The image centred in a frame of zeros of {@code height × width} (zero padding); nothing is distorted. */
    public static double[][] padTo(double[][] image, int height, int width) {
        check(image, "padTo");
        if (image.length > height || image[0].length > width) {
            throw new DataException("Images.padTo : l'image " + image.length + "×" + image[0].length + " est plus grande que le cadre "
                    + height + "×" + width + " ; réduisez-la d'abord avec Images.resize.");
        }
        double[][] frame = new double[height][width];
        int top = (height - image.length) / 2, left = (width - image[0].length) / 2;
        for (int r = 0; r < image.length; r++) System.arraycopy(image[r], 0, frame[top + r], left, image[r].length);
        return frame;
    }

    /** Resized to fit {@code height × width} keeping its proportions, then padded with zeros: nothing distorted, nothing cut. */
    public static double[][] fit(double[][] image, int height, int width) {
        check(image, "fit");
        double k = Math.min((double) height / image.length, (double) width / image[0].length);
        int h = Math.max(1, (int) Math.round(image.length * k)), w = Math.max(1, (int) Math.round(image[0].length * k));
        return padTo(resize(image, Math.min(h, height), Math.min(w, width)), height, width);
    }

    private static void check(double[][] image, String what) {
        if (image == null || image.length == 0 || image[0].length == 0) {
            throw new DataException("Images." + what + " : image vide ou absente (null).");
        }
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }
}
