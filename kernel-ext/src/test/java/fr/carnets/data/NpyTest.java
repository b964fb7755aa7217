package fr.carnets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {

    @Test
    void roundTripAndNumpyHeader(@TempDir Path dir) throws IOException {
        INDArray a = Nd4j.linspace(1, 24, 24, DataType.FLOAT).reshape(2, 3, 4);
        Path f = dir.resolve("sub/a.npy");
        Npy.save(a, f);
        INDArray b = Npy.load(f);
        assertArrayEquals(new long[] {2, 3, 4}, b.shape());
        assertEquals(a, b);
        // The header is what numpy.load expects: magic, version, a dict with descr/order/shape.
        byte[] bytes = Files.readAllBytes(f);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        int headerLen = (bytes[8] & 0xFF) | ((bytes[9] & 0xFF) << 8);
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'"), header);
        assertTrue(header.contains("'fortran_order': False"), header);
        assertTrue(header.contains("'shape': (2, 3, 4)"), header);
        assertEquals(10 + headerLen + 24 * 4, bytes.length);
        assertEquals(0, (10 + headerLen) % 16, "numpy aligns the data on 16 bytes");
        // Data after the header, little-endian float32: 1.0 first, 24.0 last.
        assertEquals(1.0f, Float.intBitsToFloat(le(bytes, 10 + headerLen)));
        assertEquals(24.0f, Float.intBitsToFloat(le(bytes, bytes.length - 4)));
        // no temporary file left next to it
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void viewsAreSavedAsTheirValues(@TempDir Path dir) {
        INDArray a = Nd4j.linspace(1, 12, 12, DataType.FLOAT).reshape(3, 4);
        INDArray t = a.transpose();
        Npy.save(t, dir.resolve("t.npy"));
        assertEquals(t.dup('c'), Npy.load(dir.resolve("t.npy")));
    }

    static int le(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    @Test
    void badFilesGiveFrenchErrors(@TempDir Path dir) throws IOException {
        DataException e = assertThrows(DataException.class, () -> Npy.load(dir.resolve("absent.npy")));
        assertTrue(e.getMessage().contains("introuvable"), e.getMessage());
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "pas un tableau");
        e = assertThrows(DataException.class, () -> Npy.load(notNpy));
        assertTrue(e.getMessage().contains("n'est pas un fichier .npy"), e.getMessage());
    }
}
