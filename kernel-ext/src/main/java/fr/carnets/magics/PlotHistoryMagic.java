package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;

/** {@code %courbes history}: Plots.curves(history). */
public final class PlotHistoryMagic extends CarnetsMagic {
    @Override
    public List<String> names() {
        return List.of("courbes", "plot_history", "curves");
    }

    @Override
    public String summary() {
        return "trace les courbes d'apprentissage (perte, exactitude ; entraînement et validation) d'un historique";
    }

    @Override
    public String example() {
        return "%courbes history";
    }

    @Override
    public String usage() {
        return "%courbes [HISTORIQUE] [--titre \"Mon titre\"]   (history par défaut)";
    }

    @Override
    public String details() {
        return "Un écart qui se creuse entre entraînement et validation signale du surapprentissage.";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.name("titre", "\"TITRE\"", "titre de la figure", "title"));
    }

    @Override
    public List<Step> steps(MagicArgs a) {
        a.atMost(1, usage());
        String h = a.identifier(a.positional(0, "history"), "l'historique (la variable rendue par fit)");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.plot.Plots;"));
        steps.add(Step.result("Plots.curves(" + h + (a.has("titre") ? ", " + str(a.name("titre", "")) : "") + ")"));
        return steps;
    }
}
