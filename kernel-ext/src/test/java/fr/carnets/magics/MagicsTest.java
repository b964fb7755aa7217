package fr.carnets.magics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Each magic's Java, and every bad input with its French message. No kernel: a recording session. */
class MagicsTest {

    /** Records what a magic evaluates, prints and shows; values come from a function of the source. */
    static final class Recorder implements Session {
        final List<String> evaluated = new ArrayList<>();
        final List<String> printed = new ArrayList<>();
        final List<Object> shown = new ArrayList<>();
        final Function<String, Object> values;

        Recorder(Function<String, Object> values) {
            this.values = values;
        }

        @Override
        public Object eval(String java) {
            evaluated.add(java);
            return values.apply(java);
        }

        @Override
        public void print(String text) {
            printed.add(text);
        }

        @Override
        public void display(Object value) {
            shown.add(value);
        }

        @Override
        public Set<String> magicNames() {
            return Set.of("%classpath", "%time", "%%time", "%donnees", "%data");
        }
    }

    static CarnetsMagic magic(String name) {
        CarnetsMagic m = new HelpMagic(Magics.all()).find(name);
        assertNotNull(m, name);
        return m;
    }

    static String java(String magic, String line) {
        return magic(magic).java(KernelWords.split(line));
    }

    static String error(String magic, String line) {
        return assertThrows(MagicException.class, () -> java(magic, line)).getMessage();
    }

    // ------------------------------------------------------------------ %donnees

    @Test
    void donneesLoadsMnistAsTheLessonDoes() {
        assertEquals("import fr.carnets.data.Mnist;\nvar data = Mnist.options().flatten().scale().oneHot().load();\ndata",
                java("donnees", "mnist --aplatir --normaliser --onehot"));
        assertEquals("import fr.carnets.data.FashionMnist;\nvar fm = FashionMnist.options().addChannel().scale().load();\nfm",
                java("data", "fashion-mnist --channel --scale --name fm"));
        assertEquals("import fr.carnets.data.Mnist;\nvar data = Mnist.options().load();\ndata", java("donnees", "MNIST"));
    }

    @Test
    void donneesBadInputs() {
        assertTrue(error("donnees", "").contains("quel jeu de données ?"));
        assertEquals("%donnees : jeu de données inconnu « cifar10 ». Jeux disponibles : mnist, fashion-mnist.", error("donnees", "cifar10"));
        assertTrue(error("donnees", "mnist --aplatir --canal").contains("--aplatir et --canal s'excluent"));
        assertTrue(error("donnees", "mnist --normalize --onehote").contains("option inconnue « --onehote »"));
        assertTrue(error("donnees", "mnist --onehote").contains("--onehot (--one-hot, --one_hot)"));
        assertTrue(error("donnees", "mnist fashion-mnist").contains("trop d'arguments"));
        assertTrue(error("donnees", "mnist --nom 1x").contains("ne peut pas être un nom de variable Java"));
        assertTrue(error("donnees", "mnist --nom").contains("--nom attend un nom"));
    }

    @Test
    void donneesReadsItsDatasetsFromTheCatalog() throws Exception {
        // datasets/catalog.json (packaged in the jar) lists them; each has its class in fr.carnets.data
        List<String> names = fr.carnets.data.DataHome.arrayDatasets();
        assertEquals(List.of("mnist", "fashion-mnist"), names);
        for (String n : names) {
            String cls = DataMagic.datasetClass("donnees", n);
            assertNotNull(Class.forName("fr.carnets.data." + cls).getMethod("options"), cls);
            assertTrue(java("donnees", n).contains("var data = " + cls + ".options().load();"), n);
        }
        assertEquals("FashionMnist", DataMagic.datasetClass("donnees", "fashion_mnist"));
        assertEquals("FashionMnist", DataMagic.datasetClass("donnees", "FashionMNIST"));
        assertTrue(magic("donnees").help().contains("datasets/catalog.json) : mnist, fashion-mnist."));
    }

    // ------------------------------------------------------------------ %modele

    @Test
    void modeleHelpListsTheFactoriesFormsAndOptimizers() {
        String h = magic("modele").help();
        assertTrue(h.contains("Input(dimensions...), ") && h.contains("Dense(unités) ou Dense(unités, activation)"), h);
        assertTrue(h.contains("MaxPooling2D() ou MaxPooling2D(taille) ou MaxPooling2D(hauteur, largeur)"), h);
        assertTrue(h.contains("Conv2D(filtres, noyau, bord, pas, activation)"), h);
        assertEquals(List.of("adam", "rmsprop", "sgd"), ModelMagic.optimizers());
        assertTrue(h.contains("Optimiseurs : adam, rmsprop, sgd ;"), h);
    }

    static final String DENSE = "import fr.carnets.dl.*;\nimport static fr.carnets.dl.Layers.*;\n"
            + "var model = new Sequential(Input(784), Dense(20, \"relu\"), Dense(14, \"relu\"), Dense(10, \"softmax\"));\n"
            + "model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\");\nmodel";

    @Test
    void modeleBuildsAndCompilesTheDenseNet() {
        assertEquals(DENSE, java("modele", "model = Input(784) Dense(20,relu) Dense(14, relu) Dense(10, softmax) "
                + "--compile adam categorical_crossentropy accuracy"));
        // no name: "model"; quotes and spaces inside parentheses are fine; "=" glued either way
        assertEquals(DENSE, java("model", "Input(784) Dense( 20 , \"relu\" ) Dense(14,relu) Dense(10,softmax) "
                + "--compile adam categorical_crossentropy accuracy"));
        assertEquals(DENSE, java("modele", "model=Input(784) Dense(20,relu) Dense(14,relu) Dense(10,softmax) "
                + "--compile adam categorical_crossentropy accuracy"));
        assertEquals(DENSE, java("modele", "model =Input(784) Dense(20,relu) Dense(14,relu) Dense(10,softmax) "
                + "--compile adam categorical_crossentropy accuracy"));
    }

    @Test
    void modeleKnowsConvnetsLearningRateAndSeed() {
        String j = java("modele", "cnn = Input(28, 28, 1) Conv2D(8, 3, relu) MaxPooling2D(2) Conv2D(16, 3, relu, same, 2) "
                + "AveragePooling2D GlobalAveragePooling2D Flatten Dropout(0.25) BatchNormalization Dense(10, softmax) "
                + "--graine 7 --compile rmsprop categorical_crossentropy accuracy --lr 0.001");
        assertEquals("import fr.carnets.dl.*;\nimport static fr.carnets.dl.Layers.*;\n"
                + "var cnn = new Sequential(Input(28, 28, 1), Conv2D(8, 3, \"relu\"), MaxPooling2D(2), "
                + "Conv2D(16, 3, \"same\", 2, \"relu\"), AveragePooling2D(), GlobalAveragePooling2D(), Flatten(), Dropout(0.25), "
                + "BatchNormalization(), Dense(10, \"softmax\"));\ncnn.seed(7L);\n"
                + "cnn.compile(Optimizers.rmsprop(0.001), \"categorical_crossentropy\", \"accuracy\");\ncnn", j);
        assertEquals("import fr.carnets.dl.*;\nimport static fr.carnets.dl.Layers.*;\n"
                + "var m2 = new Sequential(Input(4), Dense(1, \"sigmoid\"));\nm2", java("modele", "m2 = Input(4) dense(1, sigmoid)"));
    }

    @Test
    void modeleBadInputs() {
        assertTrue(error("modele", "").contains("décrivez les couches"));
        assertTrue(error("modele", "model =").contains("décrivez les couches"));
        String e = error("modele", "Input(784) Dense(20, relu) Dence(10, softmax)");
        assertTrue(e.startsWith("%modele : couche inconnue « Dence » (dans « Dence(10, softmax) »). Couches connues : Input(dimensions...), "), e);
        assertTrue(e.contains("Dense(unités) ou Dense(unités, activation)") && e.contains("Dropout(taux)"), e);
        assertTrue(error("modele", "Dense(20, relu)").contains("commencez par l'entrée, Input(784)"));
        assertTrue(error("modele", "Input(784) Input(10)").contains("Input(...) ne peut être que la première couche"));
        // the API's own French messages pass through; the forms come from the factory
        assertTrue(error("modele", "Input(28, 28) Dense(10)").contains("dans « Input(28, 28) » : Input attend 1 dimension"));
        e = error("modele", "Input(784) Dense()");
        assertTrue(e.contains("« Dense() » (sans argument) ne correspond à aucune forme de Dense. Formes possibles : Dense(unités) ou Dense(unités, activation)."), e);
        assertTrue(error("modele", "Input(784) Dense(20, relu, 3)").contains("(3 arguments) ne correspond à aucune forme de Dense"));
        assertTrue(error("modele", "Input(784) Dense(vingt, relu)").contains("« Dense(vingt, relu) » (2 arguments) ne correspond à aucune forme"));
        assertTrue(error("modele", "Input(784) Dense(0, relu)").contains("Dense : le nombre de neurones doit être positif, pas 0."));
        e = error("modele", "Input(784) Dense(20, rleu)");
        assertTrue(e.contains("Activation inconnue : \"rleu\"") && e.contains("relu"), e);
        assertTrue(error("modele", "Input(784) Dropout(1.5) Dense(2)").contains("dans « Dropout(1.5) » : Dropout(rate) : rate est la fraction"));
        assertTrue(error("modele", "Input(28,28,1) Conv2D(8, 3, relu, full)").contains("padding doit valoir \"valid\""));
        e = error("modele", "Input(784) Flatten(2) Dense(2)");
        assertTrue(e.contains("« Flatten(2) » (1 argument) ne correspond à aucune forme de Flatten. Formes possibles : Flatten()"), e);
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --compile adam").contains("--compile attend l'optimiseur puis la perte"));
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --compile adamw mse --lr 0.1").contains("optimiseur inconnu « adamw »"));
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --lr 0.1").contains("--lr va avec --compile"));
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --optimizer adam").contains("Options valides : --compile"));
        assertTrue(error("modele", "class = Input(784) Dense(2)").contains("« class » ne peut pas être un nom de variable"));
    }

    // ------------------------------------------------------------------ %entrainer

    @Test
    void entrainerFitsWithKerasArguments() {
        assertEquals("import fr.carnets.dl.Fit;\n"
                + "var history = model.fit(data.xTrain, data.yTrain, Fit.epochs(3).batchSize(32).validationSplit(0.2));\nhistory",
                java("entrainer", "model data --epochs 3 --batch 32 --validation 0.2"));
        assertEquals("import fr.carnets.dl.Fit;\n"
                + "var h = net.fit(x, y, Fit.epochs(2).shuffle(false).seed(5L).liveCurve());\nh",
                java("fit", "net x y --epoques 2 --historique h --courbe --seed 5 --no-shuffle"));
        assertEquals("import fr.carnets.dl.Fit;\nvar history = model.fit(data.xTrain, data.yTrain, Fit.options());\nhistory",
                java("entrainer", "model"));
    }

    @Test
    void entrainerBadInputs() {
        assertTrue(error("entrainer", "").contains("quel modèle entraîner ?"));
        assertTrue(error("entrainer", "model data --epochs").contains("--epochs attend un nombre entier"));
        assertTrue(error("entrainer", "model data --epochs 3.5").contains("--epochs attend un nombre entier, pas « 3.5 »"));
        String e = error("entrainer", "model data --epoch 3");
        assertTrue(e.contains("option inconnue « --epoch »") && e.contains("--epochs N (--epoques, --époques)")
                && e.contains("--batch N (--lot, --batch-size, --batch_size)"), e);
        assertTrue(error("entrainer", "model x y z").contains("trop d'arguments (z en trop)"));
        assertTrue(error("entrainer", "model data --historique 3h").contains("ne peut pas être un nom de variable Java"));
    }

    // ------------------------------------------------------------------ others

    @Test
    void evaluerCourbesImagesConfusionResume() {
        assertEquals("var scores = model.evaluate(data.xTest, data.yTest);\nscores", java("evaluer", "model data"));
        assertEquals("var s = m.evaluate(xt, yt);\ns", java("evaluate", "m xt yt --name s"));
        assertEquals("import fr.carnets.plot.Plots;\nPlots.curves(history)", java("courbes", ""));
        assertEquals("import fr.carnets.plot.Plots;\nPlots.curves(h, \"Mon \\\"titre\\\"\")", java("plot_history", "h --titre \"Mon \\\"titre\\\"\""));
        assertEquals("import fr.carnets.plot.Plots;\nPlots.images(data.xTrain).labels(data.yTrain).classes(data.classes).count(16).random(3L)",
                java("images", "--nombre 16 --graine 3"));
        assertEquals("import fr.carnets.plot.Plots;\nPlots.images(d.xTest).labels(d.yTest).classes(d.classes)"
                + ".predictions(model.predict(d.xTest)).onlyMistakes().columns(5)", java("show_images", "d --modele model --erreurs --colonnes 5"));
        assertEquals("import fr.carnets.analysis.ConfusionMatrix;\nimport fr.carnets.plot.Plots;\n"
                + "var cm = ConfusionMatrix.of(data.yTest, model.predict(data.xTest)).classes(data.classes);\nPlots.confusion(cm)\ncm.report()",
                java("confusion", "model data"));
        assertEquals("import fr.carnets.analysis.ConfusionMatrix;\nimport fr.carnets.plot.Plots;\nvar c = ConfusionMatrix.of(y, m.predict(x));\nPlots.confusion(c, true)\nc.report()",
                java("confusion", "m x y --normaliser --nom c"));
        assertEquals("model.summary()", java("resume", ""));
        assertEquals("cnn.summary()", java("summary", "cnn"));
    }

    @Test
    void otherBadInputs() {
        assertTrue(error("evaluer", "").contains("quel modèle évaluer ?"));
        assertTrue(error("evaluer", "model data --test").contains("option inconnue « --test ». Options valides : --nom VARIABLE (--name)"));
        assertTrue(error("images", "data --erreurs").contains("--erreurs demande --modele"));
        assertTrue(error("images", "data --modele").contains("--modele attend un nom"));
        assertTrue(error("confusion", "").contains("de quel modèle ?"));
        assertTrue(error("resume", "a b").contains("trop d'arguments"));
        assertTrue(error("resume", "model --x").contains("Cette magie n'a pas d'option"));
        assertTrue(error("courbes", "history --titre").contains("--titre attend un nom"));
    }

    // ------------------------------------------------------------------ extensions for chapters 04-07

    @Test
    void modeleLayerNamesComeFromTheLayerFactory() throws Exception {
        // every public static factory of Layers that builds a layer is a layer the magic knows, and only those
        java.util.Set<String> factories = new java.util.TreeSet<>();
        for (var m : fr.carnets.dl.Layers.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == fr.carnets.dl.Layers.class
                    && (fr.carnets.dl.KerasLayer.class.isAssignableFrom(m.getReturnType()) || m.getName().equals("Input"))) {
                factories.add(m.getName());
            }
        }
        assertEquals(factories, new java.util.TreeSet<>(LayerCatalog.names()));
        assertEquals("Input", LayerCatalog.names().get(0));
        assertFalse(LayerCatalog.names().contains("concatenate"), "add/concatenate/Model build graphs, not layers of a Sequential");
        // the list shown in errors is that one
        String e = error("modele", "Input(784) Conv3D(2)");
        for (String n : factories) assertTrue(e.contains(n), n + " absent de : " + e);
    }

    @Test
    void modeleBuildsTheLeNetOfChapter04AndRunsTheFactoryForErrors() {
        String j = java("modele", "cnn = Input(28, 28, 1) Conv2D(6, 5, relu, same) MaxPooling2D(2) Conv2D(16, 5, relu) MaxPooling2D "
                + "Flatten Dense(120, relu) Dense(84, relu) Dense(10, softmax) --graine 42 --compile adam categorical_crossentropy accuracy");
        assertTrue(j.contains("var cnn = new Sequential(Input(28, 28, 1), Conv2D(6, 5, \"same\", 1, \"relu\"), MaxPooling2D(2), "
                + "Conv2D(16, 5, \"relu\"), MaxPooling2D(), Flatten(), Dense(120, \"relu\"), Dense(84, \"relu\"), Dense(10, \"softmax\"));"), j);
        // two-argument pooling and batch normalization go through the generic path
        assertTrue(java("modele", "Input(28,28,1) MaxPooling2D(2, 1) BatchNormalization Flatten Dense(2)")
                .contains("MaxPooling2D(2, 1), BatchNormalization(), Flatten(), Dense(2)"));
        // the factory's own French message passes through
        e(error("modele", "Input(28,28,1) Conv2D(8, 3, rleu)"), "%modele : dans « Conv2D(8, 3, rleu) » : ", "rleu");
        e(error("modele", "Input(784) BatchNormalization(0.9)"), "ne correspond à aucune forme de BatchNormalization", "BatchNormalization()");
    }

    private static void e(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), message);
    }

    @Test
    void modeleSgdWithMomentumForFineTuning() {
        assertTrue(java("modele", "m = Input(4) Dense(2, softmax) --compile sgd categorical_crossentropy accuracy --lr 0.0001 --inertie 0.9")
                .contains("m.compile(Optimizers.sgd(1.0E-4, 0.9), \"categorical_crossentropy\", \"accuracy\");"));
        e(error("modele", "Input(4) Dense(2) --compile adam mse --lr 0.1 --inertie 0.9"), "--inertie (momentum) va avec sgd");
        e(error("modele", "Input(4) Dense(2) --compile sgd mse --inertie 0.9"), "--inertie va avec --lr");
    }

    @Test
    void donneesOpensAStreamOnAnImageFolder() {
        assertEquals("import fr.carnets.data.*;\n"
                + "var flux = ImageFolder.from(DataHome.dir().resolve(\"images/mnist/train\")).targetSize(28, 28).grayscale().rescale(1.0 / 255)"
                + ".batchSize(32).build();\nflux", java("donnees", "dossier images/mnist/train --taille 28 --gris --normaliser --lot 32"));
        String j = java("donnees", "folder ./photos --size 64 48 --validation 0.2 --seed 7 --rotation 15 --decalage 0.1 --zoom 0.1 --miroir --nom f");
        assertEquals("import fr.carnets.data.*;\n"
                + "var f = ImageFolder.from(java.nio.file.Paths.get(\"./photos\")).targetSize(64, 48).seed(7L).validationSplit(0.2)"
                + ".subset(\"training\").augment(Augmentation.create().rotation(15.0).shift(0.1, 0.1).zoom(0.1).horizontalFlip()).build();\n"
                + "var fValidation = ImageFolder.from(java.nio.file.Paths.get(\"./photos\")).targetSize(64, 48).seed(7L).validationSplit(0.2)"
                + ".subset(\"validation\").shuffle(false).build();\nf\nfValidation", j);
        e(error("donnees", "dossier"), "quel dossier ?");
        e(error("donnees", "dossier images --taille 28 x"), "--taille attend des entiers positifs", "« x »");
        e(error("donnees", "dossier images --taille 1 2 3"), "--taille attend une ou deux valeurs");
        e(error("donnees", "dossier images --aplatir"), "--aplatir ne sert pas pour un dossier");
        e(error("donnees", "mnist --gris"), "--gris sert aux dossiers d'images");
    }

    @Test
    void donneesFolderRunsAgainstARealFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (String c : List.of("a", "b")) {
            java.nio.file.Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < 3; i++) {
                var img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                javax.imageio.ImageIO.write(img, "png", dir.resolve(c).resolve(i + ".png").toFile());
            }
        }
        // the Java the magic prints, evaluated here by hand: the ImageFolder call it writes is a real one
        var flux = fr.carnets.data.ImageFolder.from(java.nio.file.Paths.get(dir.toString())).targetSize(4, 4).grayscale()
                .rescale(1.0 / 255).batchSize(2).build();
        String j = java("donnees", "dossier " + dir + " --taille 4 --gris --normaliser --lot 2");
        assertTrue(j.contains("ImageFolder.from(java.nio.file.Paths.get(\"" + dir + "\")).targetSize(4, 4).grayscale().rescale(1.0 / 255).batchSize(2)"), j);
        assertEquals(6, flux.numExamples());
        Recorder r = new Recorder(src -> src.equals("flux") ? flux : null);
        magic("donnees").run(r, List.of("dossier", dir.toString(), "--taille", "4", "--gris", "--normaliser", "--lot", "2"));
        assertTrue(r.printed.get(1).startsWith("flux : ImageFolderIterator[6 images, 2 classes, 1x4x4, lots de 2"), r.printed.toString());
    }

    @Test
    void aJavaVariableMayStandForANumber() {
        assertEquals("import fr.carnets.dl.Fit;\nvar history = model.fit(x, y, Fit.epochs(EPOQUES).batchSize(LOT).validationSplit(PART).seed(GRAINE));\nhistory",
                java("entrainer", "model x y --epochs EPOQUES --batch LOT --validation PART --graine GRAINE"));
        String j = java("modele", "m = Input(N) Dense(TETE, relu) Dropout(TAUX) Dense(5, softmax) --graine 1 --compile sgd mse --lr TAUX_LR --inertie 0.9");
        assertTrue(j.contains("new Sequential(Input(N), Dense(TETE, \"relu\"), Dropout(TAUX), Dense(5, \"softmax\"));\nm.seed(1L);\n"), j);
        assertTrue(j.contains("m.compile(Optimizers.sgd(TAUX_LR, 0.9), \"mse\");"), j);
        assertTrue(java("images", "--nombre N --graine G").endsWith(".count(N).random(G)"));
        // a keyword or a malformed word is still refused
        assertTrue(error("entrainer", "model data --epochs class").contains("--epochs attend un nombre entier, pas « class »"));
        assertTrue(error("modele", "Input(784) Dense(2x, relu)").contains("ne correspond à aucune forme de Dense"));
    }

    @Test
    void entrainerAndEvaluerTakeAStreamWhenTheVariableIsOne() {
        var stream = new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(
                new org.nd4j.linalg.dataset.DataSet(org.nd4j.linalg.factory.Nd4j.zeros(1, 2), org.nd4j.linalg.factory.Nd4j.zeros(1, 2)));
        Recorder r = new Recorder(src -> src.equals("flux") || src.equals("fluxValidation") ? stream : null);
        magic("entrainer").run(r, List.of("model", "flux", "--epochs", "5", "--validation-donnees", "fluxValidation", "--arret", "3",
                "--silencieux"));
        assertTrue(r.evaluated.contains("var history = model.fit(flux, Fit.epochs(5).validationData(fluxValidation)"
                + ".callbacks(new EarlyStopping(\"val_loss\", 3, true)).verbose(0));"), r.evaluated.toString());
        assertTrue(r.evaluated.contains("import fr.carnets.dl.*;"));
        r.evaluated.clear();
        magic("evaluer").run(r, List.of("model", "fluxValidation"));
        assertTrue(r.evaluated.contains("var scores = model.evaluate(fluxValidation);"), r.evaluated.toString());
        // arrays stay arrays; a TrainTest stays its parts
        assertEquals("import fr.carnets.dl.Fit;\nvar history = model.fit(x, y, Fit.validationData(xv, yv));\nhistory",
                java("entrainer", "model x y --validation-donnees xv yv"));
        e(error("entrainer", "model data --arret 3"), "--arret surveille la perte de validation");
        Recorder r2 = new Recorder(src -> src.equals("flux") ? stream : null);
        MagicException ex = assertThrows(MagicException.class, () -> magic("entrainer").run(r2, List.of("model", "flux", "--validation", "0.2")));
        e(ex.getMessage(), "--validation découpe des tableaux");
    }

    // ------------------------------------------------------------------ running

    @Test
    void runPrintsTheJavaEquivalentThenEvaluatesItStepByStep() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("history", "H");
        Recorder r = new Recorder(values::get);
        Object result = magic("entrainer").run(r, List.of("model", "data", "--epochs", "3"));
        assertEquals("H", result);
        // first the magic reads "data" to know whether it holds arrays or a stream, then it runs what it printed
        assertEquals(List.of("data", "import fr.carnets.dl.Fit;", "var history = model.fit(data.xTrain, data.yTrain, Fit.epochs(3));", "history"),
                r.evaluated);
        assertEquals("Équivalent Java :\n    import fr.carnets.dl.Fit;\n"
                + "    var history = model.fit(data.xTrain, data.yTrain, Fit.epochs(3));\n    history", r.printed.get(0));
    }

    @Test
    void confusionShowsTheHeatmapAndReturnsTheReport() {
        Recorder r = new Recorder(src -> src.startsWith("Plots.confusion(") ? "FIGURE" : src.endsWith("report()") ? "TABLE" : null);
        assertEquals("TABLE", magic("confusion").run(r, List.of("model", "data")));
        assertEquals(List.of("FIGURE"), r.shown);
    }

    @Test
    void modeleSplitByTheKernelStillParses() {
        Recorder r = new Recorder(src -> src.equals("model") ? "MODEL" : null);
        Object v = magic("modele").run(r, List.of("model", "=", "Input(784)", "Dense(20,", "relu)", "Dense(10,", "softmax)",
                "--compile", "adam", "categorical_crossentropy", "accuracy"));
        assertEquals("MODEL", v);
        assertTrue(r.evaluated.contains("var model = new Sequential(Input(784), Dense(20, \"relu\"), Dense(10, \"softmax\"));"), r.evaluated.toString());
    }

    @Test
    void evaluerSaysLossAndAccuracyInFrench() throws Exception {
        var ctor = fr.carnets.dl.Scores.class.getDeclaredConstructor(double.class, double.class, long.class);
        ctor.setAccessible(true);
        Object scores = ctor.newInstance(0.21034, 0.9512, 10000L);
        Recorder r = new Recorder(src -> src.equals("scores") ? scores : null);
        assertNull(magic("evaluer").run(r, List.of("model", "data")));
        assertEquals("Sur 10 000 exemples de test : perte (loss) = 0,2103 ; exactitude (accuracy) = 0,9512, soit 95,12 % de bonnes réponses.",
                r.printed.get(1));
    }

    @Test
    void helpFlagPrintsHelpAndRunsNothing() {
        Recorder r = new Recorder(src -> null);
        magic("entrainer").run(r, List.of("--aide"));
        assertTrue(r.evaluated.isEmpty());
        String h = r.printed.get(0);
        assertTrue(h.startsWith("%entrainer (alias %fit) — entraîne un modèle"), h);
        assertTrue(h.contains("--validation FRACTION (--validation-split, --validation_split)") && h.contains("Exemple :"), h);
    }

    @Test
    void aideListsEveryMagicWithAnExampleAndTheKernelMagics() {
        Recorder r = new Recorder(src -> null);
        magic("aide").run(r, List.of());
        String out = r.printed.get(0);
        for (CarnetsMagic m : Magics.all()) {
            assertTrue(out.contains("%" + m.name()), m.name());
            assertTrue(out.contains(m.spec().example()), m.spec().example());
            for (String alias : m.spec().names()) assertTrue(out.contains("%" + alias), alias);
        }
        assertTrue(out.contains("Autres magies du noyau : %%time, %classpath, %time"), out);
        r.printed.clear();
        magic("help").run(r, List.of("%fit"));
        assertTrue(r.printed.get(0).startsWith("%entrainer (alias %fit)"));
        MagicException e = assertThrows(MagicException.class, () -> magic("aide").run(r, List.of("entrainner")));
        assertTrue(e.getMessage().contains("pas de magie Carnets « entrainner »") && e.getMessage().contains("%entrainer"), e.getMessage());
    }

    @Test
    void everyMagicHasFrenchAndEnglishNamesAndHelp() {
        Set<String> seen = new java.util.HashSet<>();
        for (CarnetsMagic m : Magics.all()) {
            assertTrue(m.spec().names().size() >= 2 || m.name().equals("confusion"), m.name());
            for (String n : m.spec().names()) assertTrue(seen.add(n), "nom en double : " + n);
            assertFalse(m.spec().summary().isBlank());
            assertTrue(m.spec().example().startsWith("%" + m.name()), m.spec().example());
            assertTrue(m.help().contains("Usage :"), m.name());
        }
    }
}
