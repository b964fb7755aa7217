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

    static void e(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), message);
    }

    // ------------------------------------------------------------------ %entrainer

    @Test
    void entrainerFitsWithKerasArguments() {
        assertEquals("import fr.carnets.dl.training.Fit;\n"
                + "var history = model.fit(data.xTrain, data.yTrain, Fit.epochs(3).batchSize(32).validationSplit(0.2));\nhistory",
                java("entrainer", "model data --epochs 3 --batch 32 --validation 0.2"));
        assertEquals("import fr.carnets.dl.training.Fit;\n"
                + "var h = net.fit(x, y, Fit.epochs(2).shuffle(false).seed(5L).liveCurve());\nh",
                java("fit", "net x y --epoques 2 --historique h --courbe --seed 5 --no-shuffle"));
        assertEquals("import fr.carnets.dl.training.Fit;\nvar history = model.fit(data.xTrain, data.yTrain, Fit.options());\nhistory",
                java("entrainer", "model"));
    }

    @Test
    void entrainerBadInputs() {
        assertTrue(error("entrainer", "").contains("quel modèle entraîner ?"));
        assertTrue(error("entrainer", "model data --epochs").contains("--epoques attend un nombre entier"));
        assertTrue(error("entrainer", "model data --epochs 3.5").contains("--epoques attend un nombre entier, pas « 3.5 »"));
        String e = error("entrainer", "model data --epoch 3");
        assertTrue(e.contains("option inconnue « --epoch »") && e.contains("--epoques N (--epochs, --époques)")
                && e.contains("--lot N (--batch, --batch-size, --batch_size)"), e);
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
    void aJavaVariableMayStandForANumber() {
        assertEquals("import fr.carnets.dl.training.Fit;\nvar history = model.fit(x, y, Fit.epochs(EPOQUES).batchSize(LOT).validationSplit(PART).seed(GRAINE));\nhistory",
                java("entrainer", "model x y --epochs EPOQUES --batch LOT --validation PART --graine GRAINE"));
        String j = java("modele", "m = Input(N) Dense(TETE, relu) Dropout(TAUX) Dense(5, softmax) --graine 1 --compile sgd mse --lr TAUX_LR --inertie 0.9");
        assertTrue(j.contains("new Sequential(Input(N), Dense(TETE, \"relu\"), Dropout(TAUX), Dense(5, \"softmax\"));\nm.seed(1L);\n"), j);
        assertTrue(j.contains("m.compile(Optimizers.sgd(TAUX_LR, 0.9), \"mse\");"), j);
        assertTrue(java("images", "--nombre N --graine G").endsWith(".count(N).random(G)"));
        // a keyword or a malformed word is still refused
        assertTrue(error("entrainer", "model data --epochs class").contains("--epoques attend un nombre entier, pas « class »"));
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
        assertTrue(r.evaluated.contains("import fr.carnets.dl.training.*;"), r.evaluated.toString());
        r.evaluated.clear();
        magic("evaluer").run(r, List.of("model", "fluxValidation"));
        assertTrue(r.evaluated.contains("var scores = model.evaluate(fluxValidation);"), r.evaluated.toString());
        // arrays stay arrays; a TrainTest stays its parts
        assertEquals("import fr.carnets.dl.training.Fit;\nvar history = model.fit(x, y, Fit.validationData(xv, yv));\nhistory",
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
        assertEquals(List.of("data", "import fr.carnets.dl.training.Fit;", "var history = model.fit(data.xTrain, data.yTrain, Fit.epochs(3));", "history"),
                r.evaluated);
        assertEquals("Équivalent Java :\n    import fr.carnets.dl.training.Fit;\n"
                + "    var history = model.fit(data.xTrain, data.yTrain, Fit.epochs(3));\n    history", r.printed.get(0));
    }

    @Test
    void confusionShowsTheHeatmapAndReturnsTheReport() {
        Recorder r = new Recorder(src -> src.startsWith("Plots.confusion(") ? "FIGURE" : src.endsWith("report()") ? "TABLE" : null);
        assertEquals("TABLE", magic("confusion").run(r, List.of("model", "data")));
        assertEquals(List.of("FIGURE"), r.shown);
    }

    @Test
    void evaluerSaysLossAndAccuracyInFrench() throws Exception {
        var ctor = fr.carnets.dl.training.Scores.class.getDeclaredConstructor(double.class, double.class, long.class);
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
            // "confusion" and "widgets" are the same word in both languages
            assertTrue(m.spec().names().size() >= 2 || java.util.Set.of("confusion", "widgets").contains(m.name()), m.name());
            for (String n : m.spec().names()) assertTrue(seen.add(n), "nom en double : " + n);
            assertFalse(m.spec().summary().isBlank());
            assertTrue(m.spec().example().startsWith("%" + m.name()), m.spec().example());
            assertTrue(m.help().contains("Usage :"), m.name());
        }
    }
}
