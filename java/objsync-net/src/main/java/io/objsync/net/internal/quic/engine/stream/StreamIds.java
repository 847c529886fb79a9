package io.objsync.net.internal.quic.engine.stream;

/**
 * Stream id arithmetic (RFC 9000 section 2.1): bit 0 says who opened the stream (0 client, 1 server), bit 1 its
 * direction (0 bidirectional, 1 unidirectional), and the rest is its index among the streams of that type.
 */
public final class StreamIds {

    /** The largest stream id: ids are variable-length integers (RFC 9000 section 16). */
    public static final long MAX_STREAM_ID = (1L << 62) - 1;
    /** The largest stream count a MAX_STREAMS or STREAMS_BLOCKED frame may carry (RFC 9000 section 19.11). */
    public static final long MAX_STREAMS = 1L << 60;

    private static final long SERVER_BIT = 0x1;
    private static final long UNIDIRECTIONAL_BIT = 0x2;

    private StreamIds() {
    }

    /** Whether the server opened stream {@code id}. */
    public static boolean isServerInitiated(long id) {
        return (id & SERVER_BIT) != 0;
    }

    /** Whether the endpoint that is (or is not) the {@code server} opened stream {@code id}. */
    public static boolean isLocal(long id, boolean server) {
        return isServerInitiated(id) == server;
    }

    /** Whether stream {@code id} carries data one way only. */
    public static boolean isUnidirectional(long id) {
        return (id & UNIDIRECTIONAL_BIT) != 0;
    }

    /** The index of stream {@code id} among the streams of its type: 0 for the first one opened. */
    public static long index(long id) {
        return id >>> 2;
    }

    /** The id of the stream with {@code index} of the type that {@code serverInitiated} and {@code unidirectional} name. */
    public static long id(long index, boolean serverInitiated, boolean unidirectional) {
        return index << 2 | (unidirectional ? UNIDIRECTIONAL_BIT : 0) | (serverInitiated ? SERVER_BIT : 0);
    }
}
