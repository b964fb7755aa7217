package fr.carnets.kernel.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One output stream of the running cell (stdout or stderr), sent to Jupyter in chunks rather than
 * one message per println.
 *
 * <p>ZeroMQ's iopub socket drops messages when a client reads more slowly than the kernel writes:
 * one message per line lost 40 % of 20 000 lines through nbclient. As ipykernel does, text is
 * gathered and sent when {@link #FLUSH_BYTES} are pending or {@link #FLUSH_MS} after the first
 * pending byte (a flusher thread calls {@link #flushIfDue}), and before any other message of the
 * cell (display, result, error), so the order stays the one the cell wrote in.
 *
 * <p>A cell sends at most {@link #limit} bytes; the rest goes, with what was sent, to a file of the
 * kernel's temporary folder, and a French line at the end of the cell says how much was left out and
 * where the full text is. Only whole lines are sent before the cut.
 */
public final class CellOutput extends OutputStream {

    /** Pending bytes that trigger a send at once. */
    static final int FLUSH_BYTES = 64 * 1024;
    /** Longest time a written byte waits before it is sent. */
    static final long FLUSH_MS = 50;
    /** The same once the cell has sent {@link #LIMIT_FOR_SLOW} bytes: a flood, not a progress line. */
    static final long SLOW_FLUSH_MS = 500;
    static final long LIMIT_FOR_SLOW = 256 * 1024;
    /** Default most bytes of one stream that one cell sends to the notebook. */
    public static final long DEFAULT_LIMIT = 2L * 1024 * 1024;
    /** Most bytes written to the overflow file (then only counted): a runaway loop must not fill the disk. */
    static final long FILE_LIMIT = 1L << 30;

    /** The process's own stderr (Jupyter's server log), for text written between cells. */
    private static final java.io.PrintStream SERVER_ERR =
            new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);

    private final String name;
    private final long limit;
    private final Path folder;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    /** Everything sent so far in this cell, kept until the limit is reached (then written to the file). */
    private final ByteArrayOutputStream sentCopy = new ByteArrayOutputStream(8192);

    private Consumer<String> sink;
    private String cellLabel = "";
    private long firstPendingAt = -1;
    private long sentBytes;
    private boolean overflowing;
    private OutputStream file;
    private Path filePath;
    private long fileBytes;
    private long omittedBytes;
    private long omittedLines;
    private boolean omittedEndsWithNewline = true;

    /**
     * @param name   "stdout" or "stderr", for the overflow file's name
     * @param limit  most bytes one cell sends
     * @param folder where overflow files are written
     */
    public CellOutput(String name, long limit, Path folder) {
        this.name = name;
        this.limit = limit;
        this.folder = folder;
    }

    /** Starts a cell: text goes to {@code sink} (one call per chunk), counters start from zero. */
    public synchronized void attach(Consumer<String> sink, String cellLabel) {
        this.sink = sink;
        this.cellLabel = cellLabel;
        pending.reset();
        sentCopy.reset();
        firstPendingAt = -1;
        sentBytes = 0;
        overflowing = false;
        file = null;
        filePath = null;
        fileBytes = 0;
        omittedBytes = 0;
        omittedLines = 0;
        omittedEndsWithNewline = true;
    }

    /**
     * Ends the cell: sends what is pending, closes the overflow file and, when text was left out,
     * sends a French line saying how much and where the full text is.
     *
     * @return that French line, or null when everything was sent
     */
    public synchronized String detach() {
        if (sink == null) {
            return null;
        }
        flushPending();
        String note = null;
        if (overflowing) {
            if (!omittedEndsWithNewline) {
                omittedLines++; // a last line without its newline is a line too
            }
            closeFile();
            note = "[Sortie trop longue : " + omittedLines + " ligne(s) (" + humanBytes(omittedBytes)
                    + ") de " + name + " non affichée(s) après les " + humanBytes(sentBytes) + " montrés. "
                    + (filePath != null
                    ? "Texte complet" + (fileBytes < sentBytes + omittedBytes ? " (jusqu'à " + humanBytes(FILE_LIMIT) + ")" : "")
                    + " dans " + filePath + "."
                    : "Le texte complet n'a pas pu être écrit sur le disque.")
                    + " Affichez moins de lignes (un résumé, une ligne sur cent) pour tout voir dans le carnet.]\n";
            sink.accept(note);
        }
        sink = null;
        return note;
    }

    public synchronized boolean isAttached() {
        return sink != null;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (sink == null) {
            // Between cells (a thread left running by a cell): the server's log, as before.
            SERVER_ERR.write(b, off, len);
            return;
        }
        if (overflowing) {
            overflow(b, off, len);
            return;
        }
        if (firstPendingAt < 0) {
            firstPendingAt = System.nanoTime();
        }
        pending.write(b, off, len);
        if (sentBytes + pending.size() > limit) {
            cutAtLimit();
        } else if (pending.size() >= Math.max(FLUSH_BYTES, sentBytes)) {
            flushPending();
        }
    }

    /**
     * How long written text may wait: {@link #FLUSH_MS}, longer once the cell has sent a lot (up to
     * {@link #SLOW_FLUSH_MS} from {@link #LIMIT_FOR_SLOW} bytes sent on). JupyterLab renders a stream output
     * whole again at each message: a million lines sent in 64 KiB messages kept the tab busy 15 s (a
     * menu took that long to open), and chunks that grow with what was sent keep those renderings few.
     */
    private long flushMs() {
        return sentBytes >= LIMIT_FOR_SLOW ? SLOW_FLUSH_MS : FLUSH_MS;
    }

    /** Sends pending text when it has waited {@link #flushMs()}; called by the flusher thread. */
    public synchronized void flushIfDue() {
        if (firstPendingAt >= 0 && System.nanoTime() - firstPendingAt >= flushMs() * 1_000_000) {
            flushPending();
        }
    }

    /**
     * A cell's System.out.flush() sends nothing at once: a loop that flushes after each line would
     * flood the client again. What is pending goes within {@link #FLUSH_MS}.
     */
    @Override
    public void flush() {
    }

    /** Sends what is pending now (before a display or a result of the same cell). */
    public synchronized void sendNow() {
        flushPending();
    }

    private void flushPending() {
        firstPendingAt = -1;
        if (pending.size() == 0 || sink == null) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int end = completeUtf8Length(bytes);
        send(bytes, end);
        if (end < bytes.length) {
            // The rest of a character split across writes waits for its other bytes.
            pending.write(bytes, end, bytes.length - end);
            firstPendingAt = System.nanoTime();
        }
    }

    private void send(byte[] bytes, int len) {
        if (len == 0) {
            return;
        }
        sentBytes += len;
        sentCopy.write(bytes, 0, len);
        sink.accept(new String(bytes, 0, len, StandardCharsets.UTF_8));
    }

    /** The limit is reached: send the whole lines that fit, keep the rest for the file. */
    private void cutAtLimit() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        firstPendingAt = -1;
        int room = (int) Math.max(0, limit - sentBytes);
        int cut = 0;
        for (int i = Math.min(room, bytes.length) - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                cut = i + 1;
                break;
            }
        }
        send(bytes, cut);
        overflowing = true;
        openFile();
        overflow(bytes, cut, bytes.length - cut);
    }

    private void openFile() {
        try {
            Files.createDirectories(folder);
            filePath = Files.createTempFile(folder, "cellule-" + cellLabel + "-" + name + "-", ".txt");
            file = new java.io.BufferedOutputStream(Files.newOutputStream(filePath), 1 << 16);
            file.write(sentCopy.toByteArray());
            fileBytes = sentCopy.size();
        } catch (IOException | RuntimeException e) {
            closeFile();
            filePath = null;
        }
        sentCopy.reset();
    }

    private void overflow(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        omittedBytes += len;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                omittedLines++;
            }
        }
        omittedEndsWithNewline = b[off + len - 1] == '\n';
        if (file != null && fileBytes < FILE_LIMIT) {
            try {
                int n = (int) Math.min(len, FILE_LIMIT - fileBytes);
                file.write(b, off, n);
                fileBytes += n;
            } catch (IOException e) {
                closeFile();
            }
        }
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // what was written stays
            }
            file = null;
        }
    }

    /** Length of the prefix of {@code b} that ends on a whole UTF-8 character. */
    static int completeUtf8Length(byte[] b) {
        int n = b.length;
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i < need ? i : n;
    }

    static String humanBytes(long n) {
        if (n < 1024) {
            return n + " o";
        }
        if (n < 1024 * 1024) {
            return String.format(java.util.Locale.FRANCE, "%.1f Kio", n / 1024.0);
        }
        return String.format(java.util.Locale.FRANCE, "%.1f Mio", n / (1024.0 * 1024));
    }
}
