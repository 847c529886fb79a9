package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.QuicTransportException;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts one encryption level's CRYPTO stream (in order, as its reassembly hands it over) into whole TLS handshake
 * messages (type, 24-bit length, body), since a message may span CRYPTO frames and packets and a frame may carry
 * several. Holds at most {@code limit} bytes of an unfinished message: a peer announcing a longer one is closed
 * with CRYPTO_BUFFER_EXCEEDED (RFC 9000 7.5) instead of being buffered. One thread at a time.
 */
public final class HandshakeMessageFramer {

    /** RFC 9000 20.1: more CRYPTO data buffered than the endpoint allows. */
    public static final long CRYPTO_BUFFER_EXCEEDED = 0x0d;

    /** Receives each whole message (header included); the buffer is only valid during the call. */
    @FunctionalInterface
    public interface MessageHandler {
        /** Handles one message. */
        void onMessage(ByteBuffer message) throws Exception;
    }

    private static final int HEADER = 4;

    private final int limit;
    private byte[] pending = new byte[256];
    private int pendingLength;

    /** A framer that refuses messages longer than {@code limit} bytes, header included. */
    public HandshakeMessageFramer(int limit) {
        if (limit < HEADER) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
    }

    /**
     * Takes the next {@code len} bytes of the stream and hands every message they complete to {@code handler},
     * in order.
     *
     * @throws QuicTransportException CRYPTO_BUFFER_EXCEEDED for a message above the limit
     * @throws Exception whatever {@code handler} throws (the TLS engine's alerts)
     */
    public void accept(byte[] buf, int off, int len, MessageHandler handler) throws Exception {
        int end = off + len;
        while (off < end) {
            if (pendingLength == 0) {
                // the common case: whole messages straight from the caller's buffer, no copy
                int whole = wholeMessageLength(buf, off, end);
                if (whole > 0) {
                    handler.onMessage(ByteBuffer.wrap(buf, off, whole).slice());
                    off += whole;
                    continue;
                }
            }
            int need = pendingLength < HEADER ? HEADER - pendingLength : messageLength(pending, 0) - pendingLength;
            int take = Math.min(need, end - off);
            append(buf, off, take);
            off += take;
            if (pendingLength >= HEADER && pendingLength == messageLength(pending, 0)) {
                int length = pendingLength;
                pendingLength = 0;
                handler.onMessage(ByteBuffer.wrap(pending, 0, length).slice());
            }
        }
    }

    /** Whether the stream is between messages (nothing unfinished held). */
    public boolean atMessageBoundary() {
        return pendingLength == 0;
    }

    /** The whole message's length if one starts at {@code off} and ends before {@code end}, else 0. */
    private int wholeMessageLength(byte[] buf, int off, int end) throws QuicTransportException {
        if (end - off < HEADER) {
            return 0;
        }
        int length = messageLength(buf, off);
        return length <= end - off ? length : 0;
    }

    private int messageLength(byte[] buf, int off) throws QuicTransportException {
        int body = ((buf[off + 1] & 0xff) << 16) | ((buf[off + 2] & 0xff) << 8) | (buf[off + 3] & 0xff);
        if (body > limit - HEADER) {
            throw new QuicTransportException(CRYPTO_BUFFER_EXCEEDED, 0x06,
                    "a " + body + "-byte handshake message is over the " + limit + "-byte limit");
        }
        return HEADER + body;
    }

    private void append(byte[] buf, int off, int len) {
        if (pendingLength + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(limit, Math.max(pending.length * 2, pendingLength + len)));
        }
        System.arraycopy(buf, off, pending, pendingLength, len);
        pendingLength += len;
    }
}
