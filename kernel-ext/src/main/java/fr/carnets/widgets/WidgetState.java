package fr.carnets.widgets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A widget's state as the widget protocol (2.1.0) carries it: JSON, with byte arrays taken out into
 * binary buffers and their places listed in {@code buffer_paths}; another widget is "IPY_MODEL_id".
 */
final class WidgetState {
    static final String MODEL_REF = "IPY_MODEL_";
    private static final Gson GSON = new Gson();

    /** JSON state, its binary buffers and where each goes. */
    record Encoded(JsonObject state, JsonArray bufferPaths, List<byte[]> buffers) {
    }

    private WidgetState() {
    }

    static Encoded encode(Map<String, Object> traits) {
        JsonObject state = new JsonObject();
        JsonArray paths = new JsonArray();
        List<byte[]> buffers = new ArrayList<>();
        for (Map.Entry<String, Object> e : traits.entrySet()) {
            if (e.getValue() instanceof byte[] bytes) {
                // the trait stays out of the JSON: the front end puts the buffer there
                JsonArray path = new JsonArray();
                path.add(e.getKey());
                paths.add(path);
                buffers.add(bytes);
            } else {
                state.add(e.getKey(), toJson(e.getValue()));
            }
        }
        return new Encoded(state, paths, buffers);
    }

    static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Widget w) {
            return new JsonPrimitive(MODEL_REF + w.id());
        }
        if (value instanceof List<?> list) {
            JsonArray a = new JsonArray();
            list.forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject o = new JsonObject();
            map.forEach((k, v) -> o.add(String.valueOf(k), toJson(v)));
            return o;
        }
        return GSON.toJsonTree(value);
    }

    /**
     * The traits an update from the front end sets, each converted to the Java type of the trait's
     * current value (a slider's int stays an int), buffers put back at their paths.
     */
    static Map<String, Object> decode(JsonObject state, JsonArray bufferPaths, List<byte[]> buffers, Map<String, Object> current) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (state != null) {
            for (Map.Entry<String, JsonElement> e : state.entrySet()) {
                out.put(e.getKey(), fromJson(e.getValue(), current.get(e.getKey())));
            }
        }
        if (bufferPaths != null && buffers != null) {
            for (int i = 0; i < bufferPaths.size() && i < buffers.size(); i++) {
                JsonArray path = bufferPaths.get(i).getAsJsonArray();
                if (path.size() == 1) {
                    out.put(path.get(0).getAsString(), buffers.get(i));
                }
            }
        }
        return out;
    }

    private static Object fromJson(JsonElement v, Object like) {
        if (v == null || v.isJsonNull()) {
            return null;
        }
        if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isBoolean()) {
                return p.getAsBoolean();
            }
            if (p.isNumber()) {
                if (like instanceof Integer) {
                    return (int) Math.round(p.getAsDouble());
                }
                if (like instanceof Long) {
                    return Math.round(p.getAsDouble());
                }
                return p.getAsDouble();
            }
            return p.getAsString();
        }
        if (v.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            v.getAsJsonArray().forEach(x -> list.add(fromJson(x, null)));
            return list;
        }
        return GSON.fromJson(v, Map.class);
    }
}
