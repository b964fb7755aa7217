package fr.carnets.kernel.maven;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to resolve and how.
 *
 * @param provided   group:artifact to version of the libraries the kernel already has: never loaded twice
 * @param settings   the user's settings.xml (may not exist)
 * @param localRepo  the local repository to use, or null for the settings' one (else ~/.m2/repository)
 */
public record ResolveRequest(List<Dependency> dependencies, List<Repository> repositories, boolean offline,
                             Map<String, String> provided, Path settings, Path localRepo) {
    public ResolveRequest {
        dependencies = List.copyOf(dependencies);
        repositories = List.copyOf(repositories);
        provided = Map.copyOf(provided);
    }
}
