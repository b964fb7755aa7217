package fr.carnets.kernel.maven;

import java.nio.file.Path;
import java.util.List;

/** What adding entries to the cells' classpath did. */
public record ClasspathAddition(List<Path> added, int alreadyThere, int newExtensions) {
    /** "2 entrées ajoutées au classpath (1 déjà présente), 1 extension installée." */
    public String summary() {
        return added.size() + (added.size() > 1 ? " entrées ajoutées" : " entrée ajoutée") + " au classpath"
                + (alreadyThere > 0 ? " (" + alreadyThere + " déjà présente(s))" : "")
                + (newExtensions > 0 ? ", " + newExtensions + " extension(s) installée(s)" : "") + ".";
    }
}
