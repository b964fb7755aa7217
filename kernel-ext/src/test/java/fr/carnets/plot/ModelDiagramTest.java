package fr.carnets.plot;

import static fr.carnets.dl.layers.Layers.Conv2D;
import static fr.carnets.dl.layers.Layers.Dense;
import static fr.carnets.dl.layers.Layers.Flatten;
import static fr.carnets.dl.layers.Layers.Input;
import static fr.carnets.dl.layers.Layers.MaxPooling2D;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.carnets.dl.models.Sequential;

class ModelDiagramTest {
    @Test
    void denseNetHasOneColumnPerLayerAndTheInput() {
        var m = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
        List<ModelDiagram.Column> cols = ModelDiagram.columns(m);
        assertEquals(List.of("Input(784)", "Dense(20, relu)", "Dense(14, relu)", "Dense(10, softmax)"),
                cols.stream().map(ModelDiagram.Column::call).toList());
        assertEquals("entrée : 784", cols.get(0).role());
        assertEquals("cachée : 20 neurones", cols.get(1).role());
        assertEquals("sortie : 10 classes", cols.get(3).role());
        BufferedImage img = ModelDiagram.of(m);
        assertTrue(img.getWidth() >= 600 && img.getHeight() > 300);
        // something is drawn: not every pixel is white
        boolean ink = false;
        for (int x = 0; x < img.getWidth() && !ink; x += 3) for (int y = 0; y < img.getHeight() && !ink; y += 3) ink = (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF;
        assertTrue(ink);
    }

    @Test
    void convolutionalNetShowsFiltersAndPooling() {
        var m = new Sequential(Input(28, 28, 1), Conv2D(8, 3, "relu"), MaxPooling2D(2), Flatten(), Dense(10, "softmax"));
        List<String> calls = ModelDiagram.columns(m).stream().map(ModelDiagram.Column::call).toList();
        assertTrue(calls.contains("Conv2D(8, 3×3, relu)"), calls.toString());
        assertTrue(calls.contains("MaxPooling2D"), calls.toString());
        assertEquals("Dense(10, softmax)", calls.get(calls.size() - 1));
    }

    @Test
    void nullModelIsAFrenchError() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelDiagram.of(null)).getMessage().contains("null"));
    }
}
