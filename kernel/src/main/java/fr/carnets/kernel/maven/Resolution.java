package fr.carnets.kernel.maven;

import java.nio.file.Path;
import java.util.List;

/**
 * What a resolution found.
 *
 * @param jars      the files to add to the classpath, the requested ones and their dependencies
 * @param kept      libraries the kernel already has, left out (with the version that was asked)
 * @param mixed     libraries loaded in another version than the kernel's for the same group (DL4J's
 *                  modules move together: dl4j-spark 1.0.0-M2 brings deeplearning4j-core 1.0.0-M2 next
 *                  to the kernel's 1.0.0-M2.1); kernelVersion is then the group's version in the kernel
 * @param localRepo the local repository that was used
 */
public record Resolution(List<Jar> jars, List<Kept> kept, List<Kept> mixed, Path localRepo) {

    public record Jar(String coordinates, Path file) {
    }

    /** A dependency left out because the kernel has the library: {@code requested} by {@code requestedBy}. */
    public record Kept(String key, String requested, String kernelVersion, String requestedBy) {
        public boolean sameVersion() {
            return requested.equals(kernelVersion);
        }
    }
}
