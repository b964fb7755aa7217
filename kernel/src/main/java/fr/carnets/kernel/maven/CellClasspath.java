package fr.carnets.kernel.maven;

import java.io.PrintStream;
import java.net.URL;
import java.util.List;

/** What {@link Maven} needs of the kernel it loads jars into (the kernel implements it; this package never names the kernel). */
public interface CellClasspath {
    /** The running cell's output. */
    PrintStream out();

    /** Jars and folders added to the cells' classpath so far (%classpath, an earlier %maven). */
    URL[] addedToClasspath();

    /** Adds jars or folders to the cells' classpath in one batch, then installs the extensions found in them. */
    ClasspathAddition addToClasspath(List<String> entries);
}
