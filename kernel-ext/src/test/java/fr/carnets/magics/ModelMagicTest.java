package fr.carnets.magics;

import static fr.carnets.magics.MagicsTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** %modele: the layers it knows (from the layer factory), the Java it writes, and its French errors. */
class ModelMagicTest {

    static final String DENSE = "import fr.carnets.dl.models.Sequential;\nimport static fr.carnets.dl.layers.Layers.*;\n"
            + "var model = new Sequential(Input(784), Dense(20, \"relu\"), Dense(14, \"relu\"), Dense(10, \"softmax\"));\n"
            + "model.compile(\"adam\", \"categorical_crossentropy\", \"accuracy\");\nmodel";

    @Test
    void modeleHelpListsTheFactoriesFormsAndOptimizers() {
        String h = magic("modele").help();
        assertTrue(h.contains("Input(dimensions...), ") && h.contains("Dense(unités) ou Dense(unités, activation)"), h);
        assertTrue(h.contains("MaxPooling2D() ou MaxPooling2D(taille) ou MaxPooling2D(hauteur, largeur)"), h);
        assertTrue(h.contains("Conv2D(filtres, noyau, activation, bord) ou ") && h.contains("Conv2D(filtres, noyau, activation, bord, pas)"), h);
        assertFalse(h.contains("Conv2D(filtres, noyau, bord"), "un seul ordre : activation, puis bord : " + h);
        assertEquals(List.of("adam", "rmsprop", "sgd"), ModelMagic.optimizers());
        assertTrue(h.contains("Optimiseurs : adam, rmsprop, sgd ;"), h);
    }

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
        assertEquals("import fr.carnets.dl.models.Sequential;\nimport static fr.carnets.dl.layers.Layers.*;\nimport fr.carnets.dl.training.Optimizers;\n"
                + "var cnn = new Sequential(Input(28, 28, 1), Conv2D(8, 3, \"relu\"), MaxPooling2D(2), "
                + "Conv2D(16, 3, \"relu\", \"same\", 2), AveragePooling2D(), GlobalAveragePooling2D(), Flatten(), Dropout(0.25), "
                + "BatchNormalization(), Dense(10, \"softmax\"));\ncnn.seed(7L);\n"
                + "cnn.compile(Optimizers.rmsprop(0.001), \"categorical_crossentropy\", \"accuracy\");\ncnn", j);
        assertEquals("import fr.carnets.dl.models.Sequential;\nimport static fr.carnets.dl.layers.Layers.*;\n"
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
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --compile adam").contains("--compiler attend l'optimiseur puis la perte"));
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --compile adamw mse --lr 0.1").contains("optimiseur inconnu « adamw »"));
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --lr 0.1").contains("--taux va avec --compiler"));
        assertTrue(error("modele", "Input(784) Dense(10, softmax) --optimizer adam").contains("Options valides : --compiler OPTIMISEUR PERTE [MESURE] (--compile), --taux TAUX (--lr, --learning-rate)"));
        assertTrue(error("modele", "class = Input(784) Dense(2)").contains("« class » ne peut pas être un nom de variable"));
    }

    @Test
    void modeleLayerNamesComeFromTheLayerFactory() throws Exception {
        // every public static factory of Layers that builds a layer is a layer the magic knows, and only those
        java.util.Set<String> factories = new java.util.TreeSet<>();
        for (var m : fr.carnets.dl.layers.Layers.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == fr.carnets.dl.layers.Layers.class
                    && (fr.carnets.dl.layers.KerasLayer.class.isAssignableFrom(m.getReturnType()) || m.getName().equals("Input"))) {
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
        assertTrue(j.contains("var cnn = new Sequential(Input(28, 28, 1), Conv2D(6, 5, \"relu\", \"same\"), MaxPooling2D(2), "
                + "Conv2D(16, 5, \"relu\"), MaxPooling2D(), Flatten(), Dense(120, \"relu\"), Dense(84, \"relu\"), Dense(10, \"softmax\"));"), j);
        // two-argument pooling and batch normalization go through the generic path
        assertTrue(java("modele", "Input(28,28,1) MaxPooling2D(2, 1) BatchNormalization Flatten Dense(2)")
                .contains("MaxPooling2D(2, 1), BatchNormalization(), Flatten(), Dense(2)"));
        // the factory's own French message passes through
        e(error("modele", "Input(28,28,1) Conv2D(8, 3, rleu)"), "%modele : dans « Conv2D(8, 3, rleu) » : ", "rleu");
        e(error("modele", "Input(784) BatchNormalization(0.9)"), "ne correspond à aucune forme de BatchNormalization", "BatchNormalization()");
    }

    @Test
    void modeleSgdWithMomentumForFineTuning() {
        assertTrue(java("modele", "m = Input(4) Dense(2, softmax) --compile sgd categorical_crossentropy accuracy --lr 0.0001 --inertie 0.9")
                .contains("m.compile(Optimizers.sgd(1.0E-4, 0.9), \"categorical_crossentropy\", \"accuracy\");"));
        e(error("modele", "Input(4) Dense(2) --compile adam mse --lr 0.1 --inertie 0.9"), "--inertie (momentum) va avec sgd");
        e(error("modele", "Input(4) Dense(2) --compile sgd mse --inertie 0.9"), "--inertie va avec --taux");
        // the magic and the Java read Conv2D in one order; the other order is said in French
        e(error("modele", "Input(28,28,1) Conv2D(8, 3, same, relu)"), "l'activation vient avant le bord", "Conv2D(8, 3, \"relu\", \"same\")");
    }

    @Test
    void modeleSplitByTheKernelStillParses() {
        Recorder r = new Recorder(src -> src.equals("model") ? "MODEL" : null);
        Object v = magic("modele").run(r, List.of("model", "=", "Input(784)", "Dense(20,", "relu)", "Dense(10,", "softmax)",
                "--compile", "adam", "categorical_crossentropy", "accuracy"));
        assertEquals("MODEL", v);
        assertTrue(r.evaluated.contains("var model = new Sequential(Input(784), Dense(20, \"relu\"), Dense(10, \"softmax\"));"), r.evaluated.toString());
    }
}
