package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.maven.Resolution;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.DependencyCollectionContext;
import org.eclipse.aether.collection.DependencySelector;
import org.eclipse.aether.graph.Dependency;

import java.util.Map;
import java.util.Objects;

/**
 * Leaves out, while the graph is collected, every library the kernel already has (and so what it would
 * bring): one JVM cannot hold two versions of a class, and the kernel's own code needs its version.
 * Nothing of a left-out library is downloaded, not even its POM.
 */
final class KernelProvidedSelector implements DependencySelector {

    private final Map<String, String> provided;
    private final KeptDependencies kept;
    private final String parent;

    KernelProvidedSelector(Map<String, String> provided, KeptDependencies kept, String parent) {
        this.provided = provided;
        this.kept = kept;
        this.parent = parent;
    }

    @Override
    public boolean selectDependency(Dependency dependency) {
        Artifact a = dependency.getArtifact();
        String key = a.getGroupId() + ":" + a.getArtifactId();
        String version = provided.get(key);
        if (version == null) {
            return true;
        }
        kept.add(new Resolution.Kept(key, a.getVersion(), version, parent));
        return false;
    }

    @Override
    public DependencySelector deriveChildSelector(DependencyCollectionContext context) {
        Dependency d = context.getDependency();
        String p = d == null ? "" : d.getArtifact().getGroupId() + ":" + d.getArtifact().getArtifactId() + ":"
                + d.getArtifact().getVersion();
        return p.equals(parent) ? this : new KernelProvidedSelector(provided, kept, p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelProvidedSelector s && s.provided == provided && s.kept == kept && s.parent.equals(parent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(provided), parent);
    }
}
