package fr.carnets.kernel.maven;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maven dependencies in a notebook: resolves them (transitively, offline first), leaves out the
 * libraries the kernel already has, and adds the jars to the classpath in one batch, as %classpath does.
 * The Java side of %maven, %mavenRepo and %%pom.
 */
public final class Maven {

    private static final int MAX_LISTED = 8;

    private final BaseKernel display;
    private final CellClasspath kernel;
    private final List<Repository> repositories = new ArrayList<>();
    private final KernelLibraries libraries = new KernelLibraries();
    private DependencyResolver resolver;

    /** @param kernel shows the download progress and owns the cells' classpath */
    public <K extends BaseKernel & CellClasspath> Maven(K kernel) {
        this.display = kernel;
        this.kernel = kernel;
    }

    /** Adds (or replaces, same id) a remote repository for the next resolutions of this session. */
    public synchronized void addRepository(Repository r) {
        repositories.removeIf(x -> x.id().equals(r.id()));
        repositories.add(r);
    }

    public synchronized List<Repository> repositories() {
        return List.copyOf(repositories);
    }

    /** Resolves and loads; returns the jars added to the classpath. */
    public synchronized List<Path> load(List<Dependency> dependencies, List<Repository> extra, boolean offline) {
        PrintStream out = kernel.out();
        // The first use loads the resolver (about a second): meanwhile, read the kernel's jars.
        java.util.concurrent.CompletableFuture<DependencyResolver> loading = resolver != null
                ? java.util.concurrent.CompletableFuture.completedFuture(resolver)
                : java.util.concurrent.CompletableFuture.supplyAsync(ResolverLoader::load);
        Set<String> kernelJars = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                kernelJars.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        List<Path> jars = new ArrayList<>();
        kernelJars.forEach(j -> jars.add(Path.of(j)));
        jars.addAll(addedJars());
        Map<String, KernelLibraries.Library> libs = libraries.scan(jars);
        Map<String, String> provided = new HashMap<>();
        libs.forEach((k, l) -> provided.put(k, l.version()));

        List<Repository> repos = new ArrayList<>(extra);
        repositories.stream().filter(r -> repos.stream().noneMatch(x -> x.id().equals(r.id()))).forEach(repos::add);
        ResolveRequest request = new ResolveRequest(dependencies, repos, offline, provided, MavenSettings.defaultPath(), null);
        ProgressDisplay progress = new ProgressDisplay(display);
        Resolution resolution;
        try {
            resolution = resolver(loading).resolve(request, progress);
        } finally {
            progress.close();
        }

        List<String> entries = resolution.jars().stream().map(j -> j.file().toString()).toList();
        ClasspathAddition added = entries.isEmpty() ? new ClasspathAddition(List.of(), 0, 0)
                : kernel.addToClasspath(entries);
        if (!entries.isEmpty()) {
            out.println("%maven : " + entries.size() + (entries.size() > 1 ? " jars" : " jar") + " ("
                    + resolution.jars().stream().map(Resolution.Jar::coordinates).collect(Collectors.joining(", "))
                    + ") : " + added.summary());
        }
        report(out, resolution.kept(), libs, kernelJars);
        if (!resolution.mixed().isEmpty()) {
            out.println("Attention, versions mélangées : ces bibliothèques sont chargées dans une autre version que celle de "
                    + "leur famille dans le noyau (les modules d'un même groupe, comme ceux de DL4J, vont ensemble) :");
            resolution.mixed().stream().limit(MAX_LISTED).forEach(k -> out.println("  " + k.key() + " " + k.requested()
                    + " (le noyau a " + k.kernelVersion() + " pour " + k.key().substring(0, k.key().indexOf(':')) + ")"
                    + (k.requestedBy().isEmpty() ? "" : ", demandée par " + k.requestedBy()) + "."));
            if (resolution.mixed().size() > MAX_LISTED) {
                out.println("  ... et " + (resolution.mixed().size() - MAX_LISTED) + " autres.");
            }
            out.println("Si une erreur de classe apparaît (NoSuchMethodError...), demandez ces modules dans la version du noyau "
                    + "quand elle existe, par exemple %maven groupe:module:" + resolution.mixed().get(0).kernelVersion() + ".");
        }
        return added.added();
    }

    private void report(PrintStream out, List<Resolution.Kept> kept, Map<String, KernelLibraries.Library> libs,
                        Set<String> kernelJars) {
        List<Resolution.Kept> other = kept.stream().filter(k -> !k.sameVersion()).toList();
        List<Resolution.Kept> same = kept.stream().filter(Resolution.Kept::sameVersion).toList();
        if (!same.isEmpty()) {
            out.println("Déjà chargé, même version : " + same.stream().limit(MAX_LISTED)
                    .map(k -> k.key() + ":" + k.kernelVersion()).collect(Collectors.joining(", "))
                    + (same.size() > MAX_LISTED ? " et " + (same.size() - MAX_LISTED) + " autres" : "") + ".");
        }
        if (other.isEmpty()) {
            return;
        }
        out.println("Versions différentes demandées, la version déjà chargée reste :");
        other.stream().limit(MAX_LISTED).forEach(k -> {
            KernelLibraries.Library l = libs.get(k.key());
            boolean ofKernel = l != null && kernelJars.contains(l.jar().toAbsolutePath().normalize().toString());
            out.println("  " + k.key() + " : " + k.kernelVersion() + " reste (" + (ofKernel ? "celle du noyau" : "chargée plus tôt")
                    + ") ; " + k.requested() + " était demandée" + (k.requestedBy().isEmpty() ? "" : " par " + k.requestedBy()) + ".");
        });
        if (other.size() > MAX_LISTED) {
            out.println("  ... et " + (other.size() - MAX_LISTED) + " autres.");
        }
        out.println("Pourquoi : une bibliothèque ne se charge qu'en une version dans le noyau (deux versions des mêmes classes "
                + "donneraient NoSuchMethodError ou ClassCastException), et le noyau et l'extension du cours sont construits sur "
                + "la leur. Si la bibliothèque ajoutée exige l'autre version, lancez-la hors du noyau (projet Maven à part).");
    }

    /** Jars added to the cells' classpath by %classpath or an earlier %maven. */
    private List<Path> addedJars() {
        List<Path> out = new ArrayList<>();
        for (URL u : kernel.addedToClasspath()) {
            try {
                out.add(Path.of(u.toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file: nothing to compare
            }
        }
        return out;
    }

    private DependencyResolver resolver(java.util.concurrent.CompletableFuture<DependencyResolver> loading) {
        try {
            resolver = loading.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return resolver;
    }
}
