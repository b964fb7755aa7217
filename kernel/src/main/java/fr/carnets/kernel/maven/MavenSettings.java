package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
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
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(QUIET);
            root = builder.parse(file.toFile()).getDocumentElement();
        } catch (Exception e) {
            throw new MagicError("Le fichier de réglages Maven " + file + " est illisible (" + e.getMessage()
                    + ") : corrigez son XML, ou renommez-le pour résoudre sans lui.", e);
        }
        List<Mirror> mirrors = new ArrayList<>();
        for (Element m : children(child(root, "mirrors"), "mirror")) {
            mirrors.add(new Mirror(text(m, "id", "mirror"), text(m, "url", null), text(m, "mirrorOf", "*")));
        }
        List<Proxy> proxies = new ArrayList<>();
        for (Element p : children(child(root, "proxies"), "proxy")) {
            if (!"false".equals(text(p, "active", "true"))) {
                proxies.add(new Proxy(text(p, "id", "proxy"), text(p, "protocol", "http"), text(p, "host", null),
                        Integer.parseInt(text(p, "port", "8080")), text(p, "username", null), text(p, "password", null),
                        text(p, "nonProxyHosts", null)));
            }
        }
        List<Server> servers = new ArrayList<>();
        for (Element s : children(child(root, "servers"), "server")) {
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

    /** Errors become exceptions only (the default handler also prints "[Fatal Error]" on stderr). */
    private static final org.xml.sax.ErrorHandler QUIET = new org.xml.sax.helpers.DefaultHandler() {
        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
            throw e;
        }
    };

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && name.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name, String fallback) {
        Element e = child(parent, name);
        return e == null ? fallback : expand(e.getTextContent().strip());
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
