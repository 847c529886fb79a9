package io.objsync.ticket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The URL forms of a ticket, for links and QR codes.
 *
 * <ul>
 *   <li>Canonical: {@code objsync:<ticket>}, an opaque URI like {@code mailto:} (the ticket is not a host name,
 *       which is length-limited and case-folded).</li>
 *   <li>Also accepted: {@code objsync://<ticket>} (with an optional trailing {@code /}), and any
 *       {@code http(s)} URL with a {@code ticket} query parameter, e.g.
 *       {@code https://example.org/open?ticket=<ticket>}, for web pages that forward to an app.</li>
 * </ul>
 */
public final class TicketUrl {

    /** The URI scheme. */
    public static final String SCHEME = "objsync";

    private TicketUrl() {
    }

    /** The canonical URL of {@code ticket}: {@code objsync:<ticket>}. */
    public static String of(Ticket ticket) {
        return SCHEME + ":" + Objects.requireNonNull(ticket, "ticket");
    }

    /**
     * The ticket string inside any accepted URL form, or {@code text} itself (trimmed) when it is no URL.
     * The result is not checked: parse it with {@link Ticket#parse(String)} or the kind's {@code parse}.
     *
     * @throws TicketFormatException when an http(s) URL has no {@code ticket} parameter or a malformed one
     */
    public static String unwrap(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith(SCHEME + "://")) {
            String rest = t.substring(SCHEME.length() + 3);
            return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        }
        if (lower.startsWith(SCHEME + ":")) {
            return t.substring(SCHEME.length() + 1);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int q = t.indexOf('?');
            int end = t.indexOf('#') < 0 ? t.length() : t.indexOf('#');
            if (q >= 0 && q < end) {
                for (String param : t.substring(q + 1, end).split("&")) {
                    if (param.startsWith("ticket=")) {
                        try {
                            return URLDecoder.decode(param.substring(7), StandardCharsets.UTF_8);
                        } catch (IllegalArgumentException e) { // a '%' not followed by two hex digits
                            throw new TicketFormatException(TicketFormatException.Reason.INVALID,
                                    "the URL's ticket parameter is not URL-encoded: " + e.getMessage(), e);
                        }
                    }
                }
            }
            throw new TicketFormatException(TicketFormatException.Reason.WRONG_KIND,
                    "the URL has no 'ticket' query parameter: " + t);
        }
        return t;
    }
}
