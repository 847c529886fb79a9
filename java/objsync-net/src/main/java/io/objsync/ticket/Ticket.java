package io.objsync.ticket;

/**
 * Everything needed to fetch something from a node, as one pasteable string: a lowercase kind prefix
 * ({@code blob}, {@code doc}) and the lowercase unpadded RFC 4648 base32 of the postcard bytes, byte-compatible
 * with iroh-tickets 0.4. {@link TicketUrl} wraps a ticket in a URL; {@link TicketQr} draws it for a terminal.
 */
public sealed interface Ticket permits BlobTicket, DocTicket {

    /** The kind prefix of the string form. */
    String kind();

    /** The postcard bytes (without the kind). */
    byte[] toBytes();

    /** The string form: kind, then base32 of {@link #toBytes()}. */
    @Override
    String toString();

    /**
     * Parses any ticket, bare or in one of the {@linkplain TicketUrl URL forms}; the kind picks the type.
     *
     * @throws TicketFormatException when it is no ticket of a known kind or is malformed
     */
    static Ticket parse(String text) {
        String t = TicketUrl.unwrap(text);
        if (TicketCodec.hasKind(t, BlobTicket.KIND)) {
            return BlobTicket.parse(t);
        }
        if (TicketCodec.hasKind(t, DocTicket.KIND)) {
            return DocTicket.parse(t);
        }
        throw new TicketFormatException(TicketFormatException.Reason.WRONG_KIND,
                "not a ticket: expected a '" + BlobTicket.KIND + "' or '" + DocTicket.KIND + "' prefix");
    }
}
