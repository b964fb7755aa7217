package fr.carnets.magics;

import java.util.List;

/** {@code %resume model}: model.summary(). */
public final class SummaryMagic extends CarnetsMagic {
    @Override
    public List<String> names() {
        return List.of("resume", "summary");
    }

    @Override
    public String summary() {
        return "affiche le tableau des couches d'un modèle (forme de sortie, paramètres, entraînable)";
    }

    @Override
    public String example() {
        return "%resume model";
    }

    @Override
    public String usage() {
        return "%resume [MODELE]   (model par défaut)";
    }

    @Override
    public String details() {
        return "Comme model.summary() de Keras.";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public List<Step> steps(MagicArgs a) {
        a.atMost(1, usage());
        String m = a.identifier(a.positional(0, "model"), "le modèle");
        return List.of(Step.result(m + ".summary()"));
    }
}
