package io.objsync.ticket;

/**
 * A string that is not a valid ticket. {@link #reason()} says what is wrong, for callers that react
 * differently (for example, a wrong kind means "this is a doc ticket, not a blob ticket").
 */
public final class TicketFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What made the ticket unreadable. */
    public enum Reason {
        /** The string does not start with the expected kind ({@code blob}, {@code doc}). */
        WRONG_KIND,
        /** The part after the kind is not lowercase or uppercase RFC 4648 base32 without padding. */
        BAD_BASE32,
        /** The bytes end before the ticket does. */
        TRUNCATED,
        /** Bytes follow a complete ticket. */
        TRAILING_BYTES,
        /** An enum tag (ticket variant, capability, address kind, blob format) this version does not know. */
        UNKNOWN_VARIANT,
        /** Structurally complete but invalid: a key that is not a curve point, no nodes, a bad URL. */
        INVALID
    }

    private final Reason reason;

    /** A failure for {@code reason} with a message that says where. */
    public TicketFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A failure for {@code reason} caused by {@code cause}. */
    public TicketFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What made the ticket unreadable. */
    public Reason reason() {
        return reason;
    }
}
