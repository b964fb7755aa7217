package fr.carnets.dl.training;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.training.DivergenceCheck;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.Optimizers;
import fr.carnets.dl.models.Sequential;

/** The mistakes of the « Déboguer un entraînement » lab get a French message that names the fix. */
class TrainingMistakesTest {

    private static ModelException compileFails(Sequential m, String loss) {
        return assertThrows(ModelException.class, () -> m.compile("adam", loss, "accuracy"));
    }

    @Test
    void aLossThatDoesNotFitTheOutputNamesThePairToUse() {
        // One softmax unit always outputs 1: refused before DL4J's English exception, with the two-class pair
        var e = assertThrows(ModelException.class, () -> Dense(1, "softmax"));
        assertTrue(e.getMessage().contains("toujours 1") && e.getMessage().contains("Dense(1, \"sigmoid\")")
                && e.getMessage().contains("binary_crossentropy"), e.getMessage());
        // One sigmoid unit with the k-class loss: the advice is the binary loss, never a one-unit softmax
        e = compileFails(new Sequential(Input(8), Dense(1, "sigmoid")), "categorical_crossentropy");
        assertTrue(e.getMessage().contains("\"binary_crossentropy\"") && !e.getMessage().contains("Dense(1, \"softmax\")"), e.getMessage());
        // A softmax over 10 classes with the binary loss: keep softmax, take categorical_crossentropy
        e = compileFails(new Sequential(Input(8), Dense(10, "softmax")), "binary_crossentropy");
        assertTrue(e.getMessage().contains("\"categorical_crossentropy\"") && e.getMessage().contains("[n, 10]")
                && !e.getMessage().contains("Dense(10, \"sigmoid\")"), e.getMessage());
        // Keras's integer-label loss: one-hot labels and categorical_crossentropy
        e = compileFails(new Sequential(Input(8), Dense(10, "softmax")), "sparse_categorical_crossentropy");
        assertTrue(e.getMessage().contains("one-hot") && e.getMessage().contains("\"categorical_crossentropy\""), e.getMessage());
        // The messages that were already right stay
        e = compileFails(new Sequential(Input(8), Dense(3, "relu")), "categorical_crossentropy");
        assertTrue(e.getMessage().contains("Dense(3, \"softmax\")"), e.getMessage());
        e = compileFails(new Sequential(Input(8), Dense(1, "relu")), "binary_crossentropy");
        assertTrue(e.getMessage().contains("Dense(1, \"sigmoid\")"), e.getMessage());
        // The right pairs compile
        assertDoesNotThrow(() -> new Sequential(Input(8), Dense(1, "sigmoid")).compile("adam", "binary_crossentropy", "accuracy"));
        assertDoesNotThrow(() -> new Sequential(Input(8), Dense(3, "softmax")).compile("adam", "categorical_crossentropy", "accuracy"));
        assertDoesNotThrow(() -> new Sequential(Input(8), Dense(1)).compile("sgd", "mse"));
    }

    /** A linear regression whose learning rate is far too large: each step overshoots more, until the loss is NaN. */
    @Test
    void aDivergingFitSaysWhyOnceAndGoesOn() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 8);
        INDArray y = x.sum(true, 1).muli(10);
        var m = new Sequential(Input(8), Dense(1)).seed(3);
        m.compile(Optimizers.sgd(50), "mse");
        String out = captured(() -> m.fit(x, y, Fit.batchSize(8).epochs(4).verbose(0)));
        assertTrue(out.contains("La perte vaut") && out.contains("a divergé") && out.contains("learning_rate=50.0")
                && out.contains("divisez-le par 10"), out);
        assertEquals(1, out.split("La perte vaut", -1).length - 1, "said once per fit: " + out);
        assertFalse(Double.isFinite(m.history().get("loss")[3]), "the loss itself is left as it is");
        assertEquals(4, m.history().epochs(), "fit goes on, as in Keras");

        // A sane learning rate on the same data: nothing said
        var ok = new Sequential(Input(8), Dense(1)).seed(3);
        ok.compile(Optimizers.sgd(0.01), "mse");
        String quiet = captured(() -> ok.fit(x, y, Fit.batchSize(8).epochs(4).verbose(0)));
        assertFalse(quiet.contains("La perte vaut"), quiet);
    }

    @Test
    void theDivergenceMessageNamesInfinityToo() {
        String m = DivergenceCheck.message(Double.POSITIVE_INFINITY, 0, 7, Optimizers.sgd(10));
        assertTrue(m.contains("l'infini") && m.contains("lot 7 de l'époque 1") && m.contains("learning_rate=10.0"), m);
    }

    private static String captured(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
