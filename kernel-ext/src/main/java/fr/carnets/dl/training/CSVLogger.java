package fr.carnets.dl.training;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

import fr.carnets.dl.ModelException;

/** Keras's CSVLogger: one line per epoch (epoch, metrics, seconds), written as it goes. */
public class CSVLogger implements Callback {
    final Path path;
    final boolean append;
    private boolean headerWritten;
    private long epochStart;

    public CSVLogger(String path) {
        this(path, false);
    }

    public CSVLogger(String path, boolean append) {
        this.path = Path.of(path);
        this.append = append;
    }

    @Override
    public void onTrainBegin(Trainable model, History history) {
        headerWritten = append && Files.exists(path);
        try {
            if (path.toAbsolutePath().getParent() != null) Files.createDirectories(path.toAbsolutePath().getParent());
            if (!append) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new ModelException("CSVLogger : impossible de préparer " + path + " : " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(Trainable model, int epoch, Map<String, Double> logs, Training training) {
        StringBuilder sb = new StringBuilder();
        if (!headerWritten) {
            sb.append("epoch");
            for (String k : logs.keySet()) sb.append(',').append(k);
            sb.append('\n');
            headerWritten = true;
        }
        sb.append(epoch);
        for (Double v : logs.values()) sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
        sb.append('\n');
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(sb.toString());
        } catch (IOException e) {
            throw new ModelException("CSVLogger : impossible d'écrire dans " + path + " : " + e.getMessage(), e);
        }
    }
}
