package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import io.objsync.net.internal.quic.engine.frame.VarInt;
import io.objsync.net.internal.quic.engine.frame.VarIntCursor;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One endpoint's QUIC transport parameters (RFC 9000 section 18), the content of the TLS extension
 * quic_transport_parameters (57): immutable, with the RFC's defaults for everything absent. {@link #decode}
 * enforces section 18.2's rules (a parameter twice, a server-only parameter from a client, values out of range)
 * with TRANSPORT_PARAMETER_ERROR, and ignores parameters it does not know (greased ids included), as the RFC
 * requires, except max_datagram_frame_size (RFC 9221), which it keeps.
 */
public final class TransportParameters {

    static final int ORIGINAL_DESTINATION_CONNECTION_ID = 0x00;
    static final int MAX_IDLE_TIMEOUT = 0x01;
    static final int STATELESS_RESET_TOKEN = 0x02;
    static final int MAX_UDP_PAYLOAD_SIZE = 0x03;
    static final int INITIAL_MAX_DATA = 0x04;
    static final int INITIAL_MAX_STREAM_DATA_BIDI_LOCAL = 0x05;
    static final int INITIAL_MAX_STREAM_DATA_BIDI_REMOTE = 0x06;
    static final int INITIAL_MAX_STREAM_DATA_UNI = 0x07;
    static final int INITIAL_MAX_STREAMS_BIDI = 0x08;
    static final int INITIAL_MAX_STREAMS_UNI = 0x09;
    static final int ACK_DELAY_EXPONENT = 0x0a;
    static final int MAX_ACK_DELAY = 0x0b;
    static final int DISABLE_ACTIVE_MIGRATION = 0x0c;
    static final int PREFERRED_ADDRESS = 0x0d;
    static final int ACTIVE_CONNECTION_ID_LIMIT = 0x0e;
    static final int INITIAL_SOURCE_CONNECTION_ID = 0x0f;
    static final int RETRY_SOURCE_CONNECTION_ID = 0x10;
    static final int MAX_DATAGRAM_FRAME_SIZE = 0x20;

    /** The largest UDP payload QUIC allows (RFC 9000 18.2): the default of max_udp_payload_size. */
    public static final int MAX_UDP_PAYLOAD = 65527;

    private static final int MAX_CID = 20;
    private static final int RESET_TOKEN = 16;
    private static final long MAX_STREAMS = 1L << 60;

    private final long maxIdleTimeoutMillis;
    private final long maxUdpPayloadSize;
    private final long initialMaxData;
    private final long initialMaxStreamDataBidiLocal;
    private final long initialMaxStreamDataBidiRemote;
    private final long initialMaxStreamDataUni;
    private final long initialMaxStreamsBidi;
    private final long initialMaxStreamsUni;
    private final int ackDelayExponent;
    private final long maxAckDelayMillis;
    private final boolean disableActiveMigration;
    private final long activeConnectionIdLimit;
    private final long maxDatagramFrameSize;
    private final byte[] originalDestinationConnectionId;
    private final byte[] initialSourceConnectionId;
    private final byte[] retrySourceConnectionId;
    private final byte[] statelessResetToken;

    private TransportParameters(Builder b) {
        maxIdleTimeoutMillis = b.maxIdleTimeoutMillis;
        maxUdpPayloadSize = b.maxUdpPayloadSize;
        initialMaxData = b.initialMaxData;
        initialMaxStreamDataBidiLocal = b.initialMaxStreamDataBidiLocal;
        initialMaxStreamDataBidiRemote = b.initialMaxStreamDataBidiRemote;
        initialMaxStreamDataUni = b.initialMaxStreamDataUni;
        initialMaxStreamsBidi = b.initialMaxStreamsBidi;
        initialMaxStreamsUni = b.initialMaxStreamsUni;
        ackDelayExponent = b.ackDelayExponent;
        maxAckDelayMillis = b.maxAckDelayMillis;
        disableActiveMigration = b.disableActiveMigration;
        activeConnectionIdLimit = b.activeConnectionIdLimit;
        maxDatagramFrameSize = b.maxDatagramFrameSize;
        originalDestinationConnectionId = copy(b.originalDestinationConnectionId);
        initialSourceConnectionId = copy(b.initialSourceConnectionId);
        retrySourceConnectionId = copy(b.retrySourceConnectionId);
        statelessResetToken = copy(b.statelessResetToken);
    }

    /** A builder starting from the RFC's defaults (every limit 0, no connection ids). */
    public static Builder builder() {
        return new Builder();
    }

    /** Milliseconds of idle time after which the sender closes; 0 = no timeout. */
    public long maxIdleTimeoutMillis() {
        return maxIdleTimeoutMillis;
    }

    /** The largest UDP payload the sender is willing to receive (at least 1200). */
    public long maxUdpPayloadSize() {
        return maxUdpPayloadSize;
    }

    /** The initial connection-level flow control limit. */
    public long initialMaxData() {
        return initialMaxData;
    }

    /** The initial limit for bidirectional streams the sender opens. */
    public long initialMaxStreamDataBidiLocal() {
        return initialMaxStreamDataBidiLocal;
    }

    /** The initial limit for bidirectional streams the receiver of these parameters opens. */
    public long initialMaxStreamDataBidiRemote() {
        return initialMaxStreamDataBidiRemote;
    }

    /** The initial limit for unidirectional streams the receiver of these parameters opens. */
    public long initialMaxStreamDataUni() {
        return initialMaxStreamDataUni;
    }

    /** How many bidirectional streams the receiver of these parameters may open. */
    public long initialMaxStreamsBidi() {
        return initialMaxStreamsBidi;
    }

    /** How many unidirectional streams the receiver of these parameters may open. */
    public long initialMaxStreamsUni() {
        return initialMaxStreamsUni;
    }

    /** The exponent that scales ACK delays the sender writes (0-20). */
    public int ackDelayExponent() {
        return ackDelayExponent;
    }

    /** The longest the sender delays an acknowledgement, in milliseconds (below 2^14). */
    public long maxAckDelayMillis() {
        return maxAckDelayMillis;
    }

    /** Whether the sender refuses connection migration. */
    public boolean disableActiveMigration() {
        return disableActiveMigration;
    }

    /** How many connection ids of the receiver's the sender keeps (at least 2). */
    public long activeConnectionIdLimit() {
        return activeConnectionIdLimit;
    }

    /** The largest DATAGRAM frame the sender receives (RFC 9221), or -1 when it takes none. */
    public long maxDatagramFrameSize() {
        return maxDatagramFrameSize;
    }

    /** The server's copy of the client's first destination connection id, or null (client's parameters). */
    public byte[] originalDestinationConnectionId() {
        return copy(originalDestinationConnectionId);
    }

    /** The source connection id of the sender's first Initial packet, or null if absent. */
    public byte[] initialSourceConnectionId() {
        return copy(initialSourceConnectionId);
    }

    /** The connection id of the server's Retry, or null when there was none. */
    public byte[] retrySourceConnectionId() {
        return copy(retrySourceConnectionId);
    }

    /** The server's 16-byte stateless reset token, or null. */
    public byte[] statelessResetToken() {
        return copy(statelessResetToken);
    }

    /** The parameters as the extension's content, each parameter only when it differs from its default. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        putBytes(out, ORIGINAL_DESTINATION_CONNECTION_ID, originalDestinationConnectionId);
        putNumber(out, MAX_IDLE_TIMEOUT, maxIdleTimeoutMillis, 0);
        putBytes(out, STATELESS_RESET_TOKEN, statelessResetToken);
        putNumber(out, MAX_UDP_PAYLOAD_SIZE, maxUdpPayloadSize, MAX_UDP_PAYLOAD);
        putNumber(out, INITIAL_MAX_DATA, initialMaxData, 0);
        putNumber(out, INITIAL_MAX_STREAM_DATA_BIDI_LOCAL, initialMaxStreamDataBidiLocal, 0);
        putNumber(out, INITIAL_MAX_STREAM_DATA_BIDI_REMOTE, initialMaxStreamDataBidiRemote, 0);
        putNumber(out, INITIAL_MAX_STREAM_DATA_UNI, initialMaxStreamDataUni, 0);
        putNumber(out, INITIAL_MAX_STREAMS_BIDI, initialMaxStreamsBidi, 0);
        putNumber(out, INITIAL_MAX_STREAMS_UNI, initialMaxStreamsUni, 0);
        putNumber(out, ACK_DELAY_EXPONENT, ackDelayExponent, 3);
        putNumber(out, MAX_ACK_DELAY, maxAckDelayMillis, 25);
        if (disableActiveMigration) {
            putBytes(out, DISABLE_ACTIVE_MIGRATION, new byte[0]);
        }
        putNumber(out, ACTIVE_CONNECTION_ID_LIMIT, activeConnectionIdLimit, 2);
        putBytes(out, INITIAL_SOURCE_CONNECTION_ID, initialSourceConnectionId);
        putBytes(out, RETRY_SOURCE_CONNECTION_ID, retrySourceConnectionId);
        putNumber(out, MAX_DATAGRAM_FRAME_SIZE, maxDatagramFrameSize, -1);
        return out.toByteArray();
    }

    /**
     * Parses a peer's parameters from the extension's content.
     *
     * @param fromServer whether the peer is the server (only a server may send the server-only parameters)
     * @throws QuicTransportException TRANSPORT_PARAMETER_ERROR for anything section 18.2 forbids
     */
    public static TransportParameters decode(byte[] buf, int offset, int length, boolean fromServer)
            throws QuicTransportException {
        VarIntCursor in = new VarIntCursor();
        in.reset(buf, offset, offset + length);
        Builder b = new Builder();
        long seen = 0; // one bit per known id, to find duplicates
        while (in.remaining() > 0) {
            long id = in.readVarInt();
            long size = in.readVarInt();
            if (id < 0 || size < 0 || size > in.remaining()) {
                throw error("truncated transport parameter");
            }
            int start = in.pos();
            int end = start + (int) size;
            if (id <= MAX_DATAGRAM_FRAME_SIZE) {
                long bit = 1L << id;
                if ((seen & bit) != 0) {
                    throw error("transport parameter " + id + " appears twice");
                }
                seen |= bit;
            }
            readOne(b, (int) Math.min(id, Integer.MAX_VALUE), in, end, fromServer);
            in.reset(buf, end, offset + length);
        }
        return b.build();
    }

    private static void readOne(Builder b, int id, VarIntCursor in, int end, boolean fromServer)
            throws QuicTransportException {
        switch (id) {
            case ORIGINAL_DESTINATION_CONNECTION_ID -> b.originalDestinationConnectionId =
                    serverOnly(fromServer, id, connectionId(in, end));
            case MAX_IDLE_TIMEOUT -> b.maxIdleTimeoutMillis = number(in, end);
            case STATELESS_RESET_TOKEN -> {
                byte[] token = bytes(in, end);
                if (token.length != RESET_TOKEN) {
                    throw error("stateless_reset_token must be 16 bytes, not " + token.length);
                }
                b.statelessResetToken = serverOnly(fromServer, id, token);
            }
            case MAX_UDP_PAYLOAD_SIZE -> b.maxUdpPayloadSize = atLeast(number(in, end), 1200, id);
            case INITIAL_MAX_DATA -> b.initialMaxData = number(in, end);
            case INITIAL_MAX_STREAM_DATA_BIDI_LOCAL -> b.initialMaxStreamDataBidiLocal = number(in, end);
            case INITIAL_MAX_STREAM_DATA_BIDI_REMOTE -> b.initialMaxStreamDataBidiRemote = number(in, end);
            case INITIAL_MAX_STREAM_DATA_UNI -> b.initialMaxStreamDataUni = number(in, end);
            case INITIAL_MAX_STREAMS_BIDI -> b.initialMaxStreamsBidi = atMost(number(in, end), MAX_STREAMS, id);
            case INITIAL_MAX_STREAMS_UNI -> b.initialMaxStreamsUni = atMost(number(in, end), MAX_STREAMS, id);
            case ACK_DELAY_EXPONENT -> b.ackDelayExponent = (int) atMost(number(in, end), 20, id);
            case MAX_ACK_DELAY -> b.maxAckDelayMillis = atMost(number(in, end), (1 << 14) - 1, id);
            case DISABLE_ACTIVE_MIGRATION -> {
                if (in.pos() != end) {
                    throw error("disable_active_migration must be empty");
                }
                b.disableActiveMigration = true;
            }
            case PREFERRED_ADDRESS -> serverOnly(fromServer, id, bytes(in, end)); // we never migrate to it
            case ACTIVE_CONNECTION_ID_LIMIT -> b.activeConnectionIdLimit = atLeast(number(in, end), 2, id);
            case INITIAL_SOURCE_CONNECTION_ID -> b.initialSourceConnectionId = connectionId(in, end);
            case RETRY_SOURCE_CONNECTION_ID -> b.retrySourceConnectionId =
                    serverOnly(fromServer, id, connectionId(in, end));
            case MAX_DATAGRAM_FRAME_SIZE -> b.maxDatagramFrameSize = number(in, end);
            default -> {
                // unknown (or greased) parameters are ignored, RFC 9000 18.1
            }
        }
    }

    private static long number(VarIntCursor in, int end) throws QuicTransportException {
        long value = in.readVarInt();
        if (value < 0 || in.pos() != end) {
            throw error("a numeric transport parameter must be exactly one varint");
        }
        return value;
    }

    private static byte[] bytes(VarIntCursor in, int end) {
        return Arrays.copyOfRange(in.buffer(), in.pos(), end);
    }

    private static byte[] connectionId(VarIntCursor in, int end) throws QuicTransportException {
        byte[] cid = bytes(in, end);
        if (cid.length > MAX_CID) {
            throw error("a connection id is at most 20 bytes, not " + cid.length);
        }
        return cid;
    }

    private static <T> T serverOnly(boolean fromServer, int id, T value) throws QuicTransportException {
        if (!fromServer) {
            throw error("a client must not send transport parameter " + id);
        }
        return value;
    }

    private static long atLeast(long value, long min, int id) throws QuicTransportException {
        if (value < min) {
            throw error("transport parameter " + id + " is " + value + ", below " + min);
        }
        return value;
    }

    private static long atMost(long value, long max, int id) throws QuicTransportException {
        if (value > max) {
            throw error("transport parameter " + id + " is " + value + ", above " + max);
        }
        return value;
    }

    private static QuicTransportException error(String reason) {
        return new QuicTransportException(QuicTransportException.TRANSPORT_PARAMETER_ERROR, 0, reason);
    }

    private static void putNumber(ByteArrayOutputStream out, int id, long value, long defaultValue) {
        if (value != defaultValue) {
            byte[] v = new byte[8];
            int n = VarInt.write(v, 0, value);
            putHeader(out, id, n);
            out.write(v, 0, n);
        }
    }

    private static void putBytes(ByteArrayOutputStream out, int id, byte[] value) {
        if (value != null) {
            putHeader(out, id, value.length);
            out.write(value, 0, value.length);
        }
    }

    private static void putHeader(ByteArrayOutputStream out, int id, int length) {
        byte[] h = new byte[16];
        int n = VarInt.write(h, 0, id);
        n = VarInt.write(h, n, length);
        out.write(h, 0, n);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    /** Builds {@link TransportParameters}; every setter checks the RFC's range (IllegalArgumentException). */
    public static final class Builder {
        private long maxIdleTimeoutMillis;
        private long maxUdpPayloadSize = MAX_UDP_PAYLOAD;
        private long initialMaxData;
        private long initialMaxStreamDataBidiLocal;
        private long initialMaxStreamDataBidiRemote;
        private long initialMaxStreamDataUni;
        private long initialMaxStreamsBidi;
        private long initialMaxStreamsUni;
        private int ackDelayExponent = 3;
        private long maxAckDelayMillis = 25;
        private boolean disableActiveMigration;
        private long activeConnectionIdLimit = 2;
        private long maxDatagramFrameSize = -1;
        private byte[] originalDestinationConnectionId;
        private byte[] initialSourceConnectionId;
        private byte[] retrySourceConnectionId;
        private byte[] statelessResetToken;

        private Builder() {
        }

        /** See {@link TransportParameters#maxIdleTimeoutMillis()}. */
        public Builder maxIdleTimeoutMillis(long v) {
            maxIdleTimeoutMillis = varint(v);
            return this;
        }

        /** See {@link TransportParameters#maxUdpPayloadSize()}. */
        public Builder maxUdpPayloadSize(long v) {
            maxUdpPayloadSize = range(v, 1200, VarInt.MAX);
            return this;
        }

        /** Sets all initial flow control limits: connection, each bidirectional direction and unidirectional. */
        public Builder initialLimits(long maxData, long bidiLocal, long bidiRemote, long uni) {
            initialMaxData = varint(maxData);
            initialMaxStreamDataBidiLocal = varint(bidiLocal);
            initialMaxStreamDataBidiRemote = varint(bidiRemote);
            initialMaxStreamDataUni = varint(uni);
            return this;
        }

        /** Sets how many bidirectional and unidirectional streams the peer may open. */
        public Builder initialMaxStreams(long bidi, long uni) {
            initialMaxStreamsBidi = range(bidi, 0, MAX_STREAMS);
            initialMaxStreamsUni = range(uni, 0, MAX_STREAMS);
            return this;
        }

        /** See {@link TransportParameters#ackDelayExponent()}. */
        public Builder ackDelayExponent(int v) {
            ackDelayExponent = (int) range(v, 0, 20);
            return this;
        }

        /** See {@link TransportParameters#maxAckDelayMillis()}. */
        public Builder maxAckDelayMillis(long v) {
            maxAckDelayMillis = range(v, 0, (1 << 14) - 1);
            return this;
        }

        /** See {@link TransportParameters#disableActiveMigration()}. */
        public Builder disableActiveMigration(boolean v) {
            disableActiveMigration = v;
            return this;
        }

        /** See {@link TransportParameters#activeConnectionIdLimit()}. */
        public Builder activeConnectionIdLimit(long v) {
            activeConnectionIdLimit = range(v, 2, VarInt.MAX);
            return this;
        }

        /** See {@link TransportParameters#maxDatagramFrameSize()}; -1 for none. */
        public Builder maxDatagramFrameSize(long v) {
            maxDatagramFrameSize = v == -1 ? -1 : varint(v);
            return this;
        }

        /** See {@link TransportParameters#originalDestinationConnectionId()}. */
        public Builder originalDestinationConnectionId(byte[] cid) {
            originalDestinationConnectionId = cid(cid);
            return this;
        }

        /** See {@link TransportParameters#initialSourceConnectionId()}. */
        public Builder initialSourceConnectionId(byte[] cid) {
            initialSourceConnectionId = cid(cid);
            return this;
        }

        /** See {@link TransportParameters#retrySourceConnectionId()}. */
        public Builder retrySourceConnectionId(byte[] cid) {
            retrySourceConnectionId = cid(cid);
            return this;
        }

        /** See {@link TransportParameters#statelessResetToken()}. */
        public Builder statelessResetToken(byte[] token) {
            if (token != null && token.length != RESET_TOKEN) {
                throw new IllegalArgumentException("a stateless reset token is 16 bytes");
            }
            statelessResetToken = copy(token);
            return this;
        }

        /** The parameters. */
        public TransportParameters build() {
            return new TransportParameters(this);
        }

        private static long varint(long v) {
            return range(v, 0, VarInt.MAX);
        }

        private static long range(long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is outside [" + min + ", " + max + "]");
            }
            return v;
        }

        private static byte[] cid(byte[] cid) {
            if (cid != null && cid.length > MAX_CID) {
                throw new IllegalArgumentException("a connection id is at most 20 bytes");
            }
            return copy(cid);
        }
    }
}
