package fr.carnets.dl;

import static fr.carnets.dl.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

import fr.carnets.ext.CarnetsExtension;

class RenderAndZooTest {

    @Test
    void aModelAsCellResultRendersAsTheSummaryTable() {
        Renderer r = new Renderer();
        CarnetsExtension.registerModelRenderers(r);
        var m = new Sequential(Input(784), Dense(20, "relu"), Dense(10, "softmax"));
        DisplayData d = r.render(m, Map.of());
        String html = String.valueOf(d.getData(MIMEType.TEXT_HTML));
        assertTrue(html.contains("<table") && html.contains("dense_1 (Dense)") && html.contains("15 910"), html);
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).contains("Paramètres au total : 15 910"));
        DisplayData s = r.render(m.summary(), Map.of());
        assertTrue(String.valueOf(s.getData(MIMEType.TEXT_HTML)).contains("<table"));
    }

    @Test
    void progressLineLooksLikeKeras() {
        Progress p = new Progress(3, true);
        p.startEpoch(1, 1500);
        String line = p.line(1200, 0.31, 0.91, null);
        assertTrue(line.startsWith("Epoch 2/3  1200/1500 [========================>"), line);
        assertTrue(line.contains("ETA: ") && line.contains("loss: 0.3100") && line.contains("accuracy: 0.9100"), line);
    }

    @Test
    void zooGivesAFrenchMessageWhenNotReachable() {
        var e = assertThrows(ModelException.class, () -> Zoo.load("VGG17"));
        assertTrue(e.getMessage().contains("VGG16"), e.getMessage());
        // deeplearning4j-zoo is not a dependency: the message says how to get it and what to do instead (no download tried)
        e = assertThrows(ModelException.class, () -> Zoo.load("vgg16"));
        assertTrue(e.getMessage().contains("deeplearning4j-zoo") && e.getMessage().contains("Sequential.load"), e.getMessage());
    }

    @Test
    void outOfMemoryIsReportedInFrench() {
        var e = Model.outOfMemory(new OutOfMemoryError("Java heap space"), 32);
        assertTrue(e.getMessage().contains("batchSize") && e.getMessage().contains("CARNETS_XMX"), e.getMessage());
    }
}
