package io.objsync.net;

import java.io.IOException;

/**
 * The peer closed the connection a stream ran on. When {@link #unanswered()}, nothing of the peer's answer had
 * reached the stream: the peer never served the request (a server that takes one stream per connection, such as
 * iroh-docs, closes a reused connection this way), so a request that is safe to repeat can be sent again on a new
 * connection.
 */
public final class ConnectionClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean unanswered;

    /** A close described by {@code message}; {@code unanswered} when the stream had received nothing. */
    public ConnectionClosedException(String message, boolean unanswered) {
        super(message);
        this.unanswered = unanswered;
    }

    /** Whether nothing of the peer's answer had arrived on the stream when the connection closed. */
    public boolean unanswered() {
        return unanswered;
    }
}
