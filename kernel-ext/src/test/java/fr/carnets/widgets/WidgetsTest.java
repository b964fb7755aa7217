package fr.carnets.widgets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The widgets without a kernel (no comm): state encoding, interact's redraws and French errors. */
class WidgetsTest {

    @Test
    void bytesLeaveTheJsonAsBuffersAndWidgetsBecomeReferences() {
        var label = Widgets.label("a");
        WidgetState.Encoded e = WidgetState.encode(Map.of("value", new byte[] {1, 2}, "child", label));
        assertFalse(e.state().has("value"));
        assertEquals("[[\"value\"]]", e.bufferPaths().toString());
        assertArrayEquals(new byte[] {1, 2}, e.buffers().get(0));
        assertEquals("IPY_MODEL_" + label.id(), e.state().get("child").getAsString());
    }

    @Test
    void updatesKeepTheTraitsJavaTypesAndPutBuffersBack() {
        JsonObject state = new JsonObject();
        state.addProperty("value", 7.0);
        state.addProperty("ratio", 3);
        JsonArray paths = new JsonArray();
        JsonArray p = new JsonArray();
        p.add("image");
        paths.add(p);
        Map<String, Object> got = WidgetState.decode(state, paths, List.of(new byte[] {9}),
                Map.of("value", 1, "ratio", 0.5));
        assertEquals(7, got.get("value"));
        assertEquals(3.0, got.get("ratio"));
        assertArrayEquals(new byte[] {9}, (byte[]) got.get("image"));
    }

    @Test
    void interactRedrawsAndSaysAFailureInFrench() {
        var n = Widgets.intSlider("n", 0, 10, 2);
        Box box = Widgets.interact(() -> {
            if (n.value() > 5) throw new IllegalStateException("trop grand");
            System.out.println("calcul");
            return "carré = " + n.value() * n.value();
        }, n);
        assertEquals("n : 2\ncalcul\ncarré = 4", box.toString());
        n.value(3);
        assertEquals("n : 3\ncalcul\ncarré = 9", box.toString());
        n.value(8);
        assertTrue(box.toString().contains("Erreur dans la fonction appelée par le widget"), box.toString());
        assertTrue(box.toString().contains("trop grand"), box.toString());
        box.close();
        assertTrue(n.isClosed());
    }

    @Test
    void floatSlidersMoveByRoundStepsThatReachTheirRoundValues() {
        var centre = Widgets.floatSlider("Centre", -4, 8, 0);
        assertEquals(0.1, centre.get("step"));
        assertEquals(".1f", centre.get("readout_format"));
        var seuil = Widgets.floatSlider("Seuil", 0.01, 0.99, 0.5);
        assertEquals(0.01, seuil.get("step"));
        assertEquals(".2f", seuil.get("readout_format"));
        var big = Widgets.floatSlider("n", 0, 1000, 10);
        assertEquals(10.0, big.get("step"));
        assertEquals(".0f", big.get("readout_format"));
        for (var s : List.of(centre, seuil, big)) s.close();
    }

    @Test
    void badInputIsToldInFrench() {
        var range = assertThrows(IllegalArgumentException.class, () -> Widgets.floatSlider("x", 1, 1, 1));
        assertTrue(range.getMessage().contains("maximum plus grand"), range.getMessage());
        var log = assertThrows(IllegalArgumentException.class, () -> Widgets.floatLogSlider("η", 0, 1, 0.1));
        assertTrue(log.getMessage().contains("minimum > 0"), log.getMessage());
        var choice = assertThrows(IllegalArgumentException.class, () -> Widgets.dropdown("f", List.of("a", "b"), "c"));
        assertTrue(choice.getMessage().contains("n'est pas une des options"), choice.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> Widgets.interact(() -> 1));
        assertTrue(none.getMessage().contains("au moins un contrôle"), none.getMessage());
    }

    @Test
    void choicesAndImagesSayWhatTheyHold() {
        var d = Widgets.toggleButtons("Filtre", List.of("flou", "bords"), "flou");
        d.value("bords");
        assertEquals("bords", d.value());
        assertEquals("Filtre : bords (parmi flou, bords)", d.toString());
        var img = Widgets.image(new double[][] {{0, 1}, {1, 0}}, 3);
        assertEquals((byte) 0x89, img.png()[0]);
        assertTrue(img.toString().startsWith("Image 6 × 6 pixels"), img.toString());
    }
}
