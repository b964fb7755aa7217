package fr.carnets.data;

import java.util.function.Consumer;

/**
 * Options as a fluent chain that is a value, like Keras's keyword arguments: each option returns a
 * changed copy and leaves the object it was called on as it was. The copy is the object's clone,
 * field by field, so a field added later cannot be forgotten in it; an option must replace a
 * collection field, never change it in place.
 */
public abstract class OptionChain<T extends OptionChain<T>> implements Cloneable {

    /** A copy of these options, to change before returning it. */
    @SuppressWarnings("unchecked")
    protected final T copy() {
        try {
            return (T) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e); // Cloneable
        }
    }

    /** A copy of these options with {@code change} applied. */
    protected final T with(Consumer<T> change) {
        T c = copy();
        change.accept(c);
        return c;
    }
}
