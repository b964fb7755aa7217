package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;

import java.util.regex.Pattern;

/**
 * Maven coordinates as IJava/JJava write them: {@code group:artifact:version},
 * {@code group:artifact:extension:version} or {@code group:artifact:extension:classifier:version}.
 */
public record Coordinate(String groupId, String artifactId, String extension, String classifier, String version) {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.\\-\\[\\](),+]+");

    public Coordinate {
        extension = extension == null || extension.isEmpty() ? "jar" : extension;
        classifier = classifier == null ? "" : classifier;
    }

    /** Parses coordinates; a bad one gets a French error that shows the expected form. */
    public static Coordinate parse(String text) {
        String t = text.strip();
        String[] p = t.split(":", -1);
        Coordinate c = switch (p.length) {
            case 3 -> new Coordinate(p[0], p[1], "jar", "", p[2]);
            case 4 -> new Coordinate(p[0], p[1], p[2], "", p[3]);
            case 5 -> new Coordinate(p[0], p[1], p[2], p[3], p[4]);
            default -> null;
        };
        if (c == null || !valid(c)) {
            throw new MagicError("Coordonnées Maven invalides : « " + text + " ». Forme attendue : groupe:artefact:version, "
                    + "par exemple %maven org.apache.commons:commons-lang3:3.14.0 "
                    + "(avec un classifieur : groupe:artefact:jar:classifieur:version). "
                    + "Les coordonnées sont sur la page de la bibliothèque sur https://central.sonatype.com.", null);
        }
        return c;
    }

    private static boolean valid(Coordinate c) {
        return PART.matcher(c.groupId).matches() && PART.matcher(c.artifactId).matches()
                && PART.matcher(c.version).matches() && PART.matcher(c.extension).matches()
                && (c.classifier.isEmpty() || PART.matcher(c.classifier).matches());
    }

    /** group:artifact, the key under which two versions of one library conflict. */
    public String key() {
        return groupId + ":" + artifactId;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? ("jar".equals(extension) ? "" : ":" + extension)
                : ":" + extension + ":" + classifier) + ":" + version;
    }
}
