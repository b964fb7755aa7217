package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code %modele model = Input(784) Dense(20, relu) Dense(14, relu) Dense(10, softmax) --compiler adam categorical_crossentropy accuracy}:
 * {@code new Sequential(Input(784), Dense(20, "relu"), ...)} then {@code compile(...)}.
 */
public final class ModelMagic extends CarnetsMagic {
    public ModelMagic() {
        super(new Spec(List.of("modele", "model"),
                "construit (et compile) un modèle Sequential à partir d'une description courte façon Keras, puis affiche son résumé",
                "[NOM =] Input(...) COUCHE COUCHE ...",
                List.of(Option.words("compiler", "OPTIMISEUR PERTE [MESURE]",
                                "compile le modèle : model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\")", "compile"),
                        Option.number("taux", "TAUX", "taux d'apprentissage (learning rate) explicite, avec --compiler : Optimizers.adam(0.001)", "lr", "learning-rate"),
                        Option.number("inertie", "M", "inertie (momentum) du SGD, avec --lr : Optimizers.sgd(0.0001, 0.9)", "momentum"),
                        Option.integer("graine", "N", "graine des poids initiaux (même graine, mêmes poids) : model.seed(N)", "seed")),
                "%modele model = Input(784) Dense(20, relu) Dense(14, relu) Dense(10, softmax) --compiler adam categorical_crossentropy accuracy",
                "Couches (les fabriques de fr.carnets.dl.layers.Layers) : " + LayerCatalog.allForms() + ".\n"
                        + "Une couche sans argument s'écrit sans parenthèses (Flatten). Les activations s'écrivent sans guillemets "
                        + "(relu, softmax, sigmoid, tanh...) ; les espaces dans les parenthèses sont permis ; un paramètre du carnet "
                        + "en majuscules (Dense(TETE, relu)) est écrit tel quel.\n"
                        + "Conv2D(filtres, noyau[, activation[, same|valid[, pas]]]) : le même ordre qu'en Java et que Keras les lit "
                        + "(Conv2D(32, 3, relu, same) ici, Conv2D(32, 3, \"relu\", \"same\") en Java).\n"
                        + "Optimiseurs : " + String.join(", ", optimizers()) + " ; pertes : categorical_crossentropy, binary_crossentropy, mse ; "
                        + "mesure : accuracy.\n"
                        + "Réglage fin : --compiler sgd categorical_crossentropy accuracy --taux 0.0001 --inertie 0.9 donne Optimizers.sgd(1.0E-4, 0.9)."));
    }

    /**
     * Layers complete by name ({@code De} gives Dense), their arguments by what the factory takes
     * there ({@code Dense(20, re} gives relu: activations, same or valid for a padding); after the
     * first option, the options and their values as for any magic.
     */
    @Override
    public List<String> complete(String args, java.util.function.Function<java.util.function.Predicate<Object>, List<String>> variables) {
        String word = partialWord(args);
        String before = args.substring(0, args.length() - word.length());
        int open = -1;
        int depth = 0;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '(' && depth++ == 0) open = i;
            else if (c == ')' && depth > 0) depth--;
        }
        if (depth > 0) {
            String head = before.substring(0, open).stripTrailing();
            String layer = head.substring(head.lastIndexOf(' ') + 1);
            List<String> earlier = new ArrayList<>();
            String inside = before.substring(open + 1);
            for (String arg : inside.substring(0, inside.lastIndexOf(',') + 1).split(",")) if (!arg.isBlank()) earlier.add(arg.trim());
            return startingWith(LayerCatalog.argumentValues(layer, earlier), word);
        }
        if (word.startsWith("-") || (" " + before).contains(" --")) return super.complete(args, variables);
        return startingWith(LayerCatalog.names(), word);
    }

    /** The optimizers that take a learning rate. */
    static List<String> optimizers() {
        return fr.carnets.dl.models.KerasNames.optimizers();
    }

    @Override
    public List<Step> steps(MagicLine a) {
        List<String> words = new ArrayList<>(a.positionals());
        String var = "model";
        // "model = ...", "model= ...", "model =Input(784)", "model=Input(784)"
        if (!words.isEmpty()) {
            String first = words.get(0);
            int eq = first.indexOf('=');
            if (eq > 0 && !first.contains("(") || eq > 0 && first.indexOf('(') > eq) {
                var = first.substring(0, eq);
                String rest = first.substring(eq + 1);
                words.remove(0);
                if (!rest.isEmpty()) words.add(0, rest);
            } else if (words.size() > 1 && words.get(1).startsWith("=")) {
                var = first;
                String rest = words.get(1).substring(1);
                words.remove(0);
                words.remove(0);
                if (!rest.isEmpty()) words.add(0, rest);
            }
        }
        var = a.identifier(var, "le nom du modèle (avant =)");
        if (words.isEmpty()) {
            throw new MagicException("%" + a.magic() + " : décrivez les couches, par exemple " + spec().example().substring(8)
                    + ". Couches : " + String.join(", ", LayerCatalog.names()) + ".");
        }
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) layers.add(layer(a.magic(), words.get(i), i));
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.dl.models.Sequential;"));
        steps.add(Step.run("import static fr.carnets.dl.layers.Layers.*;"));
        if (a.has("compiler") && a.has("taux")) steps.add(Step.run("import fr.carnets.dl.training.Optimizers;"));
        steps.add(Step.run("var " + var + " = new Sequential(" + String.join(", ", layers) + ");"));
        if (a.has("graine")) steps.add(Step.run(var + ".seed(" + a.codeLong("graine") + ");"));
        if (a.has("compiler")) {
            steps.add(Step.run(var + ".compile(" + compileArgs(a) + ");"));
        } else if (a.has("taux") || a.has("inertie")) {
            throw new MagicException("%" + a.magic() + " : --taux va avec --compiler, par exemple --compiler adam categorical_crossentropy accuracy --taux 0.001.");
        }
        steps.add(Step.result(var));
        return steps;
    }

    static String compileArgs(MagicLine a) {
        List<String> c = a.words("compiler");
        if (c.size() < 2) {
            throw new MagicException("%" + a.magic() + " : --compiler attend l'optimiseur puis la perte (et la mesure), par exemple "
                    + "--compiler adam categorical_crossentropy accuracy.");
        }
        String opt = c.get(0).toLowerCase(Locale.ROOT);
        String optimizer;
        if (a.has("taux")) {
            if (!optimizers().contains(opt)) {
                throw new MagicException("%" + a.magic() + " : optimiseur inconnu « " + c.get(0) + " ». Optimiseurs : "
                        + String.join(", ", optimizers()) + ".");
            }
            if (a.has("inertie") && !opt.equals("sgd")) {
                throw new MagicException("%" + a.magic() + " : --inertie (momentum) va avec sgd, par exemple --compiler sgd categorical_crossentropy "
                        + "accuracy --taux 0.0001 --inertie 0.9.");
            }
            optimizer = "Optimizers." + opt + "(" + a.code("taux") + (a.has("inertie") ? ", " + a.code("inertie") : "") + ")";
        } else if (a.has("inertie")) {
            throw new MagicException("%" + a.magic() + " : --inertie va avec --taux, par exemple --compiler sgd categorical_crossentropy accuracy "
                    + "--taux 0.0001 --inertie 0.9.");
        } else {
            optimizer = str(c.get(0));
        }
        StringBuilder b = new StringBuilder(optimizer);
        for (int i = 1; i < c.size(); i++) b.append(", ").append(str(c.get(i)));
        return b.toString();
    }

    /**
     * One layer word ("Dense(20, relu)") as Java ("Dense(20, \"relu\")"). The factory of
     * {@link fr.carnets.dl.layers.Layers} is run once with these values, so its own French message says
     * what is wrong (a size, a rate, an activation); the magic only checks its own grammar.
     */
    static String layer(String magic, String word, int index) {
        String w = word.trim();
        int open = w.indexOf('(');
        String name = open < 0 ? w : w.substring(0, open).trim();
        if (open >= 0 && !w.endsWith(")")) {
            throw new MagicException("%" + magic + " : couche mal écrite « " + word + " » : il faut Nom(arguments), par exemple Dense(20, relu).");
        }
        String canon = LayerCatalog.canonical(name);
        if (canon == null) {
            throw new MagicException("%" + magic + " : couche inconnue « " + name + " » (dans « " + word + " »). Couches connues : "
                    + LayerCatalog.allForms() + ".");
        }
        if (index == 0 && !canon.equals("Input")) {
            throw new MagicException("%" + magic + " : commencez par l'entrée, Input(784) pour des lignes de 784 valeurs ou "
                    + "Input(28, 28, 1) pour des images (hauteur, largeur, canaux), avant « " + word + " ».");
        }
        if (index > 0 && canon.equals("Input")) {
            throw new MagicException("%" + magic + " : Input(...) ne peut être que la première couche (trouvée en position " + (index + 1) + ").");
        }
        String inside = open < 0 ? "" : w.substring(open + 1, w.length() - 1).trim();
        List<Object> values = new ArrayList<>();
        if (!inside.isEmpty()) {
            for (String arg : inside.split(",")) {
                Object v = LayerCatalog.value(arg);
                values.add(v instanceof String t && MagicLine.isIdentifier(t) ? new MagicLine.JavaName(t) : v);
            }
        }
        return LayerCatalog.call(magic, word, canon, values);
    }
}
