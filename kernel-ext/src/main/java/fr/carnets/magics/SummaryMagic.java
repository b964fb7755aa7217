package fr.carnets.magics;

import java.util.List;

/** {@code %resume model}: model.summary(). */
public final class SummaryMagic extends CarnetsMagic {
    public SummaryMagic() {
        super(new Spec(List.of("resume", "summary"),
                "affiche le tableau des couches d'un modèle (forme de sortie, paramètres, entraînable)",
                "[MODELE]", List.of(), "%resume model", "MODELE vaut model par défaut. Comme model.summary() de Keras."));
    }

    @Override
    public List<Step> steps(MagicLine a) {
        a.atMost(1);
        String m = a.identifier(a.positional(0, "model"), "le modèle");
        return List.of(Step.result(m + ".summary()"));
    }
}
