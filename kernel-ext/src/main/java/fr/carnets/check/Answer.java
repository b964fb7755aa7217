package fr.carnets.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An expected answer kept out of sight: a check cell holds the salted SHA-256 of the answer's
 * canonical text, never the answer. The canonical text makes equal answers hash alike whatever
 * their Java type: {@code 120_000}, {@code 120000L} and {@code 120000.0} are "120000"; a decimal
 * is rounded to {@link #DECIMALS} places ({@code -0.7000000000000001} is "-0.7"); an array or an
 * INDArray lists its shape and its values ("[3, 2]:[0.8, -0.3, ...]"); a string is itself.
 */
public final class Answer {
    /** Decimal places kept by default: float and double spellings of one answer agree. */
    public static final int DECIMALS = 6;
    /** Shortest digest prefix a check accepts (64 bits: no accidental match). */
    static final int MIN_PREFIX = 16;
    private static final String SALT = "carnets/";

    private Answer() {}

    /** The digest to write in a check cell (its first 16 hex digits are enough). */
    public static String hash(Object value) {
        return hash(value, DECIMALS);
    }

    /** Same, with decimals rounded to {@code decimals} places. */
    public static String hash(Object value, int decimals) {
        return sha256(SALT + canonical(value, decimals));
    }

    /** Whether {@code value} is the answer whose digest starts with {@code digest}. */
    static boolean matches(Object value, String digest, int decimals) {
        String d = digest == null ? "" : digest.trim().toLowerCase(Locale.ROOT);
        if (d.length() < MIN_PREFIX || d.length() > 64 || !d.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("Empreinte « " + digest + " » invalide : il faut au moins " + MIN_PREFIX
                    + " chiffres hexadécimaux de Answer.hash(valeur).");
        }
        return hash(value, decimals).startsWith(d);
    }

    /** The canonical text of an answer (see the class comment). */
    public static String canonical(Object value, int decimals) {
        if (value == null) return "null";
        if (value instanceof INDArray a) {
            INDArray d = a.castTo(DataType.DOUBLE);
            return Arrays.toString(a.shape()) + ":" + list(d.length() == 0 ? new double[0] : d.dup('c').data().asDouble(), decimals);
        }
        if (value instanceof Number n) return number(n, decimals);
        if (value instanceof double[] v) return "[" + v.length + "]:" + list(v, decimals);
        if (value instanceof float[] v) {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) d[i] = v[i];
            return "[" + v.length + "]:" + list(d, decimals);
        }
        if (value instanceof long[] v) return "[" + v.length + "]:" + list(Arrays.stream(v).asDoubleStream().toArray(), decimals);
        if (value instanceof int[] v) return "[" + v.length + "]:" + list(Arrays.stream(v).asDoubleStream().toArray(), decimals);
        if (value instanceof Iterable<?> it) {
            List<String> parts = new ArrayList<>();
            for (Object o : it) parts.add(canonical(o, decimals));
            return "[" + parts.size() + "]:" + parts;
        }
        return String.valueOf(value);
    }

    private static String number(Number n, int decimals) {
        BigDecimal b;
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            b = BigDecimal.valueOf(n.longValue());
        } else {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) return String.valueOf(d);
            b = new BigDecimal(d);
        }
        b = b.setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }

    private static String list(double[] values, int decimals) {
        List<String> parts = new ArrayList<>(values.length);
        for (double v : values) parts.add(number(v, decimals));
        return parts.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
