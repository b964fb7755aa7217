package fr.carnets.dl.models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import fr.carnets.dl.ModelException;
import fr.carnets.dl.layers.Input;
import fr.carnets.dl.runtime.DenseViewActivation;
import fr.carnets.dl.runtime.ImagesToNhwc;
import fr.carnets.dl.training.CompileConfig;
import fr.carnets.dl.training.SgdMomentum;

/**
 * A model on disk: DL4J's zip (network, weights, optimizer state) plus our settings in one JSON
 * entry, {@value #META_ENTRY}: kind, input_shape, compiled, loss, metrics, optimizer,
 * learning_rate, momentum, seed. A zip without that entry (any DL4J model) loads too.
 */
final class ModelFiles {
    static final String META_ENTRY = "carnets.json";

    /** The loader of each kind written in the metadata. */
    private static final Map<String, Function<String, Model>> LOADERS = Map.of("sequential", Sequential::load, "graph", GraphModel::load);

    private ModelFiles() {}

    /** Writes to a temporary file, then renames: a failed save never leaves a partial file under the name. */
    static void save(Model m, Path path) {
        try {
            fr.carnets.data.AtomicFile.write(path, tmp -> {
                ModelSerializer.writeModel(m.toDl4j(), tmp.toFile(), true);
                ModelSerializer.addObjectToFile(tmp.toFile(), META_ENTRY, metadataJson(m));
            });
        } catch (IOException e) {
            throw new ModelException("Impossible d'enregistrer le modèle dans " + path + " : " + e.getMessage(), e);
        }
    }

    /** A Sequential or a graph, as the metadata says (as the network says when there is none). */
    static Model load(String path) {
        File f = existing(path);
        String meta = readMeta(f);
        String kind = meta == null ? null : (String) parse(meta).get("kind");
        if (kind == null || !LOADERS.containsKey(kind)) kind = isGraph(f) ? "graph" : "sequential";
        return LOADERS.get(kind).apply(path);
    }

    static File existing(String path) {
        File f = new File(path);
        if (!f.isFile()) {
            throw new ModelException("Fichier de modèle introuvable : " + f.getAbsolutePath()
                    + " (enregistrez d'abord un modèle avec model.save(\"" + path + "\")).");
        }
        return f;
    }

    /**
     * Our classes that DL4J writes by name into configuration.json (an updater, an activation, a
     * preprocessor), under the names they had before fr.carnets.dl was split into packages: the
     * models saved then name them so.
     */
    static final Map<String, String> MOVED = Map.of(
            "fr.carnets.dl.SgdMomentum", SgdMomentum.class.getName(),
            "fr.carnets.dl.DenseViewActivation", DenseViewActivation.class.getName(),
            "fr.carnets.dl.ImagesToNhwc", ImagesToNhwc.class.getName());

    /** The model file for DL4J to read: as it is, or a copy in memory whose configuration names the moved classes as they are now. */
    static InputStream readable(File f) throws IOException {
        byte[] zip = Files.readAllBytes(f.toPath());
        String conf;
        try (ZipFile z = new ZipFile(f)) {
            ZipEntry e = z.getEntry("configuration.json");
            if (e == null) return new ByteArrayInputStream(zip);
            conf = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
        String renamed = conf;
        for (var m : MOVED.entrySet()) renamed = renamed.replace('"' + m.getKey() + '"', '"' + m.getValue() + '"');
        if (renamed.equals(conf)) return new ByteArrayInputStream(zip);
        ByteArrayOutputStream out = new ByteArrayOutputStream(zip.length + 256);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(e.getName().equals("configuration.json") ? renamed.getBytes(StandardCharsets.UTF_8) : in.readAllBytes());
                z.closeEntry();
            }
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    static boolean isGraph(File f) {
        try (ZipFile z = new ZipFile(f)) {
            ZipEntry e = z.getEntry("configuration.json");
            if (e == null) return false;
            String json = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
            return json.contains("\"vertices\"");
        } catch (IOException e) {
            throw new ModelException("Ce fichier n'est pas un modèle DL4J lisible : " + f + " (" + e.getMessage() + ").", e);
        }
    }

    static String readMeta(File f) {
        try {
            if (!ModelSerializer.listObjectsInFile(f).contains(META_ENTRY)) return null;
            return ModelSerializer.getObjectFromFile(f, META_ENTRY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        try {
            return new ObjectMapper().readValue(json, Map.class);
        } catch (IOException e) {
            throw new ModelException("Métadonnées de modèle illisibles : " + e.getMessage(), e);
        }
    }

    static String metadataJson(Model model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", model.kind());
        m.put("input_shape", model.inputShape());
        model.compileConfig().writeTo(m);
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Restores the settings of a loaded model from its metadata (nothing when {@code json} is null). */
    @SuppressWarnings("unchecked")
    static void applyMetadata(Model model, String json) {
        if (json == null) return;
        Map<String, Object> m = parse(json);
        model.useConfig(CompileConfig.read(m, model.compileConfig()));
        List<Number> shape = (List<Number>) m.get("input_shape");
        if (shape != null && !shape.isEmpty()) model.stack.input(new Input(shape.stream().mapToLong(Number::longValue).toArray()));
    }
}
