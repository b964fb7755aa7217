package fr.carnets.kernel.maven;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Shows downloads in one output, updated in place through its display id: the file being downloaded,
 * bytes so far and elapsed time. Nothing is shown when everything was already in the local repository.
 */
final class ProgressDisplay implements TransferProgress {

    private static final long MIN_UPDATE_NANOS = 250_000_000L;

    private final BaseKernel kernel;
    private final String id = UUID.randomUUID().toString();
    private final long t0 = System.nanoTime();
    private final Map<String, long[]> active = new LinkedHashMap<>();
    private long lastUpdate;
    private boolean shown;
    private int files;
    private long bytes;
    private int failed;

    ProgressDisplay(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public synchronized void started(String name, String repository, long size) {
        active.put(name, new long[]{0, size});
        show(true);
    }

    @Override
    public synchronized void progressed(String name, long transferred) {
        long[] s = active.get(name);
        if (s != null) {
            s[0] = transferred;
        }
        show(false);
    }

    @Override
    public synchronized void finished(String name, long transferred, boolean ok) {
        active.remove(name);
        if (ok) {
            files++;
            bytes += transferred;
        } else {
            failed++;
        }
        show(false);
    }

    /** The final line, once resolution has ended; returns whether anything was downloaded. */
    synchronized boolean close() {
        if (shown) {
            active.clear();
            publish();
        }
        return shown;
    }

    private void show(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastUpdate < MIN_UPDATE_NANOS) {
            return;
        }
        lastUpdate = now;
        publish();
    }

    private void publish() {
        String text = text();
        DisplayData d = new DisplayData(text);
        d.putHTML("<pre style=\"margin:0\">" + text.replace("&", "&amp;").replace("<", "&lt;") + "</pre>");
        try {
            if (!shown) {
                d.setDisplayId(id);
                kernel.display(d);
                shown = true;
            } else {
                kernel.getIO().display.updateDisplay(id, d);
            }
        } catch (RuntimeException e) {
            // Progress is a courtesy: a display that cannot be sent must not stop the download.
        }
    }

    String text() {
        StringBuilder s = new StringBuilder("Maven : ").append(files).append(files > 1 ? " fichiers téléchargés, " : " fichier téléchargé, ")
                .append(size(bytes)).append(", ").append(seconds(System.nanoTime() - t0));
        if (failed > 0) {
            s.append(" (").append(failed).append(" absent(s) d'un dépôt, essayé(s) ailleurs)");
        }
        for (Map.Entry<String, long[]> e : active.entrySet()) {
            long[] v = e.getValue();
            s.append("\n  ↓ ").append(e.getKey()).append(" : ").append(size(v[0]));
            if (v[1] > 0) {
                s.append(" / ").append(size(v[1]));
            }
        }
        return s.toString();
    }

    static String size(long b) {
        if (b < 1024) {
            return b + " o";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.FRANCE, "%.1f Kio", b / 1024.0);
        }
        return String.format(Locale.FRANCE, "%.1f Mio", b / (1024.0 * 1024));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.FRANCE, "%.1f s", nanos / 1e9);
    }
}
