package fr.carnets.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class FrTest {
    @Test
    void decimalCommaWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            assertEquals("0,9560", Fr.nombre(0.95604, 4));
            assertEquals("95,6\u202f%", Fr.pourcent(0.9561, 1));
            assertEquals("-3", Fr.nombre(-3.2, 0));
            assertEquals("Perte : 0,12", Fr.format("Perte : %.2f", 0.1234));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void negativeDecimalsAreRefusedInFrench() {
        var e = assertThrows(IllegalArgumentException.class, () -> Fr.nombre(1, -1));
        assertTrue(e.getMessage().contains("décimales"), e.getMessage());
    }

    @Test
    void printfWritesToStandardOutput() {
        PrintStream before = System.out;
        var bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Fr.printf("%.1f%n", 1.5);
        } finally {
            System.setOut(before);
        }
        assertEquals("1,5" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }
}
