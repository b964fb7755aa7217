package fr.carnets.dl.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.activations.Activation;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.runtime.DenseViewActivation;

/** Keras activation names to DL4J activations. */
public final class Activations {
    private static final Map<String, Activation> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("relu", Activation.RELU);
        BY_NAME.put("softmax", Activation.SOFTMAX);
        BY_NAME.put("sigmoid", Activation.SIGMOID);
        BY_NAME.put("tanh", Activation.TANH);
        BY_NAME.put("linear", Activation.IDENTITY);
        BY_NAME.put("elu", Activation.ELU);
        BY_NAME.put("selu", Activation.SELU);
        BY_NAME.put("softplus", Activation.SOFTPLUS);
        BY_NAME.put("softsign", Activation.SOFTSIGN);
        BY_NAME.put("leaky_relu", Activation.LEAKYRELU);
        BY_NAME.put("relu6", Activation.RELU6);
        BY_NAME.put("swish", Activation.SWISH);
        BY_NAME.put("gelu", Activation.GELU);
        BY_NAME.put("hard_sigmoid", Activation.HARDSIGMOID);
    }

    private Activations() {}

    /** The Keras names, in declaration order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    public static Activation of(String name) {
        if (name == null || name.isBlank()) return Activation.IDENTITY;
        Activation a = BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
        if (a == null) {
            throw new ModelException("Activation inconnue : \"" + name + "\". Choisissez parmi " + BY_NAME.keySet()
                    + " (ou null pour aucune, comme \"linear\").");
        }
        return a;
    }

    /** Keras name of a DL4J activation function (for summaries). */
    public static String nameOf(Object activationFn) {
        if (activationFn == null) return "linear";
        if (activationFn instanceof DenseViewActivation d) return nameOf(d.getInner());
        String simple = activationFn.getClass().getSimpleName().replace("Activation", "").toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Activation> e : BY_NAME.entrySet()) {
            if (e.getValue().getActivationFunction().getClass().equals(activationFn.getClass())) return e.getKey();
        }
        return simple;
    }
}
