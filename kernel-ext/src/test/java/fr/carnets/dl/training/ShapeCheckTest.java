package fr.carnets.dl.training;

import static fr.carnets.dl.layers.Layers.*;
import static fr.carnets.dl.TestData.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Conv2D;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Flatten;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.models.Sequential;

/** Shape errors name both shapes and the fix before any computation. */
class ShapeCheckTest {

    @Test
    void shapeErrorsNameBothShapesAndTheFix() {
        var m = new Sequential(Input(784), Dense(4, "relu"), Dense(2, "softmax"));
        m.compile("adam", "categorical_crossentropy", "accuracy");
        var e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 28, 28), Nd4j.zeros(6, 2)));
        assertTrue(e.getMessage().contains("[6, 28, 28]") && e.getMessage().contains("[n, 784]")
                && e.getMessage().contains("reshape(-1, 784)") && e.getMessage().contains("flatten()"), e.getMessage());
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(6, 10)));
        assertTrue(e.getMessage().contains("10 colonnes") && e.getMessage().contains("2 sorties"), e.getMessage());
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(DataType.FLOAT, 6)));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        e = assertThrows(ModelException.class, () -> m.fit(Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(5, 2)));
        assertTrue(e.getMessage().contains("6 exemples"), e.getMessage());
        var c = new Sequential(Input(28, 28, 1), Conv2D(2, 3, "relu"), Flatten(), Dense(2, "softmax"));
        c.compile("adam", "categorical_crossentropy", "accuracy");
        e = assertThrows(ModelException.class, () -> c.fit(Nd4j.zeros(DataType.FLOAT, 6, 28, 28, 1), Nd4j.zeros(6, 2)));
        assertTrue(e.getMessage().contains("[6, 28, 28, 1]") && e.getMessage().contains("[n, 1, 28, 28]")
                && e.getMessage().contains("NHWC") && e.getMessage().contains("permute(0, 3, 1, 2)"), e.getMessage());
        e = assertThrows(ModelException.class, () -> c.fit(Nd4j.zeros(DataType.FLOAT, 6, 28, 28), Nd4j.zeros(6, 2)));
        assertTrue(e.getMessage().contains("addChannel()"), e.getMessage());
        e = assertThrows(ModelException.class, () -> c.predict(Nd4j.zeros(DataType.FLOAT, 6, 784)));
        assertTrue(e.getMessage().contains("reshape(6, 1, 28, 28)"), e.getMessage());
    }
}
