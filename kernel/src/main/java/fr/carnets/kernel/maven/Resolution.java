package fr.carnets.kernel.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * What a resolution found.
 *
 * @param jars      the files to add to the classpath, the requested ones and their dependencies
 * @param kept      libraries the kernel already has, left out (with the version that was asked)
 * @param localRepo the local repository that was used
 */
public record Resolution(List<Jar> jars, List<Kept> kept, Path localRepo) {

    public record Jar(String coordinates, Path file) {
    }

    /** A dependency left out because the kernel has the library: {@code requested} by {@code requestedBy}. */
    public record Kept(String key, String requested, String kernelVersion, String requestedBy) {
        public boolean sameVersion() {
            return requested.equals(kernelVersion);
        }
    }
}
