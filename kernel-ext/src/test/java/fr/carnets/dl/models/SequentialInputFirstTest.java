package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.Dense;
import static fr.carnets.dl.layers.Layers.Input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import fr.carnets.dl.ModelException;

/** A Sequential started with a layer instead of its Input says, in French, to start with Input(784). */
class SequentialInputFirstTest {

    @Test
    void aLayerFirstSaysStartWithInput() {
        ModelException e = assertThrows(ModelException.class, () -> new Sequential(Dense(20, "relu"), Dense(10, "softmax")));
        assertTrue(e.getMessage().contains("commencez par Input(784)"), e.getMessage());
        assertTrue(e.getMessage().contains("new Sequential(Input(784), Dense(20, \"relu\")"), e.getMessage());
    }

    @Test
    void inputFirstStillBuilds() {
        Sequential m = new Sequential(Input(784), Dense(20, "relu"), Dense(10, "softmax"));
        assertEquals(2, m.layerSizes().length);
    }
}
