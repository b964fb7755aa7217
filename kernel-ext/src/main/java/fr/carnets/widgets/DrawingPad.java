package fr.carnets.widgets;

import java.util.function.Consumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A drawing pad: the learner draws a digit with the mouse, and at each mouse-up the browser sends it
 * as MNIST draws its digits (28 × 28 grey levels, white on black, fitted in a 20 × 20 box centred
 * on its centre of mass): one binary buffer of 784 bytes. The front end is our own widget
 * (python/carnets_widgets, installed by {@code ./carnets setup}); {@link #value()} is what
 * {@code Mnist.options().scale().addChannel()} gives for one image, ready for the network.
 *
 * <pre>
 * var pad = Widgets.drawingPad();
 * Widgets.interact(() -> pad.isEmpty() ? "Dessinez un chiffre" : "classe " + model.predict(pad.value()).argMax(1), pad)
 * </pre>
 */
public final class DrawingPad extends Widget {
    /** The front end's npm module and the versions of it this class speaks to. */
    static final String MODULE = "carnets-widgets";
    static final String VERSION = "^0.1.0";
    public static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;

    DrawingPad() {
        super(MODULE, VERSION, "DrawingPadModel", "DrawingPadView");
        init("value", new byte[PIXELS]);
        open();
    }

    /** The last drawing: [1, 1, 28, 28] floats from 0 (black) to 1 (white ink); all zeros when blank. */
    public INDArray value() {
        return decode(bytes());
    }

    /** Shows an image on the pad (e.g. a test digit), as if drawn: observers run. */
    public DrawingPad value(INDArray image) {
        set("value", encode(image));
        return this;
    }

    /** Wipes the pad, here and in the browser (observers run with a blank image). */
    public DrawingPad clear() {
        set("value", new byte[PIXELS]);
        return this;
    }

    public boolean isEmpty() {
        for (byte b : bytes()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** How much was drawn: the sum of the grey levels (0 to 784). */
    public double ink() {
        double sum = 0;
        for (byte b : bytes()) {
            sum += Byte.toUnsignedInt(b);
        }
        return sum / 255;
    }

    /** Calls {@code action} with each new drawing (from the browser: at mouse-up, coalesced, on the cell thread). */
    public DrawingPad onChange(Consumer<INDArray> action) {
        observe("value", v -> action.accept(value()));
        return this;
    }

    private byte[] bytes() {
        return get("value") instanceof byte[] b ? b : new byte[PIXELS];
    }

    /** 784 grey bytes (row by row, 0 black, 255 white) as a [1, 1, 28, 28] float image in [0, 1]. */
    static INDArray decode(byte[] grey) {
        if (grey.length != PIXELS) {
            throw new IllegalArgumentException("La planche à dessin attend " + PIXELS + " octets (28 × 28 niveaux de gris), "
                    + "elle en a reçu " + grey.length + " : rechargez la page (l'extension carnets-widgets est-elle à jour ? "
                    + "./carnets setup la réinstalle).");
        }
        float[] values = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            values[i] = Byte.toUnsignedInt(grey[i]) / 255f;
        }
        return Nd4j.create(values, new long[] {1, 1, SIDE, SIDE}, DataType.FLOAT);
    }

    /** An image of 784 values in [0, 1] (any shape: [28, 28], [1, 784], [1, 1, 28, 28]...) as grey bytes. */
    static byte[] encode(INDArray image) {
        if (image == null || image.length() != PIXELS) {
            throw new IllegalArgumentException("La planche à dessin montre une image de 28 × 28 = " + PIXELS + " valeurs entre 0 et 1, "
                    + "par exemple une image de Mnist.options().scale().addChannel() ; reçu : "
                    + (image == null ? "null" : java.util.Arrays.toString(image.shape())) + ".");
        }
        float[] values = image.castTo(DataType.FLOAT).reshape(PIXELS).toFloatVector();
        byte[] grey = new byte[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            grey[i] = (byte) Math.round(255 * Math.min(1f, Math.max(0f, values[i])));
        }
        return grey;
    }

    @Override
    public String toString() {
        return isEmpty() ? "Planche à dessin 28 × 28 : vide (dessinez un chiffre à la souris dans JupyterLab)"
                : "Planche à dessin 28 × 28 : un dessin, encre " + fr.carnets.plot.Fr.nombre(ink(), 1) + " sur " + PIXELS;
    }
}
