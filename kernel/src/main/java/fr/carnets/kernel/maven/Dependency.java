package fr.carnets.kernel.maven;

import java.util.List;

/** A dependency to resolve: its coordinates and the group:artifact patterns it excludes (* allowed). */
public record Dependency(Coordinate coordinate, List<String> exclusions) {
    public Dependency {
        exclusions = List.copyOf(exclusions);
    }

    public static Dependency of(Coordinate c) {
        return new Dependency(c, List.of());
    }
}
