package fr.carnets.magics;

import java.util.function.BiFunction;

/**
 * One piece of the Java a magic runs, and what to do with its value: nothing, show it, make it
 * the cell's result, or hand it to a function (which may print, and returns the cell's result).
 */
public record Step(String java, Use use, BiFunction<Object, Session, Object> then) {
    enum Use { RUN, SHOW, RESULT, CUSTOM }

    /** Runs the code; its value is dropped. */
    public static Step run(String java) {
        return new Step(java, Use.RUN, null);
    }

    /** Runs the code and shows its value now. */
    public static Step show(String java) {
        return new Step(java, Use.SHOW, null);
    }

    /** Runs the code; its value becomes the cell's result. */
    public static Step result(String java) {
        return new Step(java, Use.RESULT, null);
    }

    /** Runs the code and hands its value to {@code then}, whose return value (if not null) becomes the cell's result. */
    public static Step then(String java, BiFunction<Object, Session, Object> then) {
        return new Step(java, Use.CUSTOM, then);
    }

    @Override
    public String toString() {
        return java;
    }
}
