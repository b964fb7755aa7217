package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/** {@code %images data [--modele model] [--erreurs]}: Plots.images(...).labels(...).predictions(...). */
public final class ImagesMagic extends CarnetsMagic {
    public ImagesMagic() {
        super(new Spec(List.of("images", "show_images"),
                "montre une grille d'images avec leurs étiquettes, et les prédictions d'un modèle (erreurs en rouge)",
                "[DONNEES]",
                List.of(Option.integer("nombre", "N", "nombre d'images (25 par défaut)", "count", "n"),
                        Option.flag("test", "images du jeu de test plutôt que d'entraînement"),
                        Option.name("modele", "MODELE", "ajoute les prédictions de ce modèle (jeu de test)", "model"),
                        Option.flag("erreurs", "seulement les images mal classées (avec --modele)", "mistakes"),
                        Option.integer("graine", "N", "images tirées au hasard, toujours les mêmes pour une graine", "seed", "random"),
                        Option.integer("colonnes", "N", "nombre de colonnes de la grille", "columns")),
                "%images data --modele model --erreurs",
                "Sans --modele, les images viennent de l'entraînement (--test pour le jeu de test) ; avec --modele, du test, "
                        + "et chaque image porte la prédiction du modèle."));
    }

    @Override
    public List<Step> steps(MagicLine a) {
        a.atMost(1);
        String data = a.identifier(a.positional(0, "data"), "les données (une variable chargée par %donnees)");
        String model = a.has("modele") ? a.identifier(a.name("modele", null), "le modèle (--modele)") : null;
        if (a.flag("erreurs") && model == null) {
            throw new MagicException("%" + a.magic() + " : --erreurs demande --modele (les erreurs sont celles d'un modèle), par exemple "
                    + spec().example() + ".");
        }
        boolean test = a.flag("test") || model != null;
        String x = data + (test ? ".xTest" : ".xTrain");
        String y = data + (test ? ".yTest" : ".yTrain");
        StringBuilder b = new StringBuilder("Plots.images(" + x + ").labels(" + y + ").classes(" + data + ".classes)");
        if (model != null) b.append(".predictions(").append(model).append(".predict(").append(x).append("))");
        if (a.flag("erreurs")) b.append(".onlyMistakes()");
        if (a.has("nombre")) b.append(".count(").append(a.code("nombre")).append(")");
        if (a.has("colonnes")) b.append(".columns(").append(a.code("colonnes")).append(")");
        if (a.has("graine")) b.append(".random(").append(a.codeLong("graine")).append(")");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.plot.Plots;"));
        steps.add(Step.result(b.toString()));
        return steps;
    }
}
