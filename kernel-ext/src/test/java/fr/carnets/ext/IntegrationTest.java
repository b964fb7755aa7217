package fr.carnets.ext;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import fr.carnets.check.Check;
import fr.carnets.check.LayerSizes;
import fr.carnets.dl.training.Fit;
import fr.carnets.dl.training.History;
import fr.carnets.dl.models.Sequential;
import fr.carnets.dl.training.NotebookHooks;
import fr.carnets.plot.Plots;
import fr.carnets.plot.Renderers;

/** The parts plugged together: History drawn and as a cell result, Model checked by Check, the live curve. */
class IntegrationTest {

    static History history(int epochs) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", 1.0 / (e + 1));
            m.put("accuracy", 0.8 + e * 0.05);
            m.put("val_loss", 1.1 / (e + 1));
            m.put("val_accuracy", 0.78 + e * 0.05);
            h.addEpoch(m, 2.5);
        }
        return h;
    }

    @Test
    void historyIsDrawnByPlots() {
        History h = history(3);
        assertEquals(3, h.epochs());
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), h.metricNames());
        assertEquals(2, Plots.curves(h).panelCount());
        assertTrue(Plots.curves(h).toPng().length > 1000);
    }

    @Test
    void historyAsCellResultShowsCurvesAndTable() {
        Renderer r = new Renderer();
        Renderers.register(r);
        DisplayData d = r.render(history(3), Map.of());
        byte[] png = Base64.getDecoder().decode(String.valueOf(d.getData(MIMEType.IMAGE_PNG)));
        assertEquals((byte) 0x89, png[0]);
        assertTrue(String.valueOf(d.getData(MIMEType.IMAGE_SVG)).contains("<svg"));
        String html = String.valueOf(d.getData(MIMEType.TEXT_HTML));
        assertTrue(html.contains("<img") && html.contains("data:image/png;base64,"), html.substring(0, 200));
        assertTrue(html.contains("<th style=\"text-align:right\">val_accuracy</th>") && html.contains("<td style=\"text-align:right\">0.9000</td>"),
                html.substring(html.indexOf("<table")));
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).startsWith("History(3 époques)"));
        DisplayData empty = r.render(new History(), Map.of());
        assertTrue(String.valueOf(empty.getData(MIMEType.TEXT_HTML)).contains("aucune époque terminée"));
    }

    @Test
    void modelTellsItsLayerSizesToCheck() {
        var dense = new Sequential(Input(784), Dense(20, "relu"), Dense(14, "relu"), Dense(10, "softmax"));
        assertArrayEquals(new int[] {20, 14, 10}, dense.layerSizes());
        assertTrue(Check.layers(dense, 20, 14, 10));
        assertFalse(Check.layers(dense, 20, 10));
        dense.compile("adam", "categorical_crossentropy", "accuracy");
        assertArrayEquals(new int[] {20, 14, 10}, dense.layerSizes());
        var cnn = new Sequential(Input(28, 28, 1), Conv2D(8, 3, "relu"), MaxPooling2D(2), BatchNormalization(), Flatten(),
                Dropout(0.25), Dense(10, "softmax"));
        LayerSizes ls = cnn::layerSizes;
        assertArrayEquals(new int[] {8, 10}, ls.layerSizes());
        assertTrue(Check.layers(cnn, 8, 10));
    }

    @Test
    void progressLineGoesToThePluggedDisplay() {
        List<String> shown = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        NotebookHooks.setProgressDisplay(() -> new fr.carnets.dl.training.FitProgressView() {
            @Override
            public String show(String text) {
                String id = "ligne-" + shown.size();
                shown.add(text);
                current.put(id, text);
                return id;
            }

            @Override
            public void update(String id, String text) {
                assertTrue(current.containsKey(id), id);
                current.put(id, text);
            }
        });
        try {
            var d = twoClasses(32);
            var x = d[0];
            var y = d[1];
            var m = new Sequential(Input(4), Dense(2, "softmax")).compile("adam", "categorical_crossentropy", "accuracy");
            m.fit(x, y, Fit.epochs(2).batchSize(16).verbose(1));
            assertEquals(2, shown.size(), shown.toString());
            assertTrue(shown.get(0).startsWith("Epoch 1/2"), shown.get(0));
            assertTrue(current.get("ligne-1").startsWith("Epoch 2/2  2/2 [") && current.get("ligne-1").contains(" - loss: "),
                    current.get("ligne-1"));
        } finally {
            NotebookHooks.setProgressDisplay(fr.carnets.plot.Display::lines);
        }
    }

    @Test
    void liveCurveFollowsEachEpoch() {
        List<LiveCurveCallback> made = new ArrayList<>();
        NotebookHooks.setLiveCurveFactory(() -> {
            LiveCurveCallback c = new LiveCurveCallback();
            made.add(c);
            return c;
        });
        try {
            var d = twoClasses(64);
            var x = d[0];
            var y = d[1];
            var m = new Sequential(Input(4), Dense(2, "softmax")).compile("adam", "categorical_crossentropy", "accuracy");
            m.fit(x, y, Fit.epochs(3).batchSize(16).validationSplit(0.25).liveCurve().verbose(0));
            assertEquals(1, made.size());
            assertEquals(3, made.get(0).curves().epochs());
            assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), made.get(0).curves().metricNames());
            m.fit(x, y, Fit.epochs(1).verbose(0));
            assertEquals(1, made.size(), "no live curve without liveCurve()");
        } finally {
            NotebookHooks.setLiveCurveFactory(LiveCurveCallback::new);
        }
    }

    /** n random rows of 4 values, one-hot labels alternating between two classes. */
    private static org.nd4j.linalg.api.ndarray.INDArray[] twoClasses(int n) {
        var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 4);
        var y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) y.putScalar(i, i % 2, 1f);
        return new org.nd4j.linalg.api.ndarray.INDArray[] {x, y};
    }
}
