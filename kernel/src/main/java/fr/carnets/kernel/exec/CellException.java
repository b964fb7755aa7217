package fr.carnets.kernel.exec;

/** An exception thrown by cell code (kept as the original object), or a French message about the cell. */
public final class CellException extends RuntimeException {

    public CellException(Throwable cause) {
        super(cause.toString(), cause, false, false);
    }

    public CellException(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** True when the cell was stopped by the learner. */
    public boolean isInterruption() {
        return getCause() instanceof CellGuard.CellInterrupted
                || (getCause() != null && getCause().getClass().getName().equals("java.lang.ThreadDeath"));
    }
}
