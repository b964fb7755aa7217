package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/** {@code %entrainer model data --epochs 3 --batch 32 --validation 0.2}: model.fit(x, y, Fit....). */
public final class FitMagic extends CarnetsMagic {
    static final String USAGE = "%entrainer MODELE [DONNEES | X Y] [--epochs N] [--batch N] [--validation FRACTION] "
            + "[--historique NOM] [--courbe] [--graine N]";

    @Override
    public List<String> names() {
        return List.of("entrainer", "fit");
    }

    @Override
    public String summary() {
        return "entraîne un modèle (affichage de la progression), garde l'historique dans une variable et trace les courbes";
    }

    @Override
    public String example() {
        return "%entrainer model data --epochs 3 --batch 32 --validation 0.2";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String details() {
        return "DONNEES est une variable chargée par %donnees (ses parties xTrain et yTrain servent) ; ou donnez deux variables X Y.\n"
                + "--validation 0.2 garde les 20 % derniers exemples pour la validation, comme validation_split de Keras.\n"
                + "Le bouton Stop arrête l'entraînement au lot suivant : le modèle et l'historique des époques finies restent.";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.integer("epochs", "N", "nombre d'époques (passages sur les données)", "epoques", "époques"),
                Option.integer("batch", "N", "taille des lots (batch_size)", "lot", "batch-size", "batch_size"),
                Option.number("validation", "FRACTION", "part des données gardée pour la validation (validation_split)",
                        "validation-split", "validation_split"),
                Option.name("historique", "NOM", "nom de la variable de l'historique (history par défaut)", "history"),
                Option.flag("courbe", "courbes en direct, redessinées à chaque époque : Fit.liveCurve()", "live", "live-curve"),
                Option.integer("graine", "N", "graine du mélange des lots (runs répétables)", "seed"),
                Option.flag("sans-melange", "garde l'ordre des exemples : shuffle(false)", "no-shuffle"));
    }

    @Override
    public List<Step> steps(MagicArgs a) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel modèle entraîner ? Par exemple " + example() + ".");
        }
        String model = a.identifier(a.positionals().get(0), "le modèle");
        String[] d = data(a, 1, false, USAGE);
        String hist = a.identifier(a.name("historique", "history"), "le nom de l'historique (--historique)");
        List<String> chain = new ArrayList<>();
        if (a.has("epochs")) chain.add("epochs(" + a.integer("epochs") + ")");
        if (a.has("batch")) chain.add("batchSize(" + a.integer("batch") + ")");
        if (a.has("validation")) chain.add("validationSplit(" + a.number("validation") + ")");
        if (a.flag("sans-melange")) chain.add("shuffle(false)");
        if (a.has("graine")) chain.add("seed(" + a.integer("graine") + "L)");
        if (a.flag("courbe")) chain.add("liveCurve()");
        String opts = chain.isEmpty() ? "Fit.options()" : "Fit." + String.join(".", chain);
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.dl.Fit;"));
        steps.add(Step.run("var " + hist + " = " + model + ".fit(" + d[0] + ", " + d[1] + ", " + opts + ");"));
        steps.add(Step.result(hist));
        return steps;
    }
}
