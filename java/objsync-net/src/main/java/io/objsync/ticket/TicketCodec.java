package io.objsync.ticket;

import io.objsync.internal.Base32;
import io.objsync.internal.postcard.PostcardException;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.net.internal.AddrWire;
import io.objsync.ticket.TicketFormatException.Reason;

import java.util.Locale;

/** The string form shared by all tickets, and the mapping of decoding failures to typed reasons. */
final class TicketCodec {

    /** Reads a ticket's fields from a reader over its bytes. */
    interface Body<T> {
        T read(PostcardReader r);
    }

    private TicketCodec() {
    }

    static boolean hasKind(String text, String kind) {
        return text.regionMatches(true, 0, kind, 0, kind.length());
    }

    static String format(String kind, byte[] bytes) {
        return kind + Base32.encode(bytes);
    }

    /**
     * Strips {@code kind}, decodes the base32 and reads the bytes with {@code body}, which must consume them all.
     * Unlike postcard's {@code from_bytes}, trailing bytes are refused, so one ticket has one string form.
     */
    static <T> T parse(String text, String kind, Body<T> body) {
        return read(new PostcardReader(decode(text, kind)), kind, body);
    }

    /** Strips {@code kind} (and a URL form around the ticket) and decodes the base32. */
    static byte[] decode(String text, String kind) {
        String t = TicketUrl.unwrap(text);
        if (!hasKind(t, kind)) {
            throw new TicketFormatException(Reason.WRONG_KIND, "not a " + kind + " ticket: it must start with '"
                    + kind + "'" + (t.isEmpty() ? "" : ", found '" + t.substring(0, Math.min(t.length(), 8)) + "...'"));
        }
        try {
            return Base32.decode(t.substring(kind.length()));
        } catch (IllegalArgumentException e) {
            throw new TicketFormatException(Reason.BAD_BASE32, kind + " ticket: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a ticket's bytes with {@code body}, which must consume them all, mapping every decoding failure to
     * a typed {@link TicketFormatException}; {@code r}'s position then tells how far the bytes made sense.
     */
    static <T> T read(PostcardReader r, String kind, Body<T> body) {
        T value;
        try {
            value = body.read(r);
        } catch (AddrWire.UnknownVariantException e) {
            throw new TicketFormatException(Reason.UNKNOWN_VARIANT, kind + " ticket: " + e.getMessage(), e);
        } catch (PostcardException e) {
            throw new TicketFormatException(classify(e), kind + " ticket: " + e.getMessage(), e);
        } catch (TicketFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TicketFormatException(Reason.INVALID, kind + " ticket: " + e.getMessage(), e);
        }
        if (r.remaining() > 0) {
            throw new TicketFormatException(Reason.TRAILING_BYTES, kind + " ticket: " + r.remaining()
                    + " bytes after the end of the ticket (at byte " + r.position() + ")");
        }
        return value;
    }

    /** Reads an enum tag below {@code known}; a larger one is an {@link Reason#UNKNOWN_VARIANT}. */
    static int variant(PostcardReader r, int known, String what) {
        int at = r.position();
        long v = r.u32();
        if (v >= known) {
            throw new TicketFormatException(Reason.UNKNOWN_VARIANT, "unknown " + what + " " + v + " (at byte " + at
                    + "; this version knows " + known + ")");
        }
        return (int) v;
    }

    // The reader's messages for running out of input ("ends inside", "exceeds the ... bytes left").
    private static Reason classify(PostcardException e) {
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("ends inside") || m.contains("bytes left") ? Reason.TRUNCATED : Reason.INVALID;
    }
}
