package fr.carnets.kernel;

import fr.carnets.kernel.magic.MagicError;
import fr.carnets.kernel.maven.Coordinate;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * %maven, %mavenRepo and %%pom, with IJava/JJava's syntax: short forms of {@link Notebook#maven},
 * {@link Notebook#mavenRepo} and {@link Notebook#pom}, whose Java each prints.
 */
final class MavenMagics {

    private static final String OFFLINE = "--offline";

    private MavenMagics() {
    }

    static void register(MagicsRegistry r) {
        r.registerLineMagic("maven", (CarnetsKernel k, List<String> args) -> maven(k, args));
        r.registerLineMagic("mavenRepo", (CarnetsKernel k, List<String> args) -> mavenRepo(k, args));
        r.registerCellMagic("pom", (CarnetsKernel k, List<String> args, String body) -> pom(k, args, body));
    }

    static Object maven(CarnetsKernel kernel, List<String> args) {
        boolean offline = args.contains(OFFLINE);
        List<String> coordinates = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && !a.equals(OFFLINE)) {
                throw new MagicError("%maven : option inconnue " + a + ". Seule --offline existe (dépôt local seulement).", null);
            }
            if (!a.equals(OFFLINE)) {
                // IJava also accepts coordinates separated by commas.
                for (String c : a.split(",")) {
                    if (!c.isBlank()) {
                        coordinates.add(c.strip());
                    }
                }
            }
        }
        if (coordinates.isEmpty()) {
            throw new MagicError("%maven attend des coordonnées groupe:artefact:version, par exemple :\n"
                    + "%maven org.apache.commons:commons-lang3:3.14.0\n"
                    + "(plusieurs séparées par des espaces ; --offline pour n'utiliser que le dépôt local ~/.m2).", null);
        }
        coordinates.forEach(Coordinate::parse);
        kernel.out().println("Équivalent Java : " + (offline ? "mavenOffline(" : "maven(")
                + coordinates.stream().map(MavenMagics::quote).collect(Collectors.joining(", ")) + ");");
        if (offline) {
            Notebook.mavenOffline(coordinates.toArray(String[]::new));
        } else {
            Notebook.maven(coordinates.toArray(String[]::new));
        }
        return null;
    }

    static Object mavenRepo(CarnetsKernel kernel, List<String> args) {
        if (args.size() != 2) {
            throw new MagicError("%mavenRepo attend un identifiant et une adresse : %mavenRepo jitpack https://jitpack.io", null);
        }
        kernel.out().println("Équivalent Java : mavenRepo(" + quote(args.get(0)) + ", " + quote(args.get(1)) + ");");
        Notebook.mavenRepo(args.get(0), args.get(1));
        kernel.out().println("Dépôt « " + args.get(0) + " » ajouté : les %maven suivants y cherchent aussi (après le dépôt local).");
        return null;
    }

    static Object pom(CarnetsKernel kernel, List<String> args, String body) {
        for (String a : args) {
            if (!a.equals(OFFLINE)) {
                throw new MagicError("%%pom : argument inconnu " + a + ". Seule --offline existe ; le XML va sous la ligne %%pom.", null);
            }
        }
        boolean offline = args.contains(OFFLINE);
        kernel.out().println("Équivalent Java : pom(xml" + (offline ? ", true" : "") + ");   // xml : le texte de la cellule");
        Notebook.pom(body, offline);
        return null;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
