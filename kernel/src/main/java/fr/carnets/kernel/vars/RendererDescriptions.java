package fr.carnets.kernel.vars;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * Descriptions that extensions give through the kernel's renderer: an extension registers, for its
 * types, a render function for the MIME type {@link Vars#MIME} that returns JSON such as
 * {@code {"value": "...", "shape": "[60000, 784]", "dtype": "float", "bytes": 188160000}}. The
 * extension needs nothing of this kernel (only jjava's Renderer), so it still loads in a stock JJava
 * kernel, where the render function is simply never asked for.
 */
final class RendererDescriptions implements VariableInspector {

    private final Renderer renderer;

    RendererDescriptions(Renderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public VariableInfo describe(Object value) {
        if (value == null || value.getClass().getName().startsWith("java.") || value.getClass().isArray()) {
            return null;
        }
        DisplayData d = renderer.renderAs(value, Vars.MIME);
        Object json = d == null ? null : d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.parse(Vars.MIME));
        if (json == null) {
            return null;
        }
        JsonObject o = JsonParser.parseString(json.toString()).getAsJsonObject();
        return new VariableInfo(JavaValues.shorten(text(o, "value")), text(o, "shape"), text(o, "dtype"),
                o.has("bytes") ? o.get("bytes").getAsLong() : -1);
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
    }
}
