package fr.carnets.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The stream built by {@link ImageFolder}: batches of features [batch, channels, height, width]
 * (DL4J's NCHW) and labels per the class mode. {@link #reset()} starts a new epoch with a new
 * order (when shuffling); the order and the augmentations depend only on the seed, the epoch
 * and the position, so two streams built with the same seed yield the same sequence.
 */
public final class ImageFolderIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final int height;
    private final int width;
    private final int channels;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final ImageFolder.ClassMode classMode;
    private final boolean bilinear;
    private final double rescale;
    private final Augmentation augmentation;
    private final List<Path> files;
    private final List<Integer> labels;
    private final List<String> classes;
    private final int skippedAtBuild;

    private int epoch;
    private int[] order;
    private int cursor;
    private final List<Path> unreadable = new ArrayList<>();
    private int warnedUnreadable;
    private transient DataSetPreProcessor preProcessor;

    ImageFolderIterator(ImageFolder b, List<Path> files, List<Integer> labels, List<String> classes) {
        this.height = b.height;
        this.width = b.width;
        this.channels = b.channels;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.classMode = b.classMode;
        this.bilinear = b.bilinear;
        this.rescale = b.rescale;
        this.augmentation = b.augmentation;
        this.files = Collections.unmodifiableList(new ArrayList<>(files));
        this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
        this.classes = Collections.unmodifiableList(new ArrayList<>(classes));
        this.skippedAtBuild = b.skippedAtBuild;
        startEpoch();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void startEpoch() {
        order = new int[files.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            Random r = new Random(mix(seed * 0x9E3779B97F4A7C15L + epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    /** Files of this stream in the current epoch's order. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>(order.length);
        for (int i : order) out.add(files.get(i));
        return out;
    }

    /** Number of images in this stream (one epoch). */
    public int numExamples() {
        return files.size();
    }

    /** Files skipped so far: not images, unreadable at listing, or failing to decode while streaming. */
    public int skippedCount() {
        return skippedAtBuild + unreadable.size();
    }

    /** Files that failed to decode while streaming. */
    public List<Path> unreadableFiles() {
        return Collections.unmodifiableList(unreadable);
    }

    public int epoch() {
        return epoch;
    }

    @Override
    public boolean hasNext() {
        boolean more = cursor < order.length;
        if (!more && unreadable.size() > warnedUnreadable) {
            System.err.println("Attention : " + (unreadable.size() - warnedUnreadable)
                    + " image(s) abîmée(s) ignorée(s) pendant la lecture (" + unreadable.get(unreadable.size() - 1).getFileName() + ", …).");
            warnedUnreadable = unreadable.size();
        }
        return more;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (cursor >= order.length) throw new NoSuchElementException("Fin de l'époque : appelez reset().");
        int plane = height * width;
        List<float[]> pixels = new ArrayList<>(num);
        List<Integer> labs = new ArrayList<>(num);
        while (pixels.size() < num && cursor < order.length) {
            int position = cursor++;
            int i = order[position];
            float[] img = load(files.get(i), position);
            if (img == null) continue;
            pixels.add(img);
            labs.add(labels.get(i));
        }
        int n = pixels.size();
        if (n == 0) {
            hasNext();
            throw new NoSuchElementException("Fin de l'époque : les dernières images étaient abîmées.");
        }
        float[] feat = new float[n * channels * plane];
        for (int k = 0; k < n; k++) System.arraycopy(pixels.get(k), 0, feat, k * channels * plane, channels * plane);
        INDArray features = Nd4j.create(feat, new long[] {n, channels, height, width}, 'c');
        INDArray y = null;
        switch (classMode) {
            case CATEGORICAL: {
                float[] hot = new float[n * classes.size()];
                for (int k = 0; k < n; k++) hot[k * classes.size() + labs.get(k)] = 1f;
                y = Nd4j.create(hot, new long[] {n, classes.size()}, 'c');
                break;
            }
            case BINARY:
            case SPARSE: {
                float[] v = new float[n];
                for (int k = 0; k < n; k++) v[k] = labs.get(k);
                y = Nd4j.create(v, new long[] {n, 1}, 'c');
                break;
            }
            case NONE:
            default:
                break;
        }
        DataSet ds = new DataSet(features, y);
        if (preProcessor != null) preProcessor.preProcess(ds);
        return ds;
    }

    /** The decoded image, or null when the file is not an image ImageIO can read (one rule for every reader). */
    static BufferedImage decode(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Decodes, resizes and augments one image into [channels][height][width], or null if unreadable. */
    private float[] load(Path file, int position) {
        BufferedImage img = decode(file);
        if (img == null) {
            unreadable.add(file);
            return null;
        }
        int sw = img.getWidth(), sh = img.getHeight();
        float[][] src = planes(img, channels);
        double[] m = augmentation == null ? null
                : augmentation.draw(new Random(mix(mix(seed) + 0x632BE59BD9B4E019L * (epoch + 1) + position)));
        float[] out = new float[channels * height * width];
        double scx = (double) sw / width, scy = (double) sh / height;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        float k = (float) rescale;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = x - cx, v = y - cy;
                if (m != null) {
                    double pu = u - m[4] * width, pv = v - m[5] * height;
                    u = m[0] * pu + m[1] * pv;
                    v = m[2] * pu + m[3] * pv;
                }
                // output pixel centre -> source pixel coordinates
                double fx = (u + cx + 0.5) * scx - 0.5;
                double fy = (v + cy + 0.5) * scy - 0.5;
                for (int c = 0; c < channels; c++) {
                    out[(c * height + y) * width + x] = k * sample(src[c], sw, sh, fx, fy);
                }
            }
        }
        return out;
    }

    private float sample(float[] p, int w, int h, double fx, double fy) {
        if (!bilinear) {
            int ix = clamp((int) Math.round(fx), w), iy = clamp((int) Math.round(fy), h);
            return p[iy * w + ix];
        }
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        double ax = fx - x0, ay = fy - y0;
        int xa = clamp(x0, w), xb = clamp(x0 + 1, w), ya = clamp(y0, h), yb = clamp(y0 + 1, h);
        double top = p[ya * w + xa] * (1 - ax) + p[ya * w + xb] * ax;
        double bot = p[yb * w + xa] * (1 - ax) + p[yb * w + xb] * ax;
        return (float) (top * (1 - ay) + bot * ay);
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : (v >= n ? n - 1 : v);
    }

    /**
     * Pixel values 0..255 per channel. Raw raster samples are used for gray and RGB images
     * (getRGB would apply a colour-space conversion to linear-gray PNGs); palette images go
     * through their colour model.
     */
    static float[][] planes(BufferedImage img, int channels) {
        int w = img.getWidth(), h = img.getHeight();
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        int bits = img.getColorModel().getComponentSize(0);
        boolean direct = !(img.getColorModel() instanceof IndexColorModel) && (bits == 8 || bits == 16)
                && bands >= 1 && bands <= 4;
        float[][] rgb = new float[bands >= 3 || !direct ? 3 : 1][w * h];
        float div = bits == 16 ? 257f : 1f;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!direct) {
                    int argb = img.getRGB(x, y);
                    rgb[0][i] = (argb >> 16) & 0xFF;
                    rgb[1][i] = (argb >> 8) & 0xFF;
                    rgb[2][i] = argb & 0xFF;
                } else if (rgb.length == 1) {
                    rgb[0][i] = r.getSample(x, y, 0) / div;
                } else {
                    for (int c = 0; c < 3; c++) rgb[c][i] = r.getSample(x, y, c) / div;
                }
            }
        }
        if (channels == rgb.length) return rgb;
        if (channels == 3) return new float[][] {rgb[0], rgb[0], rgb[0]};
        float[] g = new float[w * h];
        for (int i = 0; i < g.length; i++) g[i] = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
        return new float[][] {g};
    }

    @Override
    public int inputColumns() {
        return channels * height * width;
    }

    @Override
    public int totalOutcomes() {
        switch (classMode) {
            case CATEGORICAL: return classes.size();
            case BINARY:
            case SPARSE: return 1;
            default: return 0;
        }
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch (a new order when shuffling). */
    @Override
    public void reset() {
        epoch++;
        startEpoch();
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Class names in label order. */
    @Override
    public List<String> getLabels() {
        return classes;
    }

    @Override
    public String toString() {
        return "ImageFolderIterator[" + files.size() + " images, " + classes.size() + " classes, " + channels + "x"
                + height + "x" + width + ", lots de " + batchSize + ", " + classMode.name().toLowerCase() + "]";
    }
}
