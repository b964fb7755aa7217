package fr.carnets.dl;

/** An error a learner can fix; its message (in French) says what is wrong and how to fix it. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
