package fr.carnets.kernel;

/** The kernel's version, from the jar manifest (or "dev" when run from classes). */
final class KernelVersion {
    private KernelVersion() {
    }

    static String get() {
        Package p = KernelVersion.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
