package fr.carnets.dl.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The progress bar, a callback fit always applies (Keras's ProgbarLogger). Keras-like progress line, "Epoch 2/3  1200/1500 [=====>....] - ETA: 3s - loss: 0.31 - accuracy: 0.91".
 * In a notebook: one display per epoch updated in place (at most every 200 ms). Elsewhere: one
 * plain line per epoch on stdout. Why training stopped early (interrupt, early stopping) is
 * printed at the end, also when the bar itself is off ({@code verbose(0)}).
 */
final class Progress implements Callback {
    static final long THROTTLE_NANOS = 200_000_000L;

    private final int epochs;
    private final boolean enabled;
    private final FitProgressView notebook;
    private final PrintStream out = System.out;
    private String displayId;
    private int epoch;
    private int steps;
    private int step;
    private long epochStart;
    private long lastUpdate;

    Progress(int epochs, boolean enabled) {
        this.epochs = epochs;
        this.enabled = enabled;
        this.notebook = enabled ? NotebookHooks.progressDisplay() : null;
    }

    @Override
    public void onEpochBegin(Trainable model, int epoch, int steps) {
        startEpoch(epoch, steps);
    }

    @Override
    public void onBatchEnd(Trainable model, int step, double loss, double accuracy) {
        batch(step, loss, accuracy);
        this.step = step;
    }

    @Override
    public void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {
        endEpoch(step, logs);
    }

    @Override
    public void onTrainEnd(Trainable model, History history) {
        if (history.stopReason() != null) message(history.stopReason());
    }

    boolean inNotebook() {
        return notebook != null;
    }

    void startEpoch(int epoch, int steps) {
        this.epoch = epoch;
        this.steps = steps;
        this.epochStart = System.nanoTime();
        this.lastUpdate = 0;
        this.step = 0;
        if (notebook != null) displayId = notebook.show(line(0, Double.NaN, Double.NaN, null));
    }

    void batch(int step, double loss, double accuracy) {
        if (notebook == null) return;
        long now = System.nanoTime();
        if (now - lastUpdate < THROTTLE_NANOS && step != steps) return;
        lastUpdate = now;
        update(line(step, loss, accuracy, null));
    }

    void endEpoch(int step, Map<String, Double> logs) {
        if (!enabled) return;
        String line = line(step, Double.NaN, Double.NaN, logs);
        if (notebook != null) update(line);
        else keepingInterrupt(() -> out.println(line));
    }

    /** A message of its own (interrupt, early stop), below the progress lines. */
    void message(String text) {
        keepingInterrupt(() -> out.println(text));
    }

    private void update(String text) {
        try {
            notebook.update(displayId, text);
        } catch (RuntimeException e) {
            // the cell may be gone; training goes on
        }
    }

    /**
     * Runs {@code r} (a message to the notebook) with the thread's interrupt flag kept: sending on
     * the kernel's sockets clears it, and fit reads that flag to stop at the next batch (Stop button).
     */
    static void keepingInterrupt(Runnable r) {
        boolean interrupted = Thread.interrupted();
        try {
            r.run();
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    String line(int step, double loss, double acc, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        sb.append("Epoch ").append(epoch + 1).append('/').append(epochs).append("  ");
        int total = steps > 0 ? steps : Math.max(step, 1);
        String w = String.valueOf(total);
        sb.append(String.format(Locale.ROOT, "%" + w.length() + "d/%s [", step, steps > 0 ? w : "?"));
        int width = 30;
        int done = steps > 0 ? (int) ((long) width * step / steps) : 0;
        for (int i = 0; i < width; i++) sb.append(i < done ? '=' : (i == done && step < total ? '>' : '.'));
        sb.append(']');
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        if (logs == null) {
            if (steps > 0 && step > 0 && step < steps) {
                sb.append(" - ETA: ").append(duration(elapsed / step * (steps - step)));
            }
            if (!Double.isNaN(loss)) sb.append(String.format(Locale.ROOT, " - loss: %.4f", loss));
            if (!Double.isNaN(acc)) sb.append(String.format(Locale.ROOT, " - accuracy: %.4f", acc));
        } else {
            sb.append(" - ").append(duration(elapsed));
            if (step > 0) sb.append(String.format(Locale.ROOT, " %.0fms/step", elapsed * 1000 / step));
            for (Map.Entry<String, Double> e : logs.entrySet()) {
                sb.append(String.format(Locale.ROOT, " - %s: %.4f", e.getKey(), e.getValue()));
            }
        }
        return sb.toString();
    }

    static String duration(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.0fs", Math.max(s, 0));
        long t = Math.round(s);
        return t / 60 + "m" + String.format(Locale.ROOT, "%02ds", t % 60);
    }
}
