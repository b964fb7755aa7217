package fr.carnets.magics;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import fr.carnets.dl.layers.Input;
import fr.carnets.dl.layers.KerasLayer;
import fr.carnets.dl.layers.Layers;

/**
 * The layers {@code %modele} knows: the public static factories of {@link Layers} that return a
 * layer or the input. There is no list of names here: a factory added to {@code Layers} is a
 * layer the magic knows. A call is checked by running the factory itself, so the API's own
 * French errors reach the learner.
 */
final class LayerCatalog {
    private static final Map<String, List<Method>> FACTORIES = scan();

    private LayerCatalog() {}

    private static Map<String, List<Method>> scan() {
        List<Method> methods = new ArrayList<>();
        for (Method m : Layers.class.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() != Layers.class) continue;
            if (!KerasLayer.class.isAssignableFrom(m.getReturnType()) && !Input.class.isAssignableFrom(m.getReturnType())) continue;
            methods.add(m);
        }
        // Input first (it starts every model), then by name; overloads by number of parameters
        methods.sort(Comparator.comparing((Method m) -> !m.getName().equals("Input")).thenComparing(Method::getName)
                .thenComparingInt(Method::getParameterCount));
        Map<String, List<Method>> byName = new LinkedHashMap<>();
        for (Method m : methods) byName.computeIfAbsent(m.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(m);
        return byName;
    }

    /** The factory's own spelling for a name typed in any case ("dense" → "Dense"), or null. */
    static String canonical(String name) {
        List<Method> l = FACTORIES.get(name.toLowerCase(Locale.ROOT));
        return l == null ? null : l.get(0).getName();
    }

    /** Every layer name, Input first. */
    static List<String> names() {
        return FACTORIES.values().stream().map(l -> l.get(0).getName()).collect(Collectors.toList());
    }

    /**
     * What may be written as the next argument of a layer in {@code %modele}, after {@code earlier}
     * ones: the activations where a factory whose earlier parameters fit takes an activation, same
     * or valid where it takes a padding.
     */
    static List<String> argumentValues(String layer, List<String> earlier) {
        List<Method> forms = FACTORIES.get(layer.toLowerCase(Locale.ROOT));
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        for (Method m : forms == null ? List.<Method>of() : forms) {
            java.lang.reflect.Parameter[] params = m.getParameters();
            if (earlier.size() >= params.length || !fits(params, earlier)) continue;
            String name = params[earlier.size()].getName();
            if (name.equals("activation")) values.addAll(fr.carnets.dl.models.KerasNames.activations());
            else if (name.equals("padding")) values.addAll(List.of("same", "valid"));
        }
        return new ArrayList<>(values);
    }

    /**
     * Whether words written as arguments fit parameters: a number or a notebook constant (TETE) for
     * a number, a word for text.
     */
    private static boolean fits(java.lang.reflect.Parameter[] params, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean number = value(w) instanceof Number || w.matches("[A-Z][A-Z0-9_]*");
            if (number == (params[i].getType() == String.class)) return false;
        }
        return true;
    }

    /** Every layer with its forms, Input first: "Input(entiers...), Dense(entier) ou Dense(entier, texte), ...". */
    static String allForms() {
        return FACTORIES.values().stream().map(l -> forms(l.get(0).getName())).collect(Collectors.joining(", "));
    }

    /** The forms a layer takes, with parameter types in French ("Dense(entier, texte)"). */
    static String forms(String canonical) {
        return FACTORIES.get(canonical.toLowerCase(Locale.ROOT)).stream().map(LayerCatalog::form).collect(Collectors.joining(" ou "));
    }

    private static String form(Method m) {
        List<String> p = new ArrayList<>();
        for (java.lang.reflect.Parameter a : m.getParameters()) {
            String french = a.isNamePresent() ? FRENCH.get(a.getName()) : null;
            p.add(french == null ? typeName(a.getType()) : french + (a.getType().isArray() ? "..." : ""));
        }
        return m.getName() + "(" + String.join(", ", p) + ")";
    }

    /** The factories' parameter names in French; a name not here shows as its type (entier, nombre, texte). */
    private static final Map<String, String> FRENCH = Map.ofEntries(Map.entry("shape", "dimensions"), Map.entry("units", "unités"),
            Map.entry("activation", "activation"), Map.entry("filters", "filtres"), Map.entry("kernelSize", "noyau"),
            Map.entry("kernelHeight", "hauteur"), Map.entry("kernelWidth", "largeur"), Map.entry("padding", "bord"),
            Map.entry("strides", "pas"), Map.entry("poolSize", "taille"), Map.entry("poolHeight", "hauteur"),
            Map.entry("poolWidth", "largeur"), Map.entry("rate", "taux"));

    private static String typeName(Class<?> c) {
        if (c == int.class || c == long.class) return "entier";
        if (c == long[].class || c == int[].class) return "entiers...";
        if (c == double.class || c == float.class) return "nombre";
        if (c == String.class) return "texte";
        return c.getSimpleName();
    }

    /**
     * Java source of the factory call for these arguments (Long, Double, String or null), after
     * running the factory once with them: its exceptions become the magic's error.
     */
    static String call(String magic, String word, String canonical, List<Object> args) {
        for (Method m : FACTORIES.get(canonical.toLowerCase(Locale.ROOT))) {
            Object[] values = bind(m, args);
            if (values == null) continue;
            if (args.stream().anyMatch(x -> x instanceof MagicLine.JavaName)) {
                // a variable stands for a number: the factory cannot run before the cell does
                return canonical + "(" + args.stream().map(LayerCatalog::literal).collect(Collectors.joining(", ")) + ")";
            }
            try {
                m.invoke(null, values);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new MagicException("%" + magic + " : dans « " + word + " » : " + cause.getMessage());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            return canonical + "(" + args.stream().map(LayerCatalog::literal).collect(Collectors.joining(", ")) + ")";
        }
        String got = args.isEmpty() ? "sans argument" : args.size() + (args.size() > 1 ? " arguments" : " argument");
        throw new MagicException("%" + magic + " : « " + word + " » (" + got + ") ne correspond à aucune forme de " + canonical
                + ". Formes possibles : " + forms(canonical) + ".");
    }

    /** The arguments converted to the method's parameter types, or null when they do not fit. */
    private static Object[] bind(Method m, List<Object> args) {
        Class<?>[] types = m.getParameterTypes();
        if (m.isVarArgs()) {
            Class<?> last = types[types.length - 1];
            if (args.size() < types.length - 1) return null;
            Object[] out = new Object[types.length];
            for (int i = 0; i < types.length - 1; i++) {
                if ((out[i] = convert(types[i], args.get(i))) == NO) return null;
            }
            int rest = args.size() - (types.length - 1);
            if (last != long[].class) return null;
            long[] v = new long[rest];
            for (int i = 0; i < rest; i++) {
                Object a = args.get(types.length - 1 + i);
                if (a instanceof MagicLine.JavaName) continue;   // a variable: written as is, not run here
                if (!(a instanceof Long l)) return null;
                v[i] = l;
            }
            out[types.length - 1] = v;
            return out;
        }
        if (types.length != args.size()) return null;
        Object[] out = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if ((out[i] = convert(types[i], args.get(i))) == NO) return null;
        }
        return out;
    }

    private static final Object NO = new Object();

    private static Object convert(Class<?> type, Object a) {
        if (a instanceof MagicLine.JavaName) return type == int.class || type == long.class || type == double.class || type == String.class ? a : NO;
        if (type == int.class) return a instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) l.intValue() : NO;
        if (type == long.class) return a instanceof Long ? a : NO;
        if (type == double.class) return a instanceof Number n ? (Object) n.doubleValue() : NO;
        if (type == String.class) return a == null || a instanceof String ? a : NO;
        return NO;
    }

    /** A word of the magic line as a Java value: whole number, decimal number, or text. */
    static Object value(String s) {
        String t = s.trim();
        if (t.matches("[+-]?\\d[\\d_]*")) {
            try {
                return Long.parseLong(t.replace("_", ""));
            } catch (NumberFormatException e) {
                return t;
            }
        }
        if (t.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?")) return Double.parseDouble(t);
        return t.replace("\"", "").replace("'", "");
    }

    static String literal(Object a) {
        if (a == null) return "null";
        if (a instanceof String s) return CarnetsMagic.str(s);
        return String.valueOf(a);
    }
}
