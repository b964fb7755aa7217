package fr.carnets.kernel.maven;

/**
 * Resolves dependencies transitively into jar files. The implementation (Apache Maven Resolver) lives
 * in its own class loader, created on the first use ({@link ResolverLoader}).
 */
public interface DependencyResolver {

    /** @throws fr.carnets.kernel.magic.MagicError with a French message that says what to do */
    Resolution resolve(ResolveRequest request, TransferProgress progress);
}
