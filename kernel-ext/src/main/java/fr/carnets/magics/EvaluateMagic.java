package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.carnets.dl.Scores;

/** {@code %evaluer model data}: model.evaluate(data.xTest, data.yTest), said in French. */
public final class EvaluateMagic extends CarnetsMagic {
    static final String USAGE = "%evaluer MODELE [DONNEES | X Y] [--nom VARIABLE]";

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
        return "DONNEES est une variable chargée par %donnees (ses parties xTest et yTest servent) ; ou donnez deux variables X Y.";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.name("nom", "VARIABLE", "nom de la variable des scores (scores par défaut)", "name"));
    }

    @Override
    public List<Step> steps(MagicArgs a) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel modèle évaluer ? Par exemple " + example() + ".");
        }
        String model = a.identifier(a.positionals().get(0), "le modèle");
        String[] d = data(a, 1, true, USAGE);
        String var = a.identifier(a.name("nom", "scores"), "le nom de la variable (--nom)");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("var " + var + " = " + model + ".evaluate(" + d[0] + ", " + d[1] + ");"));
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
