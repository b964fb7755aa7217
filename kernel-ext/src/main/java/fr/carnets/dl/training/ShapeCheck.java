package fr.carnets.dl.training;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

import fr.carnets.dl.ModelException;

/**
 * Checks data against a model before any computation, so that a learner reads both shapes and
 * the fix (flatten, add the channel axis, NCHW order, one-hot labels) instead of a DL4J stack trace.
 */
final class ShapeCheck {
    private ShapeCheck() {}

    static String shape(INDArray a) {
        return Arrays.toString(a.shape());
    }

    /** Checks x against the input: names both shapes and says how to fix it. */
    static void checkInput(Trainable model, INDArray x, String xName) {
        long[] in = model.inputShape();
        if (in == null) return;
        long[] xs = x.shape();
        long n = xs.length > 0 ? xs[0] : 0;
        long per = 1;
        for (int i = 1; i < xs.length; i++) per *= xs[i];
        if (in.length == 1) {
            if (xs.length == 2 && xs[1] == in[0]) return;
            String expected = "[n, " + in[0] + "]";
            if (xs.length > 2 && per == in[0]) {
                throw new ModelException(String.format("Forme incompatible : %s a la forme %s mais le modèle attend %s (Input(%d)). "
                        + "Aplatissez les images : utilisez %s.reshape(-1, %d) (ou %s.reshape(%d, %d)), ou chargez-les avec "
                        + "Mnist.options().flatten().", xName, shape(x), expected, in[0], "x", in[0], "x", n, in[0]));
            }
            throw new ModelException(String.format("Forme incompatible : %s a la forme %s mais le modèle attend %s (Input(%d)). "
                    + "Vérifiez les données ou déclarez Input(%d).", xName, shape(x), expected, in[0], per));
        }
        long h = in[0], w = in[1], c = in[2];
        String expected = "[n, " + c + ", " + h + ", " + w + "]";
        if (xs.length == 4 && xs[1] == c && xs[2] == h && xs[3] == w) return;
        String head = String.format("Forme incompatible : %s a la forme %s mais le modèle attend %s (NCHW : exemples, canaux, hauteur, "
                + "largeur ; Input(%d, %d, %d) se lit hauteur, largeur, canaux comme en Keras). ", xName, shape(x), expected, h, w, c);
        if (xs.length == 4 && xs[1] == h && xs[2] == w && xs[3] == c) {
            throw new ModelException(head + "Vos données sont en NHWC (canaux en dernier, l'ordre de Keras) : utilisez "
                    + "x.permute(0, 3, 1, 2).dup() pour passer en NCHW.");
        }
        if (xs.length == 3 && xs[1] == h && xs[2] == w && c == 1) {
            throw new ModelException(head + "Il manque l'axe des canaux : utilisez x.reshape(" + n + ", 1, " + h + ", " + w
                    + ") ou chargez avec Mnist.options().addChannel().");
        }
        if (xs.length == 2 && xs[1] == h * w * c) {
            throw new ModelException(head + "Les images sont aplaties : utilisez x.reshape(" + n + ", " + c + ", " + h + ", " + w
                    + ") ou chargez avec Mnist.options().addChannel() au lieu de flatten().");
        }
        throw new ModelException(head + "Vérifiez les données ou la déclaration Input(...).");
    }

    static void check(Trainable model, INDArray x, INDArray y, String xName, String yName) {
        if (x == null || y == null) throw new ModelException("Il faut des données " + xName + " et " + yName + " (pas null).");
        checkInput(model, x, xName);
        long out = model.outputSize();
        if (y.rank() == 1 || (y.rank() == 2 && y.size(1) == 1 && out > 1)) {
            throw new ModelException(String.format("Forme incompatible : %s a la forme %s (un numéro de classe par exemple) mais la "
                    + "dernière couche a %d sorties et attend [n, %d]. Encodez les étiquettes en one-hot : "
                    + "Mnist.options().oneHot() ou Nd4j.createFromArray(...) ; pour deux classes, Dense(1, \"sigmoid\") "
                    + "avec des étiquettes [n, 1].", yName, shape(y), out, out));
        }
        if (y.rank() != 2) {
            throw new ModelException("Forme incompatible : " + yName + " a la forme " + shape(y) + " mais le modèle attend [n, " + out + "].");
        }
        if (out > 0 && y.size(1) != out) {
            throw new ModelException(String.format("Forme incompatible : %s a %d colonnes (forme %s) mais la dernière couche du modèle a "
                    + "%d sorties. Mettez Dense(%d, ...) en dernière couche, ou vérifiez les étiquettes.", yName, y.size(1), shape(y),
                    out, y.size(1)));
        }
        if (x.size(0) != y.size(0)) {
            throw new ModelException(String.format("%s a %d exemples mais %s en a %d : il faut une étiquette par exemple.",
                    xName, x.size(0), yName, y.size(0)));
        }
    }
}
