package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/** {@code %courbes history}: Plots.curves(history). */
public final class PlotHistoryMagic extends CarnetsMagic {
    public PlotHistoryMagic() {
        super(new Spec(List.of("courbes", "plot_history", "curves"),
                "trace les courbes d'apprentissage (perte, exactitude ; entraînement et validation) d'un historique",
                "[HISTORIQUE]", List.of(Option.name("titre", "\"TITRE\"", "titre de la figure", "title")), "%courbes history",
                "HISTORIQUE vaut history par défaut. Un écart qui se creuse entre entraînement et validation signale du surapprentissage."));
    }

    @Override
    public List<Step> steps(MagicLine a) {
        a.atMost(1);
        String h = a.identifier(a.positional(0, "history"), "l'historique (la variable rendue par fit)");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.plot.Plots;"));
        steps.add(Step.result("Plots.curves(" + h + (a.has("titre") ? ", " + str(a.name("titre", "")) : "") + ")"));
        return steps;
    }
}
