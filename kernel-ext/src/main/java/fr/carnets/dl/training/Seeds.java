package fr.carnets.dl.training;

import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code keras.utils.set_random_seed(42)}: after {@code Seeds.set(42)}, models built and
 * fits run in the same order give the same weights and the same History.
 */
public final class Seeds {
    private static Random random = new Random();

    private Seeds() {}

    public static synchronized void set(long seed) {
        random = new Random(seed);
        Nd4j.getRandom().setSeed(seed);
    }

    static synchronized long next() {
        return random.nextLong();
    }
}
