package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code %modele model = Input(784) Dense(20, relu) Dense(14, relu) Dense(10, softmax) --compile adam categorical_crossentropy accuracy}:
 * {@code new Sequential(Input(784), Dense(20, "relu"), ...)} then {@code compile(...)}.
 */
public final class ModelMagic extends CarnetsMagic {
    static final String USAGE = "%modele [NOM =] Input(...) COUCHE COUCHE ... [--compile OPTIMISEUR PERTE [MESURE]] [--lr TAUX [--inertie M]] [--graine N]";

    /** The layers and their forms, from the factory itself (LayerCatalog), for help and errors. */
    static String layerList() {
        return String.join(", ", LayerCatalog.names()) + " ; formes courtes : Input(784) ou Input(28, 28, 1), Dense(unités[, activation]), "
                + "Conv2D(filtres, noyau[, activation[, same|valid[, pas]]]), MaxPooling2D([taille]), Dropout(taux)";
    }

    @Override
    public List<String> names() {
        return List.of("modele", "model");
    }

    @Override
    public String summary() {
        return "construit (et compile) un modèle Sequential à partir d'une description courte façon Keras, puis affiche son résumé";
    }

    @Override
    public String example() {
        return "%modele model = Input(784) Dense(20, relu) Dense(14, relu) Dense(10, softmax) --compile adam categorical_crossentropy accuracy";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String details() {
        return "Couches (celles de fr.carnets.dl.Layers) : " + layerList() + ".\n"
                + "Les activations s'écrivent sans guillemets (relu, softmax, sigmoid, tanh...). Les espaces dans les parenthèses sont permis.\n"
                + "Optimiseurs : adam, sgd, rmsprop ; pertes : categorical_crossentropy, binary_crossentropy, mse ; mesure : accuracy.\n"
                + "Réglage fin : --compile sgd categorical_crossentropy accuracy --lr 0.0001 --inertie 0.9 donne Optimizers.sgd(1.0E-4, 0.9).";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.words("compile", "OPTIMISEUR PERTE [MESURE]", "compile le modèle : model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\")",
                        "compiler"),
                Option.number("lr", "TAUX", "taux d'apprentissage explicite (avec --compile) : Optimizers.adam(0.001)", "taux"),
                Option.number("inertie", "M", "inertie (momentum) du SGD, avec --lr : Optimizers.sgd(0.0001, 0.9)", "momentum"),
                Option.integer("graine", "N", "graine des poids initiaux (même graine, mêmes poids) : model.seed(N)", "seed"));
    }

    @Override
    public List<Step> steps(MagicArgs a) {
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
            throw new MagicException("%" + a.magic() + " : décrivez les couches, par exemple " + example().substring(8) + ". Couches : "
                    + layerList() + ".");
        }
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) layers.add(layer(a.magic(), words.get(i), i));
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.dl.*;"));
        steps.add(Step.run("import static fr.carnets.dl.Layers.*;"));
        steps.add(Step.run("var " + var + " = new Sequential(" + String.join(", ", layers) + ");"));
        if (a.has("graine")) steps.add(Step.run(var + ".seed(" + a.codeLong("graine") + ");"));
        if (a.has("compile")) {
            steps.add(Step.run(var + ".compile(" + compileArgs(a) + ");"));
        } else if (a.has("lr") || a.has("inertie")) {
            throw new MagicException("%" + a.magic() + " : --lr va avec --compile, par exemple --compile adam categorical_crossentropy accuracy --lr 0.001.");
        }
        steps.add(Step.result(var));
        return steps;
    }

    static String compileArgs(MagicArgs a) {
        List<String> c = a.words("compile");
        if (c.size() < 2) {
            throw new MagicException("%" + a.magic() + " : --compile attend l'optimiseur puis la perte (et la mesure), par exemple "
                    + "--compile adam categorical_crossentropy accuracy.");
        }
        String opt = c.get(0).toLowerCase(Locale.ROOT);
        String optimizer;
        if (a.has("lr")) {
            if (!List.of("adam", "sgd", "rmsprop").contains(opt)) {
                throw new MagicException("%" + a.magic() + " : optimiseur inconnu « " + c.get(0) + " ». Optimiseurs : adam, sgd, rmsprop.");
            }
            if (a.has("inertie") && !opt.equals("sgd")) {
                throw new MagicException("%" + a.magic() + " : --inertie (momentum) va avec sgd, par exemple --compile sgd categorical_crossentropy "
                        + "accuracy --lr 0.0001 --inertie 0.9.");
            }
            optimizer = "Optimizers." + opt + "(" + a.code("lr") + (a.has("inertie") ? ", " + a.code("inertie") : "") + ")";
        } else if (a.has("inertie")) {
            throw new MagicException("%" + a.magic() + " : --inertie va avec --lr, par exemple --compile sgd categorical_crossentropy accuracy "
                    + "--lr 0.0001 --inertie 0.9.");
        } else {
            optimizer = str(c.get(0));
        }
        StringBuilder b = new StringBuilder(optimizer);
        for (int i = 1; i < c.size(); i++) b.append(", ").append(str(c.get(i)));
        return b.toString();
    }

    /** One layer word ("Dense(20, relu)") as Java ("Dense(20, \"relu\")"), checked by the factory itself. */
    static String layer(String magic, String word, int index) {
        String w = word.trim();
        int open = w.indexOf('(');
        String name = open < 0 ? w : w.substring(0, open).trim();
        if (open >= 0 && !w.endsWith(")")) {
            throw new MagicException("%" + magic + " : couche mal écrite « " + word + " » : il faut Nom(arguments), par exemple Dense(20, relu).");
        }
        String inside = open < 0 ? "" : w.substring(open + 1, w.length() - 1).trim();
        List<String> args = new ArrayList<>();
        if (!inside.isEmpty()) {
            for (String s : inside.split(",")) args.add(s.trim().replace("\"", "").replace("'", ""));
        }
        String canon = LayerCatalog.canonical(name);
        if (canon == null) {
            throw new MagicException("%" + magic + " : couche inconnue « " + name + " » (dans « " + word + " »). Couches connues : "
                    + layerList() + ".");
        }
        if (index == 0 && !canon.equals("Input")) {
            throw new MagicException("%" + magic + " : commencez par l'entrée, Input(784) pour des lignes de 784 valeurs ou "
                    + "Input(28, 28, 1) pour des images (hauteur, largeur, canaux), avant « " + word + " ».");
        }
        if (index > 0 && canon.equals("Input")) {
            throw new MagicException("%" + magic + " : Input(...) ne peut être que la première couche (trouvée en position " + (index + 1) + ").");
        }
        List<Object> values = new ArrayList<>();
        switch (canon) {
            case "Input":
                if (args.size() != 1 && args.size() != 3) {
                    throw new MagicException("%" + magic + " : Input attend 1 dimension (Input(784)) ou 3 (Input(28, 28, 1) : hauteur, "
                            + "largeur, canaux), pas « " + word + " ».");
                }
                for (int i = 0; i < args.size(); i++) values.add(positive(magic, word, args.get(i), "la dimension " + (i + 1)));
                break;
            case "Dense":
                count(magic, word, args, 1, 2, "Dense(unités[, activation]), par exemple Dense(20, relu)");
                values.add(positive(magic, word, args.get(0), "le nombre d'unités"));
                if (args.size() > 1) values.add(args.get(1));
                break;
            case "Conv2D": {
                // the magic's order puts the activation third, as it is the usual third word; the factory takes it last
                count(magic, word, args, 2, 5, "Conv2D(filtres, noyau[, activation[, same|valid[, pas]]]), par exemple Conv2D(32, 3, relu)");
                values.add(positive(magic, word, args.get(0), "le nombre de filtres"));
                values.add(positive(magic, word, args.get(1), "la taille du noyau"));
                String act = args.size() > 2 ? args.get(2) : null;
                if (args.size() >= 4) {
                    String pad = args.get(3).toLowerCase(Locale.ROOT);
                    if (!pad.equals("same") && !pad.equals("valid")) {
                        throw new MagicException("%" + magic + " : « " + args.get(3) + " » dans « " + word + " » : le bord (padding) vaut same ou valid.");
                    }
                    values.add(pad);
                    values.add(positive(magic, word, args.size() > 4 ? args.get(4) : "1", "le pas (strides)"));
                }
                values.add(act);
                break;
            }
            case "MaxPooling2D":
            case "AveragePooling2D":
                count(magic, word, args, 0, 2, canon + "([taille]), par exemple " + canon + "(2)");
                for (String s : args) values.add(positive(magic, word, s, "la taille du regroupement"));
                if (args.isEmpty()) values.add(2L);
                break;
            case "Dropout": {
                count(magic, word, args, 1, 1, "Dropout(taux), par exemple Dropout(0.25) (la fraction abandonnée, comme en Keras)");
                Object r = LayerCatalog.value(args.get(0));
                if (r instanceof String v && MagicArgs.isIdentifier(v)) r = new MagicArgs.JavaName(v);
                else if (!(r instanceof Number n) || !(n.doubleValue() >= 0 && n.doubleValue() < 1)) {
                    throw new MagicException("%" + magic + " : Dropout attend un taux entre 0 et 1 (la fraction abandonnée), pas « "
                            + args.get(0) + " ».");
                }
                values.add(r);
                break;
            }
            default:
                for (String s : args) values.add(LayerCatalog.value(s));
        }
        return LayerCatalog.call(magic, word, canon, values);
    }

    private static void count(String magic, String word, List<String> args, int min, int max, String form) {
        if (args.size() < min || args.size() > max) {
            throw new MagicException("%" + magic + " : « " + word + " » : " + (args.size() < min ? "il manque un argument" : "trop d'arguments")
                    + ". Forme attendue : " + form + ".");
        }
    }

    private static Object positive(String magic, String word, String s, String what) {
        if (MagicArgs.isIdentifier(s.trim())) return new MagicArgs.JavaName(s.trim());   // a variable: checked when the Java runs
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v <= 0) {
            throw new MagicException("%" + magic + " : dans « " + word + " », " + what + " doit être un entier positif, pas « " + s + " ».");
        }
        return v;
    }

}
