package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/** {@code %entrainer model data --epoques 3 --lot 32 --validation 0.2}: model.fit(x, y, Fit....). */
public final class FitMagic extends CarnetsMagic {
    public FitMagic() {
        super(new Spec(List.of("entrainer", "fit"),
                "entraîne un modèle (affichage de la progression), garde l'historique dans une variable et trace les courbes",
                "MODELE [DONNEES | FLUX | X Y]",
                List.of(Option.integer("epoques", "N", "nombre d'époques (passages sur les données) : epochs(3)", "epochs", "époques"),
                        Option.integer("lot", "N", "taille des lots (batch_size) : batchSize(32)", "batch", "batch-size", "batch_size"),
                        Option.number("validation", "FRACTION", "part des données gardée pour la validation (validation_split)",
                                "validation-split", "validation_split"),
                        Option.name("historique", "NOM", "nom de la variable de l'historique (history par défaut)", "history"),
                        Option.flag("courbe", "courbes en direct, redessinées à chaque époque : Fit.liveCurve()", "live", "live-curve"),
                        Option.integer("graine", "N", "graine du mélange des lots (runs répétables)", "seed"),
                        Option.flag("sans-melange", "garde l'ordre des exemples : shuffle(false)", "no-shuffle"),
                        Option.words("validation-donnees", "FLUX | XV YV",
                                "données de validation : validationData(flux) ou validationData(xVal, yVal)", "validation-data", "validation_data"),
                        Option.integer("arret", "PATIENCE", "arrêt anticipé sur la perte de validation, meilleurs poids gardés : "
                                + "callbacks(new EarlyStopping(\"val_loss\", 3, true))", "arret-anticipe", "early-stopping", "patience"),
                        Option.flag("silencieux", "sans ligne de progression par époque : verbose(0)", "quiet")),
                "%entrainer model data --epoques 3 --lot 32 --validation 0.2",
                "DONNEES est une variable chargée par %donnees (ses parties xTrain et yTrain servent) ; ou donnez deux variables X Y.\n"
                        + "FLUX est un flux de mini-lots (%donnees dossier ...) : model.fit(flux, ...).\n"
                        + "--validation 0.2 garde les 20 % derniers exemples pour la validation, comme validation_split de Keras ; "
                        + "--validation-donnees fluxValidation (ou xVal yVal) valide sur d'autres données.\n"
                        + "--arret 3 arrête quand la perte de validation ne baisse plus depuis 3 époques et garde les meilleurs poids "
                        + "(arrêt anticipé, EarlyStopping de Keras).\n"
                        + "Le bouton Stop arrête l'entraînement au lot suivant : le modèle et l'historique des époques finies restent."));
    }

    @Override
    public List<Step> steps(MagicLine a, Session session) {
        boolean stream = a.positionals().size() == 2 && isStream(session, a.positionals().get(1));
        return steps(a, stream);
    }

    @Override
    public List<Step> steps(MagicLine a) {
        return steps(a, false);
    }

    List<Step> steps(MagicLine a, boolean stream) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel modèle entraîner ? Par exemple " + spec().example() + ".");
        }
        String model = a.identifier(a.positionals().get(0), "le modèle");
        String[] d = stream ? new String[] {a.identifier(a.positionals().get(1), "le flux")} : data(a, 1, false);
        if (stream && a.has("validation")) {
            throw new MagicException("%" + a.magic() + " : --validation découpe des tableaux ; pour un flux, créez le flux de validation avec "
                    + "%donnees dossier ... --validation 0.2, puis --validation-donnees fluxValidation.");
        }
        String hist = a.identifier(a.name("historique", "history"), "le nom de l'historique (--historique)");
        List<String> chain = new ArrayList<>();
        if (a.has("epoques")) chain.add("epochs(" + a.code("epoques") + ")");
        if (a.has("lot")) chain.add("batchSize(" + a.code("lot") + ")");
        if (a.has("validation")) chain.add("validationSplit(" + a.code("validation") + ")");
        if (a.flag("sans-melange")) chain.add("shuffle(false)");
        if (a.has("validation-donnees")) {
            List<String> v = a.words("validation-donnees");
            if (v.size() > 2) throw new MagicException("%" + a.magic() + " : --validation-donnees attend un flux ou deux tableaux (xVal yVal).");
            List<String> ids = new ArrayList<>();
            for (String w : v) ids.add(a.identifier(w, "les données de validation"));
            chain.add("validationData(" + String.join(", ", ids) + ")");
        }
        if (a.has("arret")) {
            if (!a.has("validation") && !a.has("validation-donnees")) {
                throw new MagicException("%" + a.magic() + " : --arret surveille la perte de validation : ajoutez --validation 0.2 ou "
                        + "--validation-donnees ...");
            }
            chain.add("callbacks(new EarlyStopping(\"val_loss\", " + a.code("arret") + ", true))");
        }
        if (a.has("graine")) chain.add("seed(" + a.codeLong("graine") + ")");
        if (a.flag("silencieux")) chain.add("verbose(0)");
        if (a.flag("courbe")) chain.add("liveCurve()");
        String opts = chain.isEmpty() ? "Fit.options()" : "Fit." + String.join(".", chain);
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run(a.has("arret") ? "import fr.carnets.dl.training.*;" : "import fr.carnets.dl.training.Fit;"));
        String data = stream ? d[0] : d[0] + ", " + d[1];
        steps.add(Step.run("var " + hist + " = " + model + ".fit(" + data + ", " + opts + ");"));
        steps.add(Step.result(hist));
        return steps;
    }
}
