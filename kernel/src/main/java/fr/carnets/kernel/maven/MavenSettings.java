package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Maven settings.xml that resolution needs: local repository, offline, mirrors, proxies
 * and server credentials. ${user.home} and ${env.NAME} are expanded as Maven does. Encrypted passwords
 * ({...}) are not decrypted.
 */
public record MavenSettings(Path source, String localRepository, boolean offline, List<Mirror> mirrors,
                            List<Proxy> proxies, List<Server> servers) {

    public record Mirror(String id, String url, String mirrorOf) {
    }

    public record Proxy(String id, String protocol, String host, int port, String username, String password,
                        String nonProxyHosts) {
    }

    public record Server(String id, String username, String password) {
    }

    /** The user's settings: CARNETS_MAVEN_SETTINGS, else ~/.m2/settings.xml. */
    public static Path defaultPath() {
        String env = System.getenv("CARNETS_MAVEN_SETTINGS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
    }

    public static MavenSettings read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return new MavenSettings(file, null, false, List.of(), List.of(), List.of());
        }
        Element root;
        try {
            try (var in = Files.newInputStream(file)) {
                root = Xml.root(in);
            }
        } catch (Exception e) {
            throw new MagicError("Le fichier de réglages Maven " + file + " est illisible (" + e.getMessage()
                    + ") : corrigez son XML, ou renommez-le pour résoudre sans lui.", e);
        }
        List<Mirror> mirrors = new ArrayList<>();
        for (Element m : Xml.children(Xml.child(root, "mirrors"), "mirror")) {
            mirrors.add(new Mirror(text(m, "id", "mirror"), text(m, "url", null), text(m, "mirrorOf", "*")));
        }
        List<Proxy> proxies = new ArrayList<>();
        for (Element p : Xml.children(Xml.child(root, "proxies"), "proxy")) {
            if (!"false".equals(text(p, "active", "true"))) {
                proxies.add(new Proxy(text(p, "id", "proxy"), text(p, "protocol", "http"), text(p, "host", null),
                        Integer.parseInt(text(p, "port", "8080")), text(p, "username", null), text(p, "password", null),
                        text(p, "nonProxyHosts", null)));
            }
        }
        List<Server> servers = new ArrayList<>();
        for (Element s : Xml.children(Xml.child(root, "servers"), "server")) {
            servers.add(new Server(text(s, "id", null), text(s, "username", null), text(s, "password", null)));
        }
        return new MavenSettings(file, text(root, "localRepository", null), "true".equals(text(root, "offline", "false")),
                mirrors, proxies, servers);
    }

    /** The local repository: -Dmaven.repo.local, else the settings' one, else ~/.m2/repository. */
    public Path localRepositoryPath() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        if (localRepository != null && !localRepository.isBlank()) {
            return Path.of(localRepository);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String text(Element parent, String name, String fallback) {
        String t = Xml.text(parent, name);
        return t == null ? fallback : expand(t);
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{(env\\.)?([^}]+)}");

    static String expand(String value) {
        Matcher m = VAR.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = m.group(1) != null ? System.getenv(m.group(2)) : System.getProperty(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
