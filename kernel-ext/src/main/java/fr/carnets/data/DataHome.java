package fr.carnets.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Where the verified datasets live, and the catalogue that describes them.
 *
 * <p>The folder is, in order: the system property {@code carnets.data} (set by the Carnets
 * launcher), the environment variable {@code CARNETS_DATA}, else {@code datasets/cache} in the
 * first parent of the working directory that holds {@code datasets/catalog.json}. The catalogue
 * is {@code datasets/catalog.json}, packaged into this jar at build time.
 */
public final class DataHome {

    /** The command that fetches and verifies every dataset. */
    public static final String FETCH_COMMAND = "./carnets datasets";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile JsonNode catalog;
    /** Files already verified in this JVM: path -> "size:mtime" at verification time. */
    private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

    private DataHome() {}

    /** The dataset cache folder (it may not exist yet). */
    public static Path dir() {
        String p = System.getProperty("carnets.data");
        if (p == null || p.isBlank()) p = System.getenv("CARNETS_DATA");
        if (p != null && !p.isBlank()) return Paths.get(p).toAbsolutePath().normalize();
        Path d = Paths.get("").toAbsolutePath();
        for (Path q = d; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("datasets").resolve("catalog.json"))) {
                return q.resolve("datasets").resolve("cache");
            }
        }
        return d.resolve("datasets").resolve("cache");
    }

    /** The folder of one dataset inside {@code root}, which must exist. */
    static Path datasetDir(Path root, String name) {
        Path d = root.resolve(name);
        if (!Files.isDirectory(d)) {
            throw new DataException("Jeu de données « " + name + " » introuvable dans " + root
                    + ".\nLancez depuis la racine du projet Carnets : " + FETCH_COMMAND
                    + "\n(ou définissez CARNETS_DATA vers le dossier qui le contient).");
        }
        return d;
    }

    /** The catalogue entry of a dataset. */
    public static JsonNode entry(String name) {
        JsonNode ds = catalog().path("datasets").path(name);
        if (ds.isMissingNode()) throw new DataException("Jeu de données inconnu du catalogue : " + name);
        return ds;
    }

    static JsonNode catalog() {
        JsonNode c = catalog;
        if (c == null) {
            try (InputStream in = DataHome.class.getResourceAsStream("catalog.json")) {
                if (in == null) throw new DataException("Catalogue des jeux de données absent du jar (catalog.json).");
                c = JSON.readTree(in);
            } catch (IOException e) {
                throw new DataException("Catalogue des jeux de données illisible : " + e.getMessage(), e);
            }
            catalog = c;
        }
        return c;
    }

    /**
     * The catalogue's datasets that load as arrays (IDX files: mnist, fashion-mnist), in catalogue
     * order; each has a class of this package named after it (fashion-mnist: {@code FashionMnist}).
     */
    public static List<String> arrayDatasets() {
        List<String> out = new ArrayList<>();
        catalog().path("datasets").fields().forEachRemaining(e -> {
            JsonNode files = e.getValue().path("files");
            if (files.size() > 0 && files.get(0).has("idx")) out.add(e.getKey());
        });
        return out;
    }

    /** Class names of a dataset, in label order. */
    public static List<String> classes(String name) {
        List<String> out = new ArrayList<>();
        entry(name).path("classes").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Expected label counts per class ("train" or "test"). */
    static int[] labelCounts(String name, String split) {
        JsonNode a = entry(name).path("label_counts").path(split);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    /**
     * Checks one catalogued file (size, then SHA-256 once per JVM and file version) and returns
     * its path. A missing or damaged file gives a French error naming the fetch command.
     */
    static Path verifiedFile(Path root, String dataset, String file) {
        Path dir = datasetDir(root, dataset);
        JsonNode spec = null;
        for (JsonNode f : entry(dataset).path("files")) {
            if (f.path("name").asText().equals(file)) spec = f;
        }
        if (spec == null) throw new DataException("Fichier inconnu du catalogue : " + dataset + "/" + file);
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new DataException("Fichier manquant : " + p + "\nLancez depuis la racine du projet Carnets : "
                    + FETCH_COMMAND);
        }
        try {
            long size = Files.size(p);
            String stamp = size + ":" + Files.getLastModifiedTime(p).toMillis();
            if (stamp.equals(VERIFIED.get(p))) return p;
            String expected = spec.path("sha256").asText();
            if (size != spec.path("size").asLong() || !expected.equals(sha256(p))) {
                throw new DataException("Somme de contrôle SHA-256 incorrecte pour " + p
                        + " : le fichier est abîmé ou n'est pas celui du catalogue, il ne sera pas utilisé."
                        + "\nLancez depuis la racine du projet Carnets : " + FETCH_COMMAND
                        + " (il supprime le fichier abîmé et le récupère à nouveau).");
            }
            VERIFIED.put(p, stamp);
            return p;
        } catch (IOException e) {
            throw new DataException("Lecture impossible de " + p + " : " + e.getMessage(), e);
        }
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : md.digest()) sb.append(String.format("%02x", b));
        return sb.toString();
    }

    /** A French status line of every catalogued dataset (used by the %carnets magic). */
    public static String status() {
        Path root = dir();
        StringBuilder sb = new StringBuilder("Dossier des données : ").append(root).append('\n');
        catalog().path("datasets").fieldNames().forEachRemaining(n -> {
            boolean present = Files.isDirectory(root.resolve(n));
            sb.append("  ").append(n).append(" : ").append(present ? "présent" : "absent — lancez " + FETCH_COMMAND)
                    .append('\n');
        });
        return sb.toString();
    }
}
