package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.carnets.dl.Scores;

/** {@code %evaluer model data}: model.evaluate(data.xTest, data.yTest), said in French. */
public final class EvaluateMagic extends CarnetsMagic {
    static final String USAGE = "%evaluer MODELE [DONNEES | FLUX | X Y] [--nom VARIABLE]";

    @Override
    public List<String> names() {
        return List.of("evaluer", "evaluate");
    }

    @Override
    public String summary() {
        return "mesure la perte et l'exactitude d'un modèle sur les données de test";
    }

    @Override
    public String example() {
        return "%evaluer model data";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String details() {
        return "DONNEES est une variable chargée par %donnees (ses parties xTest et yTest servent), ou un flux (%donnees dossier ...) ; "
                + "ou donnez deux variables X Y.";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.name("nom", "VARIABLE", "nom de la variable des scores (scores par défaut)", "name"));
    }

    @Override
    public List<Step> steps(MagicArgs a, Session session) {
        return steps(a, a.positionals().size() == 2 && isStream(session, a.positionals().get(1)));
    }

    @Override
    public List<Step> steps(MagicArgs a) {
        return steps(a, false);
    }

    List<Step> steps(MagicArgs a, boolean stream) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel modèle évaluer ? Par exemple " + example() + ".");
        }
        String model = a.identifier(a.positionals().get(0), "le modèle");
        String data = stream ? a.identifier(a.positionals().get(1), "le flux") : String.join(", ", java.util.Arrays.copyOf(data(a, 1, true, USAGE), 2));
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
        if (!(v instanceof Scores)) return String.valueOf(v);
        Scores sc = (Scores) v;
        return String.format(Locale.FRANCE, "Sur %,d exemples de test : perte (loss) = %.4f ; exactitude (accuracy) = %.4f, soit %.2f %% de bonnes réponses.",
                sc.examples(), sc.loss(), sc.accuracy(), 100 * sc.accuracy()).replace('\u202f', ' ').replace('\u00a0', ' ');
    }
}
