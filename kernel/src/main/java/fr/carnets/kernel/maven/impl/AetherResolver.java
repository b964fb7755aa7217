package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.maven.Coordinate;
import fr.carnets.kernel.maven.DependencyResolver;
import fr.carnets.kernel.maven.MavenSettings;
import fr.carnets.kernel.maven.Repository;
import fr.carnets.kernel.maven.ResolveRequest;
import fr.carnets.kernel.maven.Resolution;
import fr.carnets.kernel.maven.TransferProgress;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.graph.selector.AndDependencySelector;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Resolution with Apache Maven Resolver (Maven 3's model): transitive, settings.xml honoured, offline first. */
public final class AetherResolver implements DependencyResolver {

    static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    private final RepositorySystem system = new RepositorySystemSupplier().get();

    @Override
    public Resolution resolve(ResolveRequest request, TransferProgress progress) {
        MavenSettings settings = MavenSettings.read(request.settings());
        Path local = request.localRepo() != null ? request.localRepo() : settings.localRepositoryPath();
        boolean offline = request.offline() || settings.offline();
        KeptDependencies kept = new KeptDependencies();
        KeptDependencies mixed = new KeptDependencies();
        SessionBuilderSupplier defaults = new SessionBuilderSupplier(system);
        try (CloseableSession session = defaults.get()
                .setSystemProperties(System.getProperties())
                // "simple": whatever is in the local repository is used, wherever it was downloaded from.
                .withLocalRepositories(new LocalRepository(local, "simple"))
                .setOffline(offline)
                .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
                // Do not remember failures: a retry after fixing the network must try again.
                .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(false, false))
                .setMirrorSelector(SettingsSelectors.mirrors(settings))
                .setProxySelector(SettingsSelectors.proxies(settings))
                .setAuthenticationSelector(SettingsSelectors.authentication(settings))
                .setTransferListener(new ProgressListener(progress))
                .setDependencySelector(new AndDependencySelector(defaults.getDependencySelector(),
                        new KernelProvidedSelector(request.provided(),
                        KernelProvidedSelector.groupVersions(request.provided()), kept, mixed, "")))
                .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, 10_000)
                .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, 60_000)
                .setConfigProperty(ConfigurationProperties.HTTP_RETRY_HANDLER_COUNT, 1)
                // Resolver 2 fetches each repository's prefix list (.meta/prefixes.txt) before anything else:
                // a network round trip even when the local repository has everything (offline first).
                .setConfigProperty("aether.remoteRepositoryFilter.prefixes", false)
                .build()) {
            List<RemoteRepository> repositories = new ArrayList<>();
            for (Repository r : request.repositories()) {
                repositories.add(new RemoteRepository.Builder(r.id(), "default", r.url()).build());
            }
            repositories.add(new RemoteRepository.Builder("central", "default", CENTRAL_URL).build());
            repositories = system.newResolutionRepositories(session, repositories);

            CollectRequest collect = new CollectRequest();
            collect.setRepositories(repositories);
            for (fr.carnets.kernel.maven.Dependency d : request.dependencies()) {
                Coordinate c = d.coordinate();
                String kernelVersion = request.provided().get(c.key());
                if (kernelVersion != null) {
                    kept.add(new Resolution.Kept(c.key(), c.version(), kernelVersion, ""));
                    continue;
                }
                List<Exclusion> exclusions = new ArrayList<>();
                for (String ex : d.exclusions()) {
                    String[] ga = ex.split(":", 2);
                    exclusions.add(new Exclusion(ga[0], ga.length > 1 ? ga[1] : "*", "*", "*"));
                }
                collect.addDependency(new Dependency(new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(),
                        c.extension(), c.version()), "compile", false, exclusions));
            }
            List<Resolution.Jar> jars = new ArrayList<>();
            if (!collect.getDependencies().isEmpty()) {
                List<ArtifactResult> results;
                try {
                    results = system.resolveDependencies(session, new DependencyRequest(collect, null)).getArtifactResults();
                } catch (DependencyResolutionException e) {
                    throw Failures.explain(e, repositories, local, offline, request.settings());
                }
                for (ArtifactResult r : results) {
                    Artifact a = r.getArtifact();
                    if (a != null && a.getPath() != null && a.getPath().toString().endsWith(".jar")) {
                        jars.add(new Resolution.Jar(a.toString(), a.getPath()));
                    }
                }
            }
            return new Resolution(jars, kept.list(), mixed.list(), local);
        } catch (RuntimeException e) {
            if (e instanceof fr.carnets.kernel.magic.MagicError) {
                throw e;
            }
            throw Failures.explain(e, List.of(), local, offline, request.settings());
        }
    }
}
