package io.objsync.net.internal.quic.engine.packet;

import io.objsync.net.internal.quic.engine.QuicTransportException;

/**
 * Counts received packets that failed authentication against the AEAD's integrity limit (RFC 9001 section
 * 6.6); past it the connection must close with AEAD_LIMIT_REACHED and process no more packets. Shared by the
 * openers whose failures count together. Not thread-safe.
 */
final class AuthenticationFailures {

    private final long limit;
    private long count;

    /** A counter that trips once more than {@code limit} failures were recorded. */
    AuthenticationFailures(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("integrity limit " + limit);
        }
        this.limit = limit;
    }

    /** Records one failure; throws if that takes the count past the limit. */
    void record() throws QuicTransportException {
        count++;
        checkNotExceeded();
    }

    /** Throws if the limit was exceeded, so that no more packets are opened. */
    void checkNotExceeded() throws QuicTransportException {
        if (count > limit) {
            throw new QuicTransportException(QuicTransportException.AEAD_LIMIT_REACHED, 0,
                    count + " packets failed authentication, more than the integrity limit " + limit);
        }
    }

    /** Failures recorded so far. */
    long count() {
        return count;
    }
}
