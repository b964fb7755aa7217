package fr.carnets.kernel.exec;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader of cell code and of jars added with %classpath, and JShell's loader delegate.
 *
 * <p>One loader for both, so that an extension found in an added jar and the cells that use it see
 * the same classes (a second loader would load them twice and renderers would not match).
 * Cell classes are instrumented by {@link SnippetInstrumenter} before they are defined.
 */
public final class SnippetClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> cellClasses = new ConcurrentHashMap<>();
    private final Set<String> knownEntries = ConcurrentHashMap.newKeySet();

    public SnippetClassLoader(ClassLoader parent) {
        super(new URL[0], parent);
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                knownEntries.add(normalize(entry));
            }
        }
    }

    /** JShell's view of this loader. */
    public LoaderDelegate delegate() {
        return new LoaderDelegate() {
            @Override
            public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
                defineCellClasses(cbcs);
            }

            @Override
            public void classesRedefined(ClassBytecodes[] cbcs) {
                // Redefinition is not supported by the direct engine: JShell loads new classes instead.
            }

            @Override
            public void addToClasspath(String path) {
                addEntries(List.of(path.split(File.pathSeparator)));
            }

            @Override
            public Class<?> findClass(String name) throws ClassNotFoundException {
                return loadClass(name);
            }
        };
    }

    private void defineCellClasses(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            cellClasses.put(cbc.name(), SnippetInstrumenter.instrument(cbc.bytecodes()));
        }
        int i = 0;
        for (ClassBytecodes cbc : cbcs) {
            try {
                loadClass(cbc.name());
                installed[i++] = true;
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ClassInstallException("Chargement impossible de " + cbc.name() + " : " + e, installed);
            }
        }
    }

    /** Adds entries in one batch; returns those that were not there yet. */
    public List<Path> addEntries(List<String> entries) {
        List<Path> added = new ArrayList<>();
        for (String entry : new LinkedHashSet<>(entries)) {
            if (entry.isBlank()) {
                continue;
            }
            String key = normalize(entry);
            if (knownEntries.add(key)) {
                try {
                    addURL(Path.of(key).toUri().toURL());
                    added.add(Path.of(key));
                } catch (MalformedURLException e) {
                    knownEntries.remove(key);
                    throw new IllegalArgumentException("Chemin invalide : " + entry, e);
                }
            }
        }
        return added;
    }

    public boolean isOnClasspath(String entry) {
        return knownEntries.contains(normalize(entry));
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = cellClasses.remove(name);
        if (bytes != null) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        return super.findClass(name);
    }

    private static String normalize(String entry) {
        return Path.of(entry).toAbsolutePath().normalize().toString();
    }
}
