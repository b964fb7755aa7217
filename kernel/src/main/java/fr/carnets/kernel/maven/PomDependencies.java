package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dependencies and repositories of a %%pom cell: a {@code <dependencies>} block, one
 * {@code <dependency>}, or a whole POM (its {@code <properties>} expand ${name} in versions). Test,
 * provided and system dependencies are left out, as Maven leaves them out of what runs.
 */
public record PomDependencies(List<Dependency> dependencies, List<Repository> repositories, List<String> skipped) {

    private static final Set<String> NOT_RUNTIME = Set.of("test", "provided", "system", "import");

    public static PomDependencies parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new MagicError("%%pom attend du XML Maven sous la première ligne, par exemple :\n%%pom\n<dependencies>\n"
                    + "  <dependency>\n    <groupId>org.apache.commons</groupId>\n    <artifactId>commons-lang3</artifactId>\n"
                    + "    <version>3.14.0</version>\n  </dependency>\n</dependencies>", null);
        }
        Element root;
        try {
            root = Xml.root(xml);
        } catch (Exception e) {
            throw new MagicError("%%pom : XML invalide (" + e.getMessage() + "). Vérifiez que chaque balise est fermée "
                    + "(<version>1.0</version>) et qu'il n'y a qu'un élément racine (<dependencies> ou <project>).", e);
        }
        Map<String, String> props = new HashMap<>();
        List<Element> deps;
        List<Repository> repos = new ArrayList<>();
        switch (root.getTagName()) {
            case "project" -> {
                Element p = Xml.child(root, "properties");
                for (Element e : Xml.children(p)) {
                    props.put(e.getTagName(), e.getTextContent().strip());
                }
                String v = Xml.text(root, "version");
                if (v != null) {
                    props.put("project.version", v);
                }
                deps = Xml.children(Xml.child(root, "dependencies"));
                for (Element r : Xml.children(Xml.child(root, "repositories"))) {
                    repos.add(Repository.of(Xml.text(r, "id"), Xml.text(r, "url")));
                }
            }
            case "dependencies" -> deps = Xml.children(root);
            case "dependency" -> deps = List.of(root);
            default -> throw new MagicError("%%pom : élément racine <" + root.getTagName() + "> inattendu ; écrivez un bloc "
                    + "<dependencies> ou un POM complet (<project>).", null);
        }
        List<Dependency> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Element d : deps) {
            if (!"dependency".equals(d.getTagName())) {
                continue;
            }
            String g = expand(Xml.text(d, "groupId"), props);
            String a = expand(Xml.text(d, "artifactId"), props);
            String v = expand(Xml.text(d, "version"), props);
            if (g == null || a == null || v == null) {
                throw new MagicError("%%pom : une <dependency> doit avoir <groupId>, <artifactId> et <version> (version "
                        + "gérée par un parent ou une BOM non prise en charge) : " + g + ":" + a + ":" + v + ".", null);
            }
            String type = expand(Xml.text(d, "type"), props);
            String classifier = expand(Xml.text(d, "classifier"), props);
            String scope = Xml.text(d, "scope");
            String coordinates = g + ":" + a + ":" + (type == null ? "jar" : type) + (classifier == null ? "" : ":" + classifier) + ":" + v;
            if (scope != null && NOT_RUNTIME.contains(scope)) {
                skipped.add(coordinates + " (" + scope + ")");
                continue;
            }
            List<String> exclusions = new ArrayList<>();
            for (Element x : Xml.children(Xml.child(d, "exclusions"))) {
                exclusions.add(Xml.text(x, "groupId") + ":" + (Xml.text(x, "artifactId") == null ? "*" : Xml.text(x, "artifactId")));
            }
            out.add(new Dependency(Coordinate.parse(coordinates), exclusions));
        }
        if (out.isEmpty() && skipped.isEmpty()) {
            throw new MagicError("%%pom : aucune <dependency> trouvée ; mettez-les dans un bloc <dependencies>.", null);
        }
        return new PomDependencies(out, repos, skipped);
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

    private static String expand(String value, Map<String, String> props) {
        if (value == null) {
            return null;
        }
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = props.get(m.group(1));
            if (v == null) {
                throw new MagicError("%%pom : propriété ${" + m.group(1) + "} non définie : ajoutez-la dans <properties> "
                        + "ou écrivez la version en clair.", null);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
