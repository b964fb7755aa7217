package fr.carnets.dl.models;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import fr.carnets.dl.layers.Activations;
import fr.carnets.dl.training.Losses;
import fr.carnets.dl.training.Optimizers;

/**
 * The Keras names the API accepts as text: activations ({@code Dense(10, "softmax")}), losses,
 * metrics and optimizers ({@code compile("adam", "categorical_crossentropy", "accuracy")}). Read
 * from the classes that check them, so a name added there is listed here (completion of the magics).
 */
public final class KerasNames {
    private KerasNames() {}

    /** relu, softmax, sigmoid... in the order of {@code Activations}. */
    public static List<String> activations() {
        return Activations.names();
    }

    /** categorical_crossentropy, binary_crossentropy, mse. */
    public static List<String> losses() {
        return Losses.NAMES;
    }

    /** accuracy, mae. */
    public static List<String> metrics() {
        return Model.METRICS;
    }

    /** The optimizers that take a learning rate: the factories of {@link Optimizers} with one double, by name. */
    public static List<String> optimizers() {
        List<String> names = new ArrayList<>();
        for (Method m : Optimizers.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && Arrays.equals(m.getParameterTypes(), new Class<?>[] {double.class})) {
                names.add(m.getName());
            }
        }
        names.sort(null);
        return names;
    }
}
