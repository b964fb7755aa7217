package fr.carnets.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy's {@code .npy} format (what {@code numpy.save} / {@code numpy.load} read and write),
 * through ND4J's own numpy support. Saving is atomic: a temporary file next to the target,
 * renamed once complete.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {}

    /** Writes {@code array} to {@code file} as .npy (readable by {@code numpy.load}). */
    public static void save(INDArray array, Path file) {
        if (array == null) throw new DataException("Npy.save : le tableau est null.");
        Path target = file.toAbsolutePath();
        // ND4J writes views and non-C orders incorrectly unless given a compact C-order array.
        INDArray c = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
        try {
            AtomicFile.write(target, tmp -> Nd4j.writeAsNumpy(c, tmp.toFile()));
        } catch (IOException e) {
            throw new DataException("Écriture impossible de " + target + " : " + e.getMessage(), e);
        }
    }

    /** Reads a .npy file written by numpy or by {@link #save}. */
    public static INDArray load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("Fichier .npy introuvable : " + file.toAbsolutePath());
        }
        byte[] head = new byte[MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            for (int i = 0; i < MAGIC.length; i++) {
                if (n < MAGIC.length || head[i] != MAGIC[i]) {
                    throw new DataException("Ce n'est pas un fichier .npy (en-tête « \\x93NUMPY » absent) : " + file);
                }
            }
        } catch (IOException e) {
            throw new DataException("Lecture impossible de " + file + " : " + e.getMessage(), e);
        }
        try {
            return Nd4j.createFromNpyFile(file.toFile());
        } catch (RuntimeException e) {
            throw new DataException("Fichier .npy illisible par ND4J : " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
