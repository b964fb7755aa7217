package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.maven.Resolution;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.DependencyCollectionContext;
import org.eclipse.aether.collection.DependencySelector;
import org.eclipse.aether.graph.Dependency;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Leaves out, while the graph is collected, every library the kernel already has (and so what it would
 * bring): one JVM cannot hold two versions of a class, and the kernel's own code needs its version.
 * Nothing of a left-out library is downloaded, not even its POM.
 */
final class KernelProvidedSelector implements DependencySelector {

    private final Map<String, String> provided;
    private final Map<String, String> groups;
    private final KeptDependencies kept;
    private final KeptDependencies mixed;
    private final String parent;

    /** @param groups group to version, for the groups whose artifacts all have one version in the kernel */
    KernelProvidedSelector(Map<String, String> provided, Map<String, String> groups, KeptDependencies kept,
                           KeptDependencies mixed, String parent) {
        this.provided = provided;
        this.groups = groups;
        this.kept = kept;
        this.mixed = mixed;
        this.parent = parent;
    }

    /** group to version, for the groups all of whose kernel artifacts share a version (org.nd4j: 1.0.0-M2.1). */
    static Map<String, String> groupVersions(Map<String, String> provided) {
        Map<String, String> out = new java.util.HashMap<>();
        Set<String> mixedGroups = new java.util.HashSet<>();
        provided.forEach((key, version) -> {
            String g = key.substring(0, key.indexOf(':'));
            String old = out.putIfAbsent(g, version);
            if (old != null && !old.equals(version)) {
                mixedGroups.add(g);
            }
        });
        mixedGroups.forEach(out::remove);
        return out;
    }

    @Override
    public boolean selectDependency(Dependency dependency) {
        Artifact a = dependency.getArtifact();
        String key = a.getGroupId() + ":" + a.getArtifactId();
        String version = provided.get(key);
        if (version == null) {
            String groupVersion = groups.get(a.getGroupId());
            if (groupVersion != null && !groupVersion.equals(a.getVersion()) && !a.getVersion().isEmpty()) {
                mixed.add(new Resolution.Kept(key, a.getVersion(), groupVersion, parent));
            }
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
        return p.equals(parent) ? this : new KernelProvidedSelector(provided, groups, kept, mixed, p);
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
