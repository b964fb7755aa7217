package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.carnets.dl.training.Scores;

/** {@code %evaluer model data}: model.evaluate(data.xTest, data.yTest), said in French. */
public final class EvaluateMagic extends CarnetsMagic {
    public EvaluateMagic() {
        super(new Spec(List.of("evaluer", "evaluate"), "mesure la perte et l'exactitude d'un modèle sur les données de test",
                "MODELE [DONNEES | FLUX | X Y]",
                List.of(Option.name("nom", "VARIABLE", "nom de la variable des scores (scores par défaut)", "name")),
                "%evaluer model data",
                "DONNEES est une variable chargée par %donnees (ses parties xTest et yTest servent), ou un flux (%donnees dossier ...) ; "
                        + "ou donnez deux variables X Y."));
    }

    @Override
    public List<Step> steps(MagicLine a, Session session) {
        return steps(a, a.positionals().size() == 2 && isStream(session, a.positionals().get(1)));
    }

    @Override
    public List<Step> steps(MagicLine a) {
        return steps(a, false);
    }

    List<Step> steps(MagicLine a, boolean stream) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel modèle évaluer ? Par exemple " + spec().example() + ".");
        }
        String model = a.identifier(a.positionals().get(0), "le modèle");
        String data = stream ? a.identifier(a.positionals().get(1), "le flux") : String.join(", ", java.util.Arrays.copyOf(data(a, 1, true), 2));
        String var = a.identifier(a.name("nom", "scores"), "le nom de la variable (--nom)");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("var " + var + " = " + model + ".evaluate(" + data + ");"));
        steps.add(Step.then(var, (v, s) -> {
            s.print(french(v));
            return null;
        }));
        return steps;
    }

    static String french(Object v) {
        if (!(v instanceof Scores sc)) return String.valueOf(v);
        return String.format(Locale.FRANCE, "Sur %,d exemples de test : perte (loss) = %.4f ; exactitude (accuracy) = %.4f, soit %.2f %% de bonnes réponses.",
                sc.examples(), sc.loss(), sc.accuracy(), 100 * sc.accuracy()).replace('\u202f', ' ').replace('\u00a0', ' ');
    }
}
