package fr.carnets.magics;

/**
 * A learner's mistake in a magic line (unknown option, missing argument, unknown layer...), with
 * a French message saying what to write instead. No stack trace: the message is the whole story.
 */
public class MagicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MagicException(String message) {
        super(message, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
