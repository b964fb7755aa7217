package fr.carnets.kernel;

import fr.carnets.kernel.magic.MagicError;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The kernel's own magics: %classpath (%jars), %load, %time and %%time, %lsmagic. */
public final class KernelMagics {

    private KernelMagics() {
    }

    public static void register(CarnetsKernel kernel) {
        MagicsRegistry r = kernel.getMagicsRegistry();
        r.registerLineMagic("classpath", (CarnetsKernel k, List<String> args) -> classpath(k, args));
        r.registerLineMagic("jars", (CarnetsKernel k, List<String> args) -> classpath(k, args));
        r.registerLineMagic("load", (CarnetsKernel k, List<String> args) -> load(k, args));
        r.registerLineMagic("time", (CarnetsKernel k, List<String> args) -> time(k, String.join(" ", args)));
        r.registerCellMagic("time", (CarnetsKernel k, List<String> args, String body) -> time(k, body));
        MavenMagics.register(r);
        VarsMagic.register(r);
        r.registerLineMagic("lsmagic", (CarnetsKernel k, List<String> args) -> {
            k.out().println("Magies disponibles : " + k.magicList());
            return null;
        });
    }

    /** Adds jars, folders or globs (dir/*.jar) to the classpath in one batch, then installs new extensions. */
    static Object classpath(CarnetsKernel kernel, List<String> args) throws IOException {
        if (args.isEmpty()) {
            throw new MagicError("%classpath attend au moins un chemin, par exemple : %classpath lib/*.jar "
                    + "(plusieurs chemins séparés par des espaces ou par « " + File.pathSeparator + " »).", null);
        }
        List<String> entries = new ArrayList<>();
        for (String arg : args) {
            for (String piece : arg.split(File.pathSeparator)) {
                if (!piece.isBlank()) {
                    entries.addAll(resolve(piece));
                }
            }
        }
        kernel.out().println(kernel.addToClasspath(entries).summary());
        return null;
    }

    /** One classpath argument: a jar, a folder, or a glob on file names (dir/*.jar), as absolute paths. */
    static List<String> resolve(String piece) throws IOException {
        Path p = Path.of(expandHome(piece));
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.contains("*") || name.contains("?")) {
            Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
            if (!Files.isDirectory(dir)) {
                throw notFound(dir.toString());
            }
            List<String> found = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
                ds.forEach(f -> found.add(f.toAbsolutePath().toString()));
            }
            if (found.isEmpty()) {
                throw new MagicError("%classpath : aucun fichier ne correspond à " + piece
                        + " (dossier courant : " + Path.of("").toAbsolutePath() + ").", null);
            }
            found.sort(null);
            return found;
        }
        if (!Files.exists(p)) {
            throw notFound(piece);
        }
        if (Files.isRegularFile(p) && !name.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            throw new MagicError("%classpath : " + piece + " n'est ni un .jar ni un dossier de classes.", null);
        }
        return List.of(p.toAbsolutePath().toString());
    }

    private static MagicError notFound(String path) {
        return new MagicError("%classpath : fichier introuvable : " + path
                + ". Vérifiez le chemin ; un chemin relatif part du dossier du carnet ("
                + Path.of("").toAbsolutePath() + ").", null);
    }

    /** Runs a .java/.jsh/.jshell file, or every code cell of a notebook, in this session. */
    static Object load(CarnetsKernel kernel, List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new MagicError("%load attend un seul fichier : %load outils.jsh ou %load autre-carnet.ipynb", null);
        }
        Path p = Path.of(expandHome(args.get(0)));
        if (!Files.isRegularFile(p)) {
            throw new MagicError("%load : fichier introuvable : " + args.get(0) + " (dossier courant : "
                    + Path.of("").toAbsolutePath() + ").", null);
        }
        if (p.getFileName().toString().endsWith(".ipynb")) {
            Object last = null;
            for (String cell : notebookCode(p)) {
                last = kernel.evalRaw(cell);
            }
            return last;
        }
        return kernel.evalRaw(Files.readString(p));
    }

    static List<String> notebookCode(Path notebook) throws IOException {
        JsonObject nb;
        try {
            nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new MagicError("%load : " + notebook + " n'est pas un carnet Jupyter lisible (JSON invalide).", e);
        }
        List<String> cells = new ArrayList<>();
        int index = 0;
        try {
            JsonArray array = nb.has("cells") ? nb.getAsJsonArray("cells") : new JsonArray();
            for (JsonElement el : array) {
                index++;
                JsonObject cell = el.getAsJsonObject();
                JsonElement type = cell.get("cell_type");
                if (type == null) {
                    throw new IllegalStateException("cell without cell_type");
                }
                if (!"code".equals(type.getAsString())) {
                    continue;
                }
                JsonElement src = cell.get("source");
                StringBuilder code = new StringBuilder();
                if (src != null && src.isJsonArray()) {
                    src.getAsJsonArray().forEach(line -> code.append(line.getAsString()));
                } else if (src != null && !src.isJsonNull()) {
                    code.append(src.getAsString());
                }
                if (!code.toString().isBlank()) {
                    cells.add(code.toString());
                }
            }
        } catch (RuntimeException e) {
            // Valid JSON of another shape ("cells" not a list, a cell that is not an object...): the
            // learner got an English NullPointerException with the kernel's frames.
            throw new MagicError("%load : " + notebook + " est du JSON, mais pas un carnet Jupyter lisible"
                    + (index > 0 ? " (cellule " + index + " mal formée)" : " (« cells » n'est pas une liste de cellules)")
                    + ". Rien n'a été exécuté. Ouvrez-le dans JupyterLab pour le vérifier, ou mettez le code à charger dans un fichier .jsh.", null);
        }
        return cells;
    }

    /** Runs code, prints how long it took, returns its value. */
    static Object time(CarnetsKernel kernel, String code) {
        if (code.isBlank()) {
            throw new MagicError("%time attend du code : %time calcul(42)  (ou %%time en première ligne d'une cellule).", null);
        }
        long t0 = System.nanoTime();
        long run0 = kernel.session().control().runNanos();
        try {
            return kernel.evalRaw(code);
        } finally {
            long total = System.nanoTime() - t0;
            long run = kernel.session().control().runNanos() - run0;
            // Compiling each statement costs the kernel far more than a small call runs: say both,
            // the code's own time first (%time carre(3) used to report 80 ms of compilation).
            kernel.out().println("Durée : " + formatDuration(run) + " d'exécution (" + formatDuration(total)
                    + " au total, avec la compilation du code par le noyau)");
        }
    }

    static String formatDuration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1) {
            return String.format(Locale.FRANCE, "%.1f µs", nanos / 1e3);
        }
        if (ms < 1000) {
            return String.format(Locale.FRANCE, "%.1f ms", ms);
        }
        return String.format(Locale.FRANCE, "%.2f s", ms / 1000);
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}
