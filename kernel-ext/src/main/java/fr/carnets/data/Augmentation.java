package fr.carnets.data;

import java.util.Random;

/**
 * Random image transformations applied on the fly, Keras's {@code ImageDataGenerator} vocabulary:
 * {@code rotation(15).shift(0.1, 0.1).zoom(0.1).horizontalFlip()}; each option gives a new value.
 *
 * <p>Each image's transformation is drawn from a generator seeded by (stream seed, epoch,
 * position in the epoch), not from one shared sequence, so two streams with the same seed and
 * the same number of files (images and their masks) get the same transformation at every step.
 * Pixels that come from outside the source are filled with the nearest edge pixel (Keras's
 * default {@code fill_mode="nearest"}).
 */
public final class Augmentation extends OptionChain<Augmentation> {
    double rotation;
    double widthShift;
    double heightShift;
    double zoom;
    boolean horizontalFlip;
    boolean verticalFlip;

    private Augmentation() {}

    /** No transformation yet; chain the ones you want. */
    public static Augmentation create() {
        return new Augmentation();
    }

    /** Random rotation in [-degrees, +degrees] (Keras {@code rotation_range}). */
    public Augmentation rotation(double degrees) {
        Augmentation c = copy();
        if (degrees < 0 || degrees > 180) throw new DataException("rotation : un angle entre 0 et 180 degrés est attendu, pas " + degrees + ".");
        c.rotation = degrees;
        return c;
    }

    /** Random shift by up to these fractions of the width and height (Keras {@code width_shift_range}, {@code height_shift_range}). */
    public Augmentation shift(double width, double height) {
        Augmentation c = copy();
        if (width < 0 || width >= 1 || height < 0 || height >= 1) {
            throw new DataException("shift : des fractions de la taille entre 0 et 1 (exclu) sont attendues, pas " + width + ", " + height + ".");
        }
        c.widthShift = width;
        c.heightShift = height;
        return c;
    }

    /** Random zoom factor in [1 - range, 1 + range] (Keras {@code zoom_range}). */
    public Augmentation zoom(double range) {
        Augmentation c = copy();
        if (range < 0 || range >= 1) throw new DataException("zoom : une valeur entre 0 et 1 (exclu) est attendue, pas " + range + ".");
        c.zoom = range;
        return c;
    }

    /** Mirror left-right with probability 1/2. */
    public Augmentation horizontalFlip() {
        Augmentation c = copy();
        c.horizontalFlip = true;
        return c;
    }

    /** Mirror top-bottom with probability 1/2. */
    public Augmentation verticalFlip() {
        Augmentation c = copy();
        c.verticalFlip = true;
        return c;
    }

    /**
     * The inverse mapping for one image: a 2x3 matrix taking output coordinates relative to the
     * centre to source coordinates relative to the centre (before the resize scale).
     */
    double[] draw(Random r) {
        double theta = rotation > 0 ? Math.toRadians((r.nextDouble() * 2 - 1) * rotation) : 0;
        double tx = widthShift > 0 ? (r.nextDouble() * 2 - 1) * widthShift : 0;
        double ty = heightShift > 0 ? (r.nextDouble() * 2 - 1) * heightShift : 0;
        double z = zoom > 0 ? 1 + (r.nextDouble() * 2 - 1) * zoom : 1;
        boolean fh = horizontalFlip && r.nextBoolean();
        boolean fv = verticalFlip && r.nextBoolean();
        // q = flip(z * R(-theta) * (p - t)), t in fractions of the output size (scaled by the caller)
        double c = Math.cos(theta), s = Math.sin(theta);
        double a = z * c, b = z * s, d = -z * s, e = z * c;
        double sx = fh ? -1 : 1, sy = fv ? -1 : 1;
        return new double[] {sx * a, sx * b, sy * d, sy * e, tx, ty};
    }

    @Override
    public String toString() {
        return "Augmentation[rotation=" + rotation + ", shift=" + widthShift + "x" + heightShift + ", zoom=" + zoom
                + (horizontalFlip ? ", horizontalFlip" : "") + (verticalFlip ? ", verticalFlip" : "") + "]";
    }
}
