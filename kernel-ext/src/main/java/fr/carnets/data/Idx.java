package fr.carnets.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Reads IDX files (the MNIST format: big-endian header, then unsigned bytes) straight into ND4J.
 *
 * <p>The payload is read into native memory, wrapped as a UINT8 ND4J array without a copy, and
 * converted to float by one native assignment: no per-pixel Java loop, no float[][] (that path
 * took 2-9 s for MNIST).
 */
public final class Idx {

    private Idx() {}

    /** The dimensions in the header of an unsigned-byte IDX file. */
    public static long[] shape(ByteBuffer header) {
        header.order(ByteOrder.BIG_ENDIAN);
        int magic = header.getInt(0);
        if ((magic >>> 8) != 0x08) {
            throw new DataException("Ce fichier n'est pas au format IDX d'octets non signés (nombre magique 0x"
                    + Integer.toHexString(magic) + ").");
        }
        int ndim = magic & 0xFF;
        long[] dims = new long[ndim];
        for (int i = 0; i < ndim; i++) dims[i] = Integer.toUnsignedLong(header.getInt(4 + 4 * i));
        return dims;
    }

    /** Reads an unsigned-byte IDX file as a FLOAT array of its own shape (values 0..255). */
    public static INDArray read(Path file) {
        return read(file, 1f);
    }

    /** Bytes converted per step: the file is never in memory whole next to its floats (MNIST: 47 MB less at peak). */
    static final int CHUNK = 4 << 20;

    /**
     * Reads an unsigned-byte IDX file as a FLOAT array of its own shape, each value divided by
     * {@code divisor} (255 for [0, 1]; the same floats as dividing afterwards), chunk by chunk
     * while the chunk is still in the CPU's cache.
     */
    public static INDArray read(Path file, float divisor) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(4 + 4 * 4);
            readFully(ch, head, 0);
            long[] shape = shape(head);
            long headerBytes = 4 + 4L * shape.length;
            long n = 1;
            for (long d : shape) n *= d;
            if (ch.size() != headerBytes + n) {
                throw new DataException("Fichier IDX tronqué ou trop long : " + file + " (" + ch.size()
                        + " octets, " + (headerBytes + n) + " attendus).");
            }
            if (n > Integer.MAX_VALUE) throw new DataException("Fichier IDX trop grand : " + file);
            Copies.beforeReading(file, n * Float.BYTES);
            // The floats go into memory JavaCPP allocates without touching it (ND4J's own allocation
            // writes the whole 188 MB of MNIST's training set first, which made most of a warm load);
            // ND4J converts each chunk of bytes into it, and the chunk buffer is freed at once
            // rather than when the garbage collector gets to it.
            FloatPointer floats = new FloatPointer(n); // kept alive by the buffer that wraps it, freed with it
            INDArray out = Nd4j.create(Nd4j.createBuffer(floats, DataType.FLOAT, n, FloatIndexer.create(floats)), shape);
            INDArray flat = out.reshape(new long[] {n}); // a view: out is dense, row-major
            long chunk = Math.min(n, CHUNK);
            BytePointer bytes = new BytePointer(chunk);
            try {
                INDArray raw = Nd4j.create(Nd4j.createBuffer(bytes, DataType.UINT8, chunk, UByteIndexer.create(bytes)), new long[] {chunk});
                for (long off = 0; off < n; off += chunk) {
                    long len = Math.min(chunk, n - off);
                    readFully(ch, bytes.position(0).limit(len).asBuffer(), headerBytes + off);
                    INDArray to = flat.get(NDArrayIndex.interval(off, off + len));
                    to.assign(len == chunk ? raw : raw.get(NDArrayIndex.interval(0, len)));
                    if (divisor != 1f) to.divi(divisor);
                }
            } finally {
                bytes.deallocate();
            }
            Copies.read(file, floats);
            return out;
        } catch (IOException e) {
            throw new DataException("Lecture impossible de " + file + " : " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) throw new IOException("fin de fichier inattendue");
            pos += r;
        }
        buf.flip();
    }
}
