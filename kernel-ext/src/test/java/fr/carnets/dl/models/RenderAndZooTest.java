package fr.carnets.dl.models;

import static fr.carnets.dl.layers.Layers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.deeplearning4j.common.resources.DL4JResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Dense;
import fr.carnets.dl.layers.Input;

class RenderAndZooTest {

    @Test
    void aModelAsCellResultRendersAsTheSummaryTable() {
        Renderer r = new Renderer();
        fr.carnets.plot.Renderers.register(r);
        var m = new Sequential(Input(784), Dense(20, "relu"), Dense(10, "softmax"));
        DisplayData d = r.render(m, Map.of());
        String html = String.valueOf(d.getData(MIMEType.TEXT_HTML));
        assertTrue(html.contains("<table") && html.contains("dense_1 (Dense)") && html.contains("15 910"), html);
        assertTrue(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).contains("Paramètres au total : 15 910"));
        DisplayData s = r.render(m.summary(), Map.of());
        assertTrue(String.valueOf(s.getData(MIMEType.TEXT_HTML)).contains("<table"));
    }

    @Test
    void zooUnknownNameListsTheKnownOnesInFrench() {
        var e = assertThrows(ModelException.class, () -> Zoo.load("VGG17"));
        assertTrue(e.getMessage().contains("inconnu") && e.getMessage().contains("\"VGG17\"")
                && e.getMessage().contains("VGG16") && e.getMessage().contains("ResNet50"), e.getMessage());
        assertEquals("ResNet50", Zoo.className(" resnet50 "));
    }

    /** Weights fetched from a local HTTP server (never the Internet) that answers 404. */
    @Test
    void zooWeightsNotFoundGiveAFrenchMessage(@TempDir Path tmp) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        List<String> paths = new CopyOnWriteArrayList<>();
        var e = withLocalWeightsServer(tmp, requests, paths, 404, new byte[0], () -> Zoo.load("vgg16"));
        String msg = e.getMessage();
        assertTrue(requests.get() >= 1 && paths.get(0).endsWith("/models/vgg16_dl4j_inference.zip"), paths.toString());
        assertTrue(msg.contains("VGG16") && msg.contains("introuvable"), msg);
        assertTrue(msg.contains("Model.load(") && msg.contains("vgg16_dl4j_inference.zip"), msg);
        assertTrue(msg.contains(tmp.toAbsolutePath().toString()), msg); // where an instructor copies the file by hand
        assertFalse(Files.exists(tmp.resolve("models").resolve("vgg16").resolve("vgg16_dl4j_inference.zip")));
    }

    /** A server that answers 200 with bytes that are not the model: the checksum fails, the file is not kept. */
    @Test
    void zooCorruptDownloadGivesAFrenchMessage(@TempDir Path tmp) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        List<String> paths = new CopyOnWriteArrayList<>();
        byte[] garbage = "ceci n'est pas un modèle".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var e = withLocalWeightsServer(tmp, requests, paths, 200, garbage, () -> Zoo.load("ResNet50"));
        String msg = e.getMessage();
        assertTrue(requests.get() >= 1 && paths.get(0).endsWith("/models/resnet50_dl4j_inference.v3.zip"), paths.toString());
        assertTrue(msg.contains("ResNet50") && msg.contains("somme de contrôle"), msg);
        assertTrue(msg.contains("Model.load(") && msg.contains(tmp.toAbsolutePath().toString()), msg);
        assertFalse(Files.exists(tmp.resolve("models").resolve("resnet50").resolve("resnet50_dl4j_inference.v3.zip")));
    }

    /** A server that accepts the request and never answers: the cell ends with a French message instead of hanging. */
    @Test
    void zooSilentServerTimesOut(@TempDir Path tmp) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        List<String> paths = new CopyOnWriteArrayList<>();
        String old = System.getProperty("carnets.zoo.readTimeoutMs");
        System.setProperty("carnets.zoo.readTimeoutMs", "500");
        long t0 = System.nanoTime();
        try {
            var e = withLocalWeightsServer(tmp, requests, paths, -1, new byte[0], () -> Zoo.load("SqueezeNet"));
            assertTrue(e.getMessage().contains("injoignable") && e.getMessage().contains("SocketTimeoutException"), e.getMessage());
        } finally {
            if (old == null) System.clearProperty("carnets.zoo.readTimeoutMs");
            else System.setProperty("carnets.zoo.readTimeoutMs", old);
        }
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "gave up after the read timeout");
        try (var files = Files.walk(tmp)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".zip") || f.toString().endsWith(".part")), "no partial file left");
        }
    }

    private static ModelException withLocalWeightsServer(Path tmp, AtomicInteger requests, List<String> paths, int status,
            byte[] body, org.junit.jupiter.api.function.Executable call) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "weights-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            paths.add(ex.getRequestURI().getPath());
            if (status < 0) { // silent server: hold the connection without answering
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String oldUrl = DL4JResources.getBaseDownloadURL();
        File oldDir = DL4JResources.getBaseDirectory();
        try {
            DL4JResources.setBaseDownloadURL("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            DL4JResources.setBaseDirectory(tmp.toFile());
            return assertThrows(ModelException.class, call);
        } finally {
            DL4JResources.setBaseDownloadURL(oldUrl);
            DL4JResources.setBaseDirectory(oldDir);
            server.stop(0);
        }
    }
}
