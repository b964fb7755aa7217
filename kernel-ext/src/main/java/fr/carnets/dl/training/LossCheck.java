package fr.carnets.dl.training;

import java.util.Locale;

import fr.carnets.dl.ModelException;

/**
 * Checks at compile time that the loss fits the output layer and the labels it implies, and says
 * in French which pair to use instead: the silent traps of Keras (a one-unit softmax that always
 * outputs 1, binary_crossentropy on a softmax over k classes) and its integer-label loss.
 */
public final class LossCheck {
    private LossCheck() {}

    /** The canonical loss name (see {@link Losses#check}); Keras's sparse loss gets its own advice. */
    public static String loss(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("sparse_categorical_crossentropy")) {
            throw new ModelException("La perte \"sparse_categorical_crossentropy\" de Keras (étiquettes données par leur numéro de "
                    + "classe, forme [n]) n'existe pas ici : encodez les étiquettes en one-hot, forme [n, k] "
                    + "(Mnist.options().oneHot() au chargement), et utilisez \"categorical_crossentropy\".");
        }
        return Losses.check(name);
    }

    /** Throws when {@code loss} cannot train an output layer of {@code units} units with this activation. */
    public static void output(String loss, String activation, long units) {
        if (loss.equals("categorical_crossentropy") && !"softmax".equals(activation)) {
            if (units == 1) {
                throw new ModelException("categorical_crossentropy compare des étiquettes one-hot [n, k] à une sortie softmax de k "
                        + "classes ; ce modèle n'a qu'une sortie (\"" + activation + "\"). Pour deux classes avec des étiquettes 0/1 "
                        + "en une colonne, utilisez \"binary_crossentropy\" avec Dense(1, \"sigmoid\").");
            }
            throw new ModelException("categorical_crossentropy attend une dernière couche en softmax (elle a \"" + activation
                    + "\") : utilisez Dense(" + units + ", \"softmax\").");
        }
        if (loss.equals("binary_crossentropy") && !"sigmoid".equals(activation)) {
            if ("softmax".equals(activation)) {
                throw new ModelException("binary_crossentropy est la perte de deux classes, avec une sortie Dense(1, \"sigmoid\") et "
                        + "des étiquettes 0/1 [n, 1]. Ce modèle finit par Dense(" + units + ", \"softmax\") : pour " + units
                        + " classes dont une seule est la bonne, gardez softmax et utilisez \"categorical_crossentropy\" avec des "
                        + "étiquettes one-hot [n, " + units + "].");
            }
            throw new ModelException("binary_crossentropy attend une dernière couche en sigmoid (elle a \"" + activation
                    + "\") : utilisez Dense(" + units + ", \"sigmoid\").");
        }
    }
}
