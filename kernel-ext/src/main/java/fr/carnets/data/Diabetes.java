package fr.carnets.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The diabetes data of Efron et al. (2004), the course's regression set: 442 patients, 10 raw
 * measurements each (age, sex, body mass index, blood pressure, six blood tests) and a continuous
 * target, the disease's progression one year later (25 to 346). Unlike scikit-learn's
 * {@code load_diabetes()}, the values are not scaled: scaling is the learner's job.
 *
 * <pre>
 * var d = Diabetes.load();   // d.x() [442, 10], d.y() [442, 1], d.columns()
 * </pre>
 */
public final class Diabetes {
    /** Name in datasets/catalog.json and folder in the cache. */
    public static final String NAME = "diabetes";

    /** The measurements {@code x [n, 10]}, the target {@code y [n, 1]} and the column names (French). */
    public record Table(INDArray x, INDArray y, List<String> columns, String target) {
        @Override
        public String toString() {
            return "x " + java.util.Arrays.toString(x.shape()) + ", y " + java.util.Arrays.toString(y.shape())
                    + ", colonnes " + columns + ", cible : " + target;
        }
    }

    private Diabetes() {}

    /** Reads the verified files of the cache ({@link DataHome#dir()}). */
    public static Table load() {
        return load(DataHome.dir());
    }

    /** Reads the verified files of this cache folder. */
    public static Table load(Path root) {
        float[][] x = read(DataHome.verifiedFile(root, NAME, "diabetes_data_raw.csv"), 10);
        float[][] y = read(DataHome.verifiedFile(root, NAME, "diabetes_target.csv"), 1);
        if (x.length != y.length) throw new DataException("Nombre de lignes différent entre les mesures et la cible dans " + root.resolve(NAME));
        List<String> columns = new ArrayList<>();
        DataHome.entry(NAME).path("columns_fr").forEach(c -> columns.add(c.asText()));
        return new Table(Nd4j.create(x), Nd4j.create(y), Collections.unmodifiableList(columns),
                DataHome.entry(NAME).path("target").asText());
    }

    /** Rows of whitespace-separated numbers, each with {@code width} values. */
    private static float[][] read(Path file, int width) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            List<float[]> rows = new ArrayList<>();
            for (String line : lines) {
                if (line.isBlank()) continue;
                String[] parts = line.trim().split("\\s+");
                if (parts.length != width) {
                    throw new DataException(file + ", ligne " + (rows.size() + 1) + " : " + parts.length + " valeurs au lieu de " + width + ".");
                }
                float[] r = new float[width];
                for (int j = 0; j < width; j++) r[j] = Float.parseFloat(parts[j]);
                rows.add(r);
            }
            return rows.toArray(new float[0][]);
        } catch (IOException | NumberFormatException e) {
            throw new DataException("Lecture impossible de " + file + " : " + e.getMessage(), e);
        }
    }
}
