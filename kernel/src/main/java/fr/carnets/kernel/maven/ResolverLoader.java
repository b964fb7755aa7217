package fr.carnets.kernel.maven;

import fr.carnets.kernel.magic.MagicError;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the Maven Resolver on the first %maven only: its ~20 jars sit in {@code resolver/} next to the
 * kernel jar, outside the kernel's classpath, so they cost nothing at kernel start. The implementation
 * classes ({@code fr.carnets.kernel.maven.impl}) are defined by this loader from the kernel jar, so they
 * see the resolver; everything else comes from the kernel.
 */
public final class ResolverLoader {

    static final String IMPL = "fr.carnets.kernel.maven.impl.";
    private static final String IMPL_CLASS = IMPL + "AetherResolver";

    private ResolverLoader() {
    }

    public static DependencyResolver load() {
        ClassLoader parent = ResolverLoader.class.getClassLoader();
        try {
            if (visible(parent)) {
                // Unit tests: the resolver is on the test classpath.
                return instantiate(Class.forName(IMPL_CLASS, true, parent));
            }
            Path home = codeSource();
            Path dir = resolverDir(home);
            List<URL> urls = new ArrayList<>();
            urls.add(home.toUri().toURL());
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                for (Path jar : jars) {
                    urls.add(jar.toUri().toURL());
                }
            }
            ClassLoader loader = new ImplFirstLoader(urls.toArray(URL[]::new), parent);
            return instantiate(Class.forName(IMPL_CLASS, true, loader));
        } catch (IOException | ReflectiveOperationException | URISyntaxException | LinkageError e) {
            throw new MagicError("Le résolveur Maven du noyau est introuvable ou incomplet (" + e
                    + ") : relancez ./carnets setup pour reconstruire le noyau.", e);
        }
    }

    private static boolean visible(ClassLoader loader) {
        try {
            Class.forName("org.eclipse.aether.RepositorySystem", false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static DependencyResolver instantiate(Class<?> c) throws ReflectiveOperationException {
        return (DependencyResolver) c.getConstructor().newInstance();
    }

    private static Path codeSource() throws URISyntaxException {
        return Path.of(ResolverLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** dist/resolver next to the kernel jar; from target/classes (a build without package), target/dist/resolver. */
    private static Path resolverDir(Path home) throws IOException {
        String configured = System.getProperty("carnets.maven.resolver.dir");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        Path parent = home.getParent();
        if (parent != null) {
            candidates.add(parent.resolve("resolver"));
            candidates.add(parent.resolve("dist").resolve("resolver"));
        }
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        throw new IOException("aucun dossier resolver/ parmi " + candidates);
    }

    /** Defines the impl package itself (from the kernel jar); asks its parent first for everything else. */
    private static final class ImplFirstLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ImplFirstLoader(URL[] urls, ClassLoader parent) {
            super("carnets-maven", urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(IMPL)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
