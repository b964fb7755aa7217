package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code %donnees mnist --aplatir --normaliser --onehot [--nom data]}: Mnist/FashionMnist.options()...load(). */
public final class DataMagic extends CarnetsMagic {
    static final String USAGE = "%donnees JEU [--aplatir | --canal] [--normaliser] [--onehot] [--nom VARIABLE]   (JEU : mnist ou fashion-mnist)";

    @Override
    public List<String> names() {
        return List.of("donnees", "data");
    }

    @Override
    public String summary() {
        return "charge un jeu d'images (MNIST, Fashion-MNIST) dans une variable (data.xTrain, data.yTrain, data.xTest, data.yTest)";
    }

    @Override
    public String example() {
        return "%donnees mnist --aplatir --normaliser --onehot";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String details() {
        return "Sans option, les tableaux sont ceux de Keras load_data() : images [n, 28, 28] de 0 à 255, étiquettes [n].\n"
                + "Pour un réseau dense : --aplatir --normaliser --onehot ; pour un réseau convolutif : --canal --normaliser --onehot.";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.flag("aplatir", "images en lignes de 784 valeurs [n, 784] (pour des couches Dense) : flatten()", "flatten"),
                Option.flag("canal", "images avec un axe de canal [n, 1, 28, 28] (pour des couches Conv2D) : addChannel()", "channel"),
                Option.flag("normaliser", "pixels divisés par 255, donc entre 0 et 1 : scale()", "normalize", "normalise", "scale"),
                Option.flag("onehot", "étiquettes en one-hot [n, 10] : oneHot()", "one-hot", "one_hot"),
                Option.name("nom", "VARIABLE", "nom de la variable créée (data par défaut)", "name"));
    }

    static String datasetClass(String magic, String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('_', '-');
        switch (w) {
            case "mnist":
                return "Mnist";
            case "fashion-mnist":
            case "fashion":
            case "fashionmnist":
                return "FashionMnist";
            default:
                throw new MagicException("%" + magic + " : jeu de données inconnu « " + word + " ». Jeux disponibles : mnist, fashion-mnist.");
        }
    }

    @Override
    public List<Step> steps(MagicArgs a) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel jeu de données ? Par exemple " + example()
                    + ". Jeux disponibles : mnist, fashion-mnist.");
        }
        a.atMost(1, USAGE);
        String cls = datasetClass(a.magic(), a.positionals().get(0));
        if (a.flag("aplatir") && a.flag("canal")) {
            throw new MagicException("%" + a.magic() + " : --aplatir et --canal s'excluent : [n, 784] pour des couches Dense, "
                    + "[n, 1, 28, 28] pour des couches Conv2D.");
        }
        String var = a.identifier(a.name("nom", "data"), "le nom de la variable (--nom)");
        StringBuilder chain = new StringBuilder(cls).append(".options()");
        if (a.flag("aplatir")) chain.append(".flatten()");
        if (a.flag("canal")) chain.append(".addChannel()");
        if (a.flag("normaliser")) chain.append(".scale()");
        if (a.flag("onehot")) chain.append(".oneHot()");
        chain.append(".load()");
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.data." + cls + ";"));
        steps.add(Step.run("var " + var + " = " + chain + ";"));
        steps.add(Step.then(var, (v, s) -> {
            s.print(var + " : " + v);
            return null;
        }));
        return steps;
    }
}
