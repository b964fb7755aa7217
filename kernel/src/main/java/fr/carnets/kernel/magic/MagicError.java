package fr.carnets.kernel.magic;

/** A magic used wrongly: the message says in French what to do. */
public final class MagicError extends RuntimeException {
    public MagicError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
