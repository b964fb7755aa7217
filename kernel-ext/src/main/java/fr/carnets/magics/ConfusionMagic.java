package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/** {@code %confusion model data}: ConfusionMatrix.of(yTest, model.predict(xTest)), its heatmap and its report. */
public final class ConfusionMagic extends CarnetsMagic {
    public ConfusionMagic() {
        super(new Spec(List.of("confusion", "confusion_matrix"),
                "matrice de confusion d'un modèle sur le test (carte de chaleur) et rapport par classe (précision, rappel, F1)",
                "MODELE [DONNEES | X Y]",
                List.of(Option.flag("normaliser", "proportions par classe réelle plutôt que des effectifs", "normalize", "normalise"),
                        Option.name("nom", "VARIABLE", "nom de la variable de la matrice (cm par défaut)", "name")),
                "%confusion model data", "Lignes : classe réelle ; colonnes : classe prédite. La diagonale compte les bonnes réponses."));
    }

    @Override
    public List<Step> steps(MagicLine a) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : de quel modèle ? Par exemple " + spec().example() + ".");
        }
        String model = a.identifier(a.positionals().get(0), "le modèle");
        String[] d = data(a, 1, true);
        String var = a.identifier(a.name("nom", "cm"), "le nom de la variable (--nom)");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.analysis.ConfusionMatrix;"));
        steps.add(Step.run("import fr.carnets.plot.Plots;"));
        steps.add(Step.run("var " + var + " = ConfusionMatrix.of(" + d[1] + ", " + model + ".predict(" + d[0] + "))"
                + (d[2] != null ? ".classes(" + d[2] + ".classes)" : "") + ";"));
        steps.add(Step.show("Plots.confusion(" + var + (a.flag("normaliser") ? ", true" : "") + ")"));
        steps.add(Step.result(var + ".report()"));
        return steps;
    }
}
