package fr.carnets.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import fr.carnets.data.DataHome;

/**
 * {@code %donnees mnist --aplatir --normaliser --onehot [--nom data]}: Mnist/FashionMnist.options()...load();
 * {@code %donnees dossier images/mnist/train --taille 28 --gris --normaliser --validation 0.2}: a stream of
 * mini-batches, {@code ImageFolder.from(...)...build()} (Keras's image_dataset_from_directory).
 */
public final class DataMagic extends CarnetsMagic {
    public DataMagic() {
        super(new Spec(List.of("donnees", "data"),
                "charge un jeu d'images (" + String.join(", ", DataHome.arrayDatasets()) + ") dans une variable (data.xTrain, data.yTrain, "
                        + "data.xTest, data.yTest), ou ouvre un flux de mini-lots sur un dossier d'images rangées par classe",
                "(JEU | dossier CHEMIN)",
                List.of(Option.flag("aplatir", "images en lignes de 784 valeurs [n, 784] (pour des couches Dense) : flatten()", "flatten"),
                        Option.flag("canal", "images avec un axe de canal [n, 1, 28, 28] (pour des couches Conv2D) : addChannel()", "channel"),
                        Option.flag("normaliser", "pixels divisés par 255, donc entre 0 et 1 : scale()", "normalize", "normalise", "scale"),
                        Option.flag("onehot", "étiquettes en one-hot [n, 10] : oneHot()", "one-hot", "one_hot"),
                        Option.name("nom", "VARIABLE", "nom de la variable créée (data par défaut ; flux pour un dossier)", "name"),
                        Option.words("taille", "H [L]", "dossier : taille des images lues (hauteur, largeur ; une seule valeur pour un carré) : "
                                + "targetSize(28, 28)", "size", "target-size"),
                        Option.flag("gris", "dossier : images en niveaux de gris (1 canal) : grayscale()", "grayscale"),
                        Option.integer("lot", "N", "dossier : taille des mini-lots : batchSize(32)", "batch", "batch-size"),
                        Option.number("validation", "FRACTION", "dossier : part de chaque classe gardée pour un second flux de validation",
                                "validation-split"),
                        Option.integer("graine", "N", "dossier : graine du mélange et de l'augmentation : seed(1)", "seed"),
                        Option.number("rotation", "DEGRES", "dossier : rotation aléatoire jusqu'à ± DEGRES : Augmentation.create().rotation(15)"),
                        Option.number("decalage", "FRACTION", "dossier : décalage aléatoire jusqu'à FRACTION de la taille : shift(0.1, 0.1)",
                                "shift"),
                        Option.number("zoom", "FRACTION", "dossier : zoom aléatoire de ± FRACTION : zoom(0.1)"),
                        Option.flag("miroir", "dossier : retournement gauche-droite au hasard : horizontalFlip()", "flip")),
                "%donnees mnist --aplatir --normaliser --onehot",
                "JEU : un jeu du catalogue du cours (datasets/catalog.json) : " + String.join(", ", DataHome.arrayDatasets()) + ".\n"
                        + "Sans option, les tableaux sont ceux de Keras load_data() : images [n, 28, 28] de 0 à 255, étiquettes [n].\n"
                        + "Pour un réseau dense : --aplatir --normaliser --onehot ; pour un réseau convolutif : --canal --normaliser --onehot.\n"
                        + "Avec dossier CHEMIN : un flux (ImageFolder) sur CHEMIN/<classe>/*.png, étiquettes en one-hot. Un chemin relatif part du "
                        + "dossier des jeux de données du cours (DataHome.dir()) ; ./ ou ../ partent du dossier du carnet.\n"
                        + "--validation 0.2 crée deux flux : VARIABLE (80 % de chaque classe) et VARIABLEValidation (les 20 % restants). "
                        + "--rotation, --decalage, --zoom et --miroir ajoutent une augmentation au seul flux d'entraînement."));
    }

    /**
     * The class of fr.carnets.data that loads a catalogued dataset, named after it
     * ("fashion-mnist", "fashion_mnist", "FashionMNIST" or "fashion" → FashionMnist).
     */
    static String datasetClass(String magic, String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('_', '-');
        for (String name : DataHome.arrayDatasets()) {
            if (name.equals(w) || name.replace("-", "").equals(w.replace("-", "")) || name.startsWith(w + "-")) {
                StringBuilder cls = new StringBuilder();
                for (String part : name.split("-")) cls.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                return cls.toString();
            }
        }
        throw new MagicException("%" + magic + " : jeu de données inconnu « " + word + " ». Jeux disponibles : "
                + String.join(", ", DataHome.arrayDatasets()) + ".");
    }

    @Override
    public List<Step> steps(MagicLine a) {
        if (a.positionals().isEmpty()) {
            throw new MagicException("%" + a.magic() + " : quel jeu de données ? Par exemple " + spec().example()
                    + ". Jeux disponibles : " + String.join(", ", DataHome.arrayDatasets()) + ".");
        }
        String first = a.positionals().get(0).toLowerCase(Locale.ROOT);
        if (first.equals("dossier") || first.equals("folder") || first.equals("directory")) return folder(a);
        for (String o : List.of("taille", "gris", "lot", "validation", "graine", "rotation", "decalage", "zoom", "miroir")) {
            if (a.has(o)) {
                throw new MagicException("%" + a.magic() + " : --" + o + " sert aux dossiers d'images, par exemple "
                        + "%donnees dossier images/mnist/train --taille 28 --gris --normaliser --" + o + " ...");
            }
        }
        a.atMost(1);
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

    /** {@code %donnees dossier CHEMIN ...}: one ImageFolder stream, or two with --validation. */
    private List<Step> folder(MagicLine a) {
        if (a.positionals().size() < 2) {
            throw new MagicException("%" + a.magic() + " : quel dossier ? Par exemple %donnees dossier images/mnist/train --taille 28 --gris "
                    + "--normaliser (un sous-dossier par classe).");
        }
        a.atMost(2);
        for (String o : List.of("aplatir", "canal", "onehot")) {
            if (a.has(o)) {
                throw new MagicException("%" + a.magic() + " : --" + o + " ne sert pas pour un dossier : le flux donne des images "
                        + "[lot, canaux, hauteur, largeur] et des étiquettes en one-hot.");
            }
        }
        String var = a.identifier(a.name("nom", "flux"), "le nom de la variable (--nom)");
        String path = a.positionals().get(1);
        String dir = path.startsWith("/") || path.startsWith("./") || path.startsWith("../")
                ? "java.nio.file.Paths.get(" + str(path) + ")" : "DataHome.dir().resolve(" + str(path) + ")";
        StringBuilder common = new StringBuilder("ImageFolder.from(").append(dir).append(")");
        if (a.has("taille")) {
            List<String> t = a.words("taille");
            if (t.size() > 2) throw new MagicException("%" + a.magic() + " : --taille attend une ou deux valeurs (hauteur largeur), pas « "
                    + String.join(" ", t) + " ».");
            long h = sizeOf(a, t.get(0)), w = t.size() > 1 ? sizeOf(a, t.get(1)) : h;
            common.append(".targetSize(").append(h).append(", ").append(w).append(")");
        }
        if (a.flag("gris")) common.append(".grayscale()");
        if (a.flag("normaliser")) common.append(".rescale(1.0 / 255)");
        if (a.has("lot")) common.append(".batchSize(").append(a.code("lot")).append(")");
        if (a.has("graine")) common.append(".seed(").append(a.codeLong("graine")).append(")");
        List<String> aug = new ArrayList<>();
        if (a.has("rotation")) aug.add("rotation(" + a.number("rotation") + ")");
        if (a.has("decalage")) aug.add("shift(" + a.number("decalage") + ", " + a.number("decalage") + ")");
        if (a.has("zoom")) aug.add("zoom(" + a.number("zoom") + ")");
        if (a.flag("miroir")) aug.add("horizontalFlip()");
        String augment = aug.isEmpty() ? "" : ".augment(Augmentation.create()." + String.join(".", aug) + ")";
        List<Step> steps = new ArrayList<>();
        steps.add(Step.run("import fr.carnets.data.*;"));
        if (!a.has("validation")) {
            steps.add(Step.run("var " + var + " = " + common + augment + ".build();"));
        } else {
            String v = a.code("validation");
            String validation = var + "Validation";
            steps.add(Step.run("var " + var + " = " + common + ".validationSplit(" + v + ").subset(\"training\")" + augment + ".build();"));
            steps.add(Step.run("var " + validation + " = " + common + ".validationSplit(" + v + ").subset(\"validation\").shuffle(false).build();"));
        }
        steps.add(Step.then(var, (val, s) -> {
            s.print(var + " : " + val);
            return null;
        }));
        if (a.has("validation")) {
            String validation = var + "Validation";
            steps.add(Step.then(validation, (val, s) -> {
                s.print(validation + " : " + val);
                return null;
            }));
        }
        return steps;
    }

    private static long sizeOf(MagicLine a, String word) {
        try {
            long v = Long.parseLong(word);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new MagicException("%" + a.magic() + " : --taille attend des entiers positifs (par exemple --taille 28 ou --taille 64 48), pas « "
                + word + " ».");
    }
}
