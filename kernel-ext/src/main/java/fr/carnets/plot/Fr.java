package fr.carnets.plot;

import java.util.Locale;

/**
 * French number formatting for the course's printed results: decimal comma, a narrow space
 * before « % », and {@code printf} without a {@code Locale} argument in every concept cell.
 *
 * <pre>
 * Fr.nombre(0.95604, 4)   // "0,9560"
 * Fr.pourcent(0.9561, 1)  // "95,6 %"
 * Fr.printf("Perte : %.4f%n", perte);
 * </pre>
 */
public final class Fr {
    /** The course's locale: French, whatever the machine's default is. */
    public static final Locale LOCALE = Locale.FRANCE;

    private Fr() {}

    /** {@code x} with {@code decimales} digits after the decimal comma. */
    public static String nombre(double x, int decimales) {
        if (decimales < 0) throw new IllegalArgumentException("Le nombre de décimales ne peut pas être négatif : " + decimales);
        return String.format(LOCALE, "%." + decimales + "f", x);
    }

    /** A ratio (0.9561) as a percentage ("95,6 %"). */
    public static String pourcent(double ratio, int decimales) {
        return nombre(100 * ratio, decimales) + "\u202f%";
    }

    /** {@link String#format} in French. */
    public static String format(String format, Object... args) {
        return String.format(LOCALE, format, args);
    }

    /** {@link java.io.PrintStream#printf} in French, on {@code System.out}. */
    public static void printf(String format, Object... args) {
        System.out.print(format(format, args));
    }
}
