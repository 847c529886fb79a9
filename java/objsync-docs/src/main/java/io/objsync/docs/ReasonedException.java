package io.objsync.docs;

/**
 * A documents error that names its cause with an enum constant, so callers branch on the subclass's
 * {@code reason()} rather than on message text.
 */
public abstract class ReasonedException extends DocsException {
    private static final long serialVersionUID = 1L;

    private final Enum<?> reason;

    /** An error for {@code reason}, with a message and an optional cause. */
    protected ReasonedException(Enum<?> reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** The reason, for the subclass's typed accessor. */
    protected final Enum<?> reasonConstant() {
        return reason;
    }
}
