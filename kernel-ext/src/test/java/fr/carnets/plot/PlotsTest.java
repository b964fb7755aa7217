package fr.carnets.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.w3c.dom.Document;

import fr.carnets.analysis.ConfusionMatrix;
import fr.carnets.analysis.ThresholdCurve;

/** Every plot renders to a valid, non-empty PNG and SVG; samples land in target/plot-samples. */
class PlotsTest {
    static final Path SAMPLES = Paths.get("target", "plot-samples");

    /** Checks PNG signature, decoded size and SVG root; writes both files for eyeballing. */
    static void assertRenders(Figure f, String name) throws Exception {
        byte[] png = f.toPng();
        assertTrue(png.length > 1000, name + " : PNG trop petit (" + png.length + " octets)");
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        for (int i = 0; i < sig.length; i++) assertEquals(sig[i], png[i], name + " : signature PNG");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, name + " : PNG illisible");
        assertEquals(f.width() * 2, img.getWidth());
        assertEquals(f.height() * 2, img.getHeight());
        // Opaque white corner: the figure reads the same in light and dark themes.
        assertEquals(0xFFFFFF, img.getRGB(1, 1) & 0xFFFFFF, name + " : fond blanc attendu");

        String svg = f.toSvg();
        assertTrue(svg.length() > 500, name + " : SVG trop court");
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getLocalName(), name + " : racine SVG");

        Files.createDirectories(SAMPLES);
        f.save(SAMPLES.resolve(name + ".png").toString());
        f.save(SAMPLES.resolve(name + ".svg").toString());
    }

    static Map<String, double[]> history() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("loss", new double[] {0.9, 0.45, 0.33, 0.27, 0.23, 0.2});
        m.put("accuracy", new double[] {0.75, 0.87, 0.905, 0.92, 0.932, 0.94});
        m.put("val_loss", new double[] {0.5, 0.38, 0.31, 0.29, 0.28, 0.285});
        m.put("val_accuracy", new double[] {0.86, 0.89, 0.91, 0.918, 0.921, 0.92});
        return m;
    }

    @Test
    void learningCurvesTwoPanelsLikeKeras() throws Exception {
        Figure f = Plots.curves(history(), "Apprentissage du réseau dense");
        assertEquals(2, f.panelCount());
        assertEquals(2, f.charts().size());
        assertEquals("Perte par époque", f.chart(0).getTitle());
        assertEquals("Exactitude par époque", f.chart(1).getTitle());
        assertEquals("Époque", ((XYChart) f.chart(0)).getXAxisTitle());
        assertTrue(f.chart(0).getSeriesMap().containsKey("validation (val_loss)"));
        assertRenders(f, "courbes");
    }

    @Test
    void curvesFromTheHistoryInterface() throws Exception {
        Map<String, double[]> m = history();
        Curves h = new Curves() {
            public List<String> metricNames() {
                return List.of("accuracy", "loss", "val_accuracy", "val_loss");
            }

            public double[] get(String name) {
                return m.get(name);
            }

            public int epochs() {
                return 6;
            }
        };
        Figure f = Plots.curves(h);
        assertEquals(2, f.panelCount());
        // loss first whatever the order of the names
        assertEquals("Perte par époque", f.chart(0).getTitle());
        assertRenders(f, "courbes-history");
    }

    @Test
    void emptyAndOneEpochCurvesStillRender() throws Exception {
        assertRenders(Plots.curves(new LinkedHashMap<>()), "courbes-vides");
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put("loss", new double[] {0.5});
        one.put("val_loss", new double[] {Double.NaN});
        assertRenders(Plots.curves(one), "courbes-une-epoque");
        assertRenders(Plots.line("Taux d'apprentissage", "lr", Map.of("lr", new double[] {0.1, 0.05, 0.01})), "ligne");
    }

    static INDArray digits(int n, long seed) {
        // Synthetic 28x28 "digits": a bar whose position depends on the label.
        Random r = new Random(seed);
        float[] v = new float[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            for (int y = 4; y < 24; y++) {
                for (int x = 4 + 2 * label; x < 7 + 2 * label; x++) v[i * 784 + y * 28 + x] = 200 + r.nextInt(55);
            }
        }
        return Nd4j.create(v, new long[] {n, 28, 28}, 'c');
    }

    @Test
    void imageGridsInEveryLayout() throws Exception {
        INDArray x = digits(30, 1);
        int[] labels = new int[30];
        int[] preds = new int[30];
        for (int i = 0; i < 30; i++) {
            labels[i] = i % 10;
            preds[i] = i % 7 == 3 ? (i + 1) % 10 : i % 10;
        }
        ImageGrid g = Plots.images(x).labels(labels).predictions(preds).classes(
                List.of("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"));
        Figure f = g.figure();
        assertTrue(f.title().startsWith("Prédictions : 4 erreurs sur 25"), f.title());
        assertRenders(f, "images-predictions");
        // The mistake tile at index 3 has a red frame.
        assertRenders(Plots.images(x).labels(labels).predictions(preds).onlyMistakes().figure(), "images-erreurs");
        assertRenders(Plots.images(x.reshape(30, 784), Nd4j.createFromArray(labels)).count(10).figure(), "images-aplaties");
        assertRenders(Plots.images(x.reshape(30, 1, 28, 28)).random(7).count(8).figure(), "images-nchw");
        INDArray rgb = Nd4j.rand(DataType.FLOAT, 6, 3, 16, 16);
        assertRenders(Plots.images(rgb).figure(), "images-rgb");
        assertRenders(Plots.images(rgb.permute(0, 2, 3, 1).dup()).count(3).figure(), "images-nhwc");
        assertThrows(IllegalArgumentException.class, () -> Plots.images(Nd4j.zeros(3, 10)).figure());
        assertThrows(IllegalArgumentException.class, () -> Plots.images(x).labels(new int[] {1, 2}));
    }

    @Test
    void confusionHeatmaps() throws Exception {
        int[] t = {0, 0, 0, 1, 1, 2, 2, 2, 2, 1};
        int[] p = {0, 1, 0, 1, 2, 2, 2, 1, 2, 1};
        ConfusionMatrix cm = ConfusionMatrix.of(t, p).classes(List.of("chat", "chien", "oiseau"));
        assertRenders(Plots.confusion(cm), "confusion");
        assertRenders(Plots.confusion(cm, true), "confusion-normalisee");
        Random r = new Random(3);
        int[] t10 = new int[500], p10 = new int[500];
        for (int i = 0; i < 500; i++) {
            t10[i] = r.nextInt(10);
            p10[i] = r.nextDouble() < 0.85 ? t10[i] : r.nextInt(10);
        }
        assertRenders(Plots.confusion(ConfusionMatrix.of(t10, p10)), "confusion-10");
        assertRenders(Plots.perClass(ConfusionMatrix.of(t10, p10)), "par-classe");
    }

    @Test
    void barCharts() throws Exception {
        assertRenders(Plots.bars("Effectifs par classe", "Classe", "Exemples", List.of("0", "1", "2", "3"),
                new double[] {5923, 6742, 5958, 6131}), "barres");
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("dense", 95);
        m.put("convolutif", 99);
        assertRenders(Plots.bars("Exactitude (%)", m), "barres-map");
        Map<String, double[]> means = new LinkedHashMap<>(), errors = new LinkedHashMap<>();
        means.put("depuis zéro", new double[] {0.6, 0.9});
        means.put("transfert", new double[] {0.8, 0.88});
        errors.put("depuis zéro", new double[] {0.05, 0.01});
        errors.put("transfert", new double[] {0.02, 0.01});
        Figure withErrors = Plots.bars("Moyenne ± écart-type", "images", "exactitude", List.of("5", "100"), means, errors);
        assertRenders(withErrors, "barres-erreurs");
        var series = ((org.knowm.xchart.CategoryChart) withErrors.chart(0)).getSeriesMap().get("depuis zéro");
        assertEquals(List.of(0.05, 0.01), new java.util.ArrayList<>(series.getExtraValues()));
        errors.remove("transfert");
        assertThrows(IllegalArgumentException.class, () -> Plots.bars("x", "", "", List.of("5", "100"), means, errors));
    }

    @Test
    void filtersAndFeatureMaps() throws Exception {
        Nd4j.getRandom().setSeed(5);
        assertRenders(Plots.filters(Nd4j.randn(DataType.FLOAT, 8, 1, 3, 3)), "filtres");
        assertRenders(Plots.filters(Nd4j.randn(DataType.FLOAT, 4, 3, 5, 5)), "filtres-rgb");
        assertRenders(Plots.featureMaps(Nd4j.rand(DataType.FLOAT, 2, 6, 12, 12)), "cartes");
        assertRenders(Plots.featureMaps(Nd4j.rand(DataType.FLOAT, 40, 5, 5), 0, 32), "cartes-3d");
        assertThrows(IllegalArgumentException.class, () -> Plots.filters(Nd4j.zeros(3, 3)));
    }

    @Test
    void precisionRecallPlot() throws Exception {
        Random r = new Random(11);
        double[] s = new double[300];
        int[] y = new int[300];
        for (int i = 0; i < 300; i++) {
            y[i] = r.nextInt(2);
            s[i] = Math.min(1, Math.max(0, 0.5 + (y[i] == 1 ? 0.2 : -0.2) + r.nextGaussian() * 0.2));
        }
        assertRenders(Plots.precisionRecall(ThresholdCurve.of(s, y)), "precision-rappel");
    }

    @Test
    void displayBundleHasPngAndSvgAndText() {
        Renderer r = new Renderer();
        DisplayData d = r.render(Plots.curves(history()));
        assertTrue(d.hasDataForType(MIMEType.IMAGE_PNG));
        assertTrue(d.hasDataForType(MIMEType.IMAGE_SVG));
        assertTrue(d.hasDataForType(MIMEType.TEXT_PLAIN));
        byte[] png = Base64.getDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG));
        assertEquals((byte) 0x89, png[0]);
        assertTrue(((String) d.getData(MIMEType.IMAGE_SVG)).contains("<svg"));
        // This package's objects render themselves, even in a renderer that knows nothing of Carnets...
        assertTrue(r.render(Plots.images(digits(4, 2))).hasDataForType(MIMEType.IMAGE_PNG));
        // ...while the lower packages' results (analysis, dl) get their look from Renderers.
        var cm = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0});
        assertFalse(r.render(cm).hasDataForType(MIMEType.IMAGE_SVG));
        Renderers.register(r);
        assertTrue(r.render(cm).hasDataForType(MIMEType.IMAGE_SVG));
        assertTrue(r.render(ThresholdCurve.of(new double[] {0.2, 0.9}, new int[] {0, 1})).hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void registeredRenderersShowXChartChartsAndTables() {
        Renderer r = new Renderer();
        Renderers.register(r);
        XYChart c = new XYChartBuilder().width(300).height(200).title("à moi").build();
        c.addSeries("s", new double[] {1, 2, 3}, new double[] {3, 1, 2});
        DisplayData d = r.render(c);
        assertTrue(d.hasDataForType(MIMEType.IMAGE_PNG));
        assertTrue(d.hasDataForType(MIMEType.IMAGE_SVG));
        DisplayData t = r.render(tech.tablesaw.api.Table.create("t",
                tech.tablesaw.api.IntColumn.create("a", new int[] {1, 2})));
        assertTrue(((String) t.getData(MIMEType.TEXT_HTML)).contains("<table>"));
    }

    @Test
    void liveCurvesOutsideAKernelRecordAndNeverCrash() throws Exception {
        assertFalse(Display.available());
        assertNull(Display.show("rien"));
        assertFalse(Display.update("id", "rien"));
        LiveCurves live = LiveCurves.show("En direct");
        assertNull(live.displayId());
        assertRenders(live.figure(), "direct-vide");
        live.add(Map.of("loss", 0.8, "accuracy", 0.7));
        live.add(Map.of("loss", 0.5, "accuracy", 0.8, "val_loss", 0.6, "val_accuracy", 0.78));
        assertEquals(2, live.epochs());
        assertArrayEquals(new double[] {0.8, 0.5}, live.get("loss"));
        assertTrue(Double.isNaN(live.get("val_loss")[0]));
        assertEquals(0, live.updates());
        assertRenders(live.figure(), "direct");
        live.update(new LiveCurves());
        assertEquals(0, live.epochs());
    }
}
