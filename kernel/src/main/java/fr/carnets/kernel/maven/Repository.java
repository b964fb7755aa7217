package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;

import java.net.URI;
import java.net.URISyntaxException;

/** A remote Maven repository added with %mavenRepo or a POM's {@code <repositories>}. */
public record Repository(String id, String url) {

    public static Repository of(String id, String url) {
        if (id == null || !id.matches("[A-Za-z0-9_.\\-]+")) {
            throw new MagicError("Identifiant de dépôt invalide : « " + id + " ». Exemple : %mavenRepo jitpack https://jitpack.io", null);
        }
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
                throw new URISyntaxException(url, "scheme");
            }
        } catch (URISyntaxException | NullPointerException e) {
            throw new MagicError("Adresse de dépôt invalide : « " + url + " ». Donnez une adresse http(s):// ou file://, "
                    + "par exemple %mavenRepo jitpack https://jitpack.io", null);
        }
        return new Repository(id, url.endsWith("/") ? url : url + "/");
    }
}
