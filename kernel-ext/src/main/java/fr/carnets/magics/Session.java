package fr.carnets.magics;

/**
 * Where a magic runs its Java: the kernel (fr.carnets.ext.KernelSession, over jjava-jupyter's
 * public API, so the magics work in any JJava kernel) or, in unit tests, a recorder. This package
 * never sees Jupyter itself.
 */
public interface Session {
    /** Evaluates Java source as a cell would (declarations stay defined) and returns the last value. */
    Object eval(String java);

    /** Prints a line in the cell's output. */
    void print(String text);

    /** Shows an object in the cell's output (rendered like a cell's result). */
    void display(Object value);

    /** Names of the kernel's magics (line magics, and cell magics with "%%"), for %aide. */
    default java.util.Set<String> magicNames() {
        return java.util.Set.of();
    }
}
