package fr.carnets.kernel.vars;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The kernel's own descriptions: Java arrays (shape, element type, memory), strings, collections, the rest. */
final class JavaValues implements VariableInspector {

    static final int MAX_TEXT = 60;

    @Override
    public VariableInfo describe(Object v) {
        if (v == null) {
            return new VariableInfo("null", "", "", -1);
        }
        Class<?> c = v.getClass();
        if (c.isArray()) {
            return array(v);
        }
        if (v instanceof CharSequence s) {
            return new VariableInfo(shorten("\"" + s + "\""), "", "", -1);
        }
        if (v instanceof Collection<?> col) {
            return new VariableInfo(c.getSimpleName() + ", " + col.size() + " élément(s)", "[" + col.size() + "]", "", -1);
        }
        if (v instanceof Map<?, ?> m) {
            return new VariableInfo(c.getSimpleName() + ", " + m.size() + " entrée(s)", "", "", -1);
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character || v instanceof Enum<?>) {
            return new VariableInfo(String.valueOf(v), "", "", -1);
        }
        return null;
    }

    private static VariableInfo array(Object v) {
        List<Integer> shape = new ArrayList<>();
        Class<?> element = v.getClass();
        Object cur = v;
        while (element.isArray()) {
            int n = cur == null ? 0 : Array.getLength(cur);
            shape.add(n);
            cur = n > 0 ? Array.get(cur, 0) : null;
            element = element.getComponentType();
        }
        long bytes = bytes(v);
        String value = element.isPrimitive() && shape.size() == 1 && shape.get(0) <= 8 ? arrayText(v) : "";
        return new VariableInfo(value, shape.toString(), element.getSimpleName(), bytes);
    }

    /** Memory of a (possibly ragged) array: its elements plus 16 bytes of header per row. */
    private static long bytes(Object array) {
        if (array == null) {
            return 0;
        }
        Class<?> component = array.getClass().getComponentType();
        int n = Array.getLength(array);
        if (component.isPrimitive()) {
            return 16 + (long) n * width(component);
        }
        long total = 16 + 4L * n;
        if (component.isArray()) {
            for (int i = 0; i < n; i++) {
                total += bytes(Array.get(array, i));
            }
        }
        return total;
    }

    private static int width(Class<?> c) {
        if (c == long.class || c == double.class) {
            return 8;
        }
        if (c == int.class || c == float.class) {
            return 4;
        }
        if (c == short.class || c == char.class) {
            return 2;
        }
        return 1;
    }

    private static String arrayText(Object v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < Array.getLength(v); i++) {
            s.append(i > 0 ? ", " : "").append(Array.get(v, i));
        }
        return s.append(']').toString();
    }

    static String shorten(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= MAX_TEXT ? one : one.substring(0, MAX_TEXT - 1) + "…";
    }
}
