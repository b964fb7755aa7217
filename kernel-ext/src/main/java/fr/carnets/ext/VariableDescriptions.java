package fr.carnets.ext;

import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;

/**
 * Tells the Carnets kernel's %vars the shape, data type and approximate memory of ND4J arrays and
 * models, through the renderer (MIME type {@value #MIME}): no dependency on the kernel's classes.
 */
final class VariableDescriptions {

    static final String MIME = "application/vnd.carnets.variable+json";
    private static final MIMEType TYPE = MIMEType.parse(MIME);

    private VariableDescriptions() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(INDArray.class).supporting(TYPE)
                .register((a, ctx) -> ctx.renderIfRequested(TYPE, () -> array(a)));
        renderer.createRegistration(fr.carnets.dl.models.Model.class).supporting(TYPE)
                .register((m, ctx) -> ctx.renderIfRequested(TYPE, () -> model(m.getClass().getSimpleName(), m.toDl4j())));
        renderer.createRegistration(MultiLayerNetwork.class).supporting(TYPE)
                .register((m, ctx) -> ctx.renderIfRequested(TYPE, () -> model("MultiLayerNetwork", m)));
        renderer.createRegistration(ComputationGraph.class).supporting(TYPE)
                .register((m, ctx) -> ctx.renderIfRequested(TYPE, () -> model("ComputationGraph", m)));
    }

    static String array(INDArray a) {
        JsonObject o = new JsonObject();
        long width = a.dataType().width();
        // A view shares its memory with the array it was cut from: count only what it shows.
        o.addProperty("value", a.isView() ? "vue d'un autre tableau" : a.length() <= 6 ? a.toString() : "");
        o.addProperty("shape", Arrays.toString(a.shape()));
        o.addProperty("dtype", a.dataType().name().toLowerCase(Locale.ROOT));
        o.addProperty("bytes", a.length() * width);
        return o.toString();
    }

    /** Parameters, plus the updater's state (Adam keeps two values per parameter) and the gradients after fit. */
    static String model(String kind, org.deeplearning4j.nn.api.Model m) {
        JsonObject o = new JsonObject();
        INDArray params = m.params();
        long n = params == null ? 0 : params.length();
        long width = params == null ? 4 : params.dataType().width();
        long state = 0;
        if (m instanceof MultiLayerNetwork net && net.getUpdater(false) != null && net.getUpdater(false).getStateViewArray() != null) {
            state = net.getUpdater(false).getStateViewArray().length();
        } else if (m instanceof ComputationGraph g && g.getUpdater(false) != null && g.getUpdater(false).getStateViewArray() != null) {
            state = g.getUpdater(false).getStateViewArray().length();
        }
        o.addProperty("value", kind + ", " + String.format(Locale.FRANCE, "%,d", n) + " paramètres");
        o.addProperty("shape", "");
        o.addProperty("dtype", params == null ? "" : params.dataType().name().toLowerCase(Locale.ROOT));
        o.addProperty("bytes", (2 * n + state) * width);
        return o.toString();
    }
}
