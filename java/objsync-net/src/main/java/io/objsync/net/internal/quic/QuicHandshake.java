package io.objsync.net.internal.quic;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.net.internal.quic.engine.EngineConnection;
import io.objsync.net.internal.quic.engine.EngineStream;
import io.objsync.net.internal.quic.engine.QuicTransportException;
import io.objsync.net.internal.quic.engine.frame.FrameParser;
import io.objsync.net.internal.quic.engine.frame.FrameVisitor;
import io.objsync.net.internal.quic.engine.frame.FrameWriter;
import io.objsync.net.internal.quic.engine.handshake.HandshakeMessageFramer;
import io.objsync.net.internal.quic.engine.handshake.LongHeader;
import io.objsync.net.internal.quic.engine.handshake.TransportParameters;
import io.objsync.net.internal.quic.engine.handshake.TransportParametersExtension;
import io.objsync.net.internal.quic.engine.packet.AeadAlgorithm;
import io.objsync.net.internal.quic.engine.packet.OneRttPackets;
import io.objsync.net.internal.quic.engine.packet.OpenedPacket;
import io.objsync.net.internal.quic.engine.packet.PacketDecryptionException;
import io.objsync.net.internal.quic.engine.packet.PacketKeys;
import io.objsync.net.internal.quic.engine.packet.PacketNumbers;
import io.objsync.net.internal.quic.engine.packet.PacketOpener;
import io.objsync.net.internal.quic.engine.packet.PacketSealer;
import io.objsync.net.internal.quic.engine.recovery.AckTracker;
import io.objsync.net.internal.quic.engine.recovery.LossDetector;
import io.objsync.net.internal.quic.engine.recovery.NewReno;
import io.objsync.net.internal.quic.engine.recovery.PacketNumberSpace;
import io.objsync.net.internal.quic.engine.recovery.RttEstimator;
import io.objsync.net.internal.quic.engine.stream.ReceiveBuffer;
import io.objsync.net.internal.quic.engine.stream.SendBuffer;
import tech.kwik.agent15.ProtectionKeysType;
import tech.kwik.agent15.TlsConstants;
import tech.kwik.agent15.TlsProtocolException;
import tech.kwik.agent15.alert.ErrorAlert;
import tech.kwik.agent15.alert.NoApplicationProtocolAlert;
import tech.kwik.agent15.engine.ClientMessageSender;
import tech.kwik.agent15.engine.ServerMessageSender;
import tech.kwik.agent15.engine.TlsEngine;
import tech.kwik.agent15.engine.TlsMessageParser;
import tech.kwik.agent15.engine.TlsStatusEventHandler;
import tech.kwik.agent15.extension.ApplicationLayerProtocolNegotiationExtension;
import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.handshake.CertificateMessage;
import tech.kwik.agent15.handshake.CertificateVerifyMessage;
import tech.kwik.agent15.handshake.ClientHello;
import tech.kwik.agent15.handshake.EncryptedExtensions;
import tech.kwik.agent15.handshake.FinishedMessage;
import tech.kwik.agent15.handshake.HandshakeMessage;
import tech.kwik.agent15.handshake.NewSessionTicketMessage;
import tech.kwik.agent15.handshake.ServerHello;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One connection's QUIC handshake on our own packets (RFC 9000 17.2, RFC 9001 4-5): Initial and Handshake
 * packets, each space with its keys, ACKs, loss detection and CRYPTO stream, driving the iroh TLS profile's
 * {@link RpkClientEngine} or {@link RpkServerEngine} directly; then an {@link EngineConnection} on the 1-RTT
 * secrets. Every datagram of the connection goes to {@link #deliver}: long headers here, short headers to the
 * engine once there is one (before, they are dropped and the peer resends them). Until the handshake completes a
 * thread of its own runs the timers (PTO retransmission of CRYPTO data); after it, a late long-header datagram
 * (the peer resending its flight because ours was lost) is answered on the delivering thread.
 */
public final class QuicHandshake implements ClientMessageSender, ServerMessageSender, TlsStatusEventHandler,
        FrameVisitor {

    /** Our connection ids' length, as {@link UdpMux} routes them. */
    public static final int CID_LENGTH = UdpMux.CID_LENGTH;
    /** RFC 9000 14.1: a client's Initial datagrams are at least this long. */
    private static final int MIN_INITIAL_DATAGRAM = 1200;
    private static final int DATAGRAM = 1452;
    private static final int TAG = 16;
    private static final long CRYPTO_ERROR = 0x100;
    private static final int MAX_HANDSHAKE_MESSAGE = 64 * 1024;

    private final boolean client;
    private final EngineConnection.Settings settings;
    private final EngineConnection.DatagramSink sink;
    private final Consumer<EngineStream> acceptor;
    private final Set<String> alpns;
    private TlsEngine tls;
    private NodeId expected;
    private final TlsMessageParser parser;
    private final byte[] localCid = random(CID_LENGTH);
    private final TransportParameters.Builder ours;
    private final RttEstimator rtt = new RttEstimator();
    private final NewReno congestion = new NewReno(DATAGRAM);
    private final Space initial;
    private final Space handshake;
    private final FrameParser frames = new FrameParser(32);
    private final LongHeader header = new LongHeader();
    private final OpenedPacket opened = new OpenedPacket();
    private final byte[] out = new byte[DATAGRAM * 3];
    private final byte[] scratch = new byte[DATAGRAM];
    private final long[] ackRanges = new long[64];
    private final LinkedBlockingQueue<byte[]> pending = new LinkedBlockingQueue<>(256);
    /**
     * 1-RTT datagrams that arrived before the handshake thread made the connection (guarded by this): a client
     * sends its Finished and its first stream data back to back, and the mux hands the short-header datagram over
     * at once while the Finished still waits in {@link #pending}. Dropping it cost the first request a
     * retransmission timeout.
     */
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private static final int MAX_EARLY_DATAGRAMS = 64;
    private final Thread timers;

    private byte[] peerCid;
    private byte[] originalDcid;
    private Space current;
    private String alpn;
    private TransportParameters peerParameters;
    private volatile EngineConnection connection;
    private volatile IOException failure;
    private boolean peerCidLearned;
    private int bytesReceived;
    private int bytesSent;
    private long now;

    /** One packet number space of the handshake: keys, its CRYPTO stream both ways, ACKs and losses. */
    private final class Space implements LossDetector.Listener {
        final int type;
        final ProtectionKeysType tlsLevel;
        final AckTracker acks = new AckTracker();
        final LossDetector loss;
        final SendBuffer cryptoOut = new SendBuffer(MAX_HANDSHAKE_MESSAGE);
        final ReceiveBuffer cryptoIn = new ReceiveBuffer(MAX_HANDSHAKE_MESSAGE);
        final HandshakeMessageFramer framer = new HandshakeMessageFramer(MAX_HANDSHAKE_MESSAGE);
        PacketSealer sealer;
        PacketOpener opener;
        long nextPacketNumber;
        boolean discarded;

        Space(int type, PacketNumberSpace space, ProtectionKeysType tlsLevel) {
            this.type = type;
            this.tlsLevel = tlsLevel;
            this.loss = new LossDetector(space, rtt, congestion);
            acks.setAckElicitingThreshold(1);
        }

        void keys(PacketKeys send, PacketKeys receive) {
            sealer = new PacketSealer(send);
            opener = new PacketOpener(receive);
        }

        @Override
        public void onAcked(long packetNumber, int bytes, Object frames) {
            long[] range = (long[]) frames;
            if (range != null) {
                cryptoOut.onAcked(range[0], (int) range[1], false);
            }
        }

        @Override
        public void onLost(long packetNumber, int bytes, Object frames) {
            long[] range = (long[]) frames;
            if (range != null) {
                cryptoOut.onLost(range[0], (int) range[1], false);
            }
        }

        boolean wantsToSend() {
            return !discarded && sealer != null
                    && (cryptoOut.hasChunk(Long.MAX_VALUE) || acks.ackNow() || now >= acks.ackDeadlineNanos());
        }
    }

    private QuicHandshake(boolean client, Set<String> alpns, EngineConnection.Settings settings,
                            EngineConnection.DatagramSink sink, Consumer<EngineStream> acceptor) {
        this.client = client;
        this.alpns = alpns;
        this.settings = settings;
        this.sink = sink;
        this.acceptor = acceptor;
        this.parser = new RpkMessageParser(new TlsMessageParser(TransportParametersExtension.parser(client)));
        this.ours = EngineConnection.localParameters(settings).initialSourceConnectionId(localCid);
        this.initial = new Space(LongHeader.INITIAL, PacketNumberSpace.INITIAL, ProtectionKeysType.None);
        this.handshake = new Space(LongHeader.HANDSHAKE, PacketNumberSpace.HANDSHAKE, ProtectionKeysType.Handshake);
        this.timers = new Thread(this::runTimers, client ? "quic-dial" : "quic-accept");
        timers.setDaemon(true);
    }

    /**
     * Starts dialling: sends the ClientHello for {@code alpn} to the node {@code server} through {@code sink}.
     * Call {@link #await} for the connection.
     */
    public static QuicHandshake dial(NodeKey key, NodeId server, String alpn, EngineConnection.Settings settings,
                                       EngineConnection.DatagramSink sink) throws IOException {
        QuicHandshake h = dialer(key, server, alpn, settings, sink);
        h.start();
        return h;
    }

    /**
     * A dial that has sent nothing yet: route datagrams for {@link #localCid()} to it, then {@link #start()} it.
     */
    public static QuicHandshake dialer(NodeKey key, NodeId server, String alpn, EngineConnection.Settings settings,
                                       EngineConnection.DatagramSink sink) {
        QuicHandshake h = new QuicHandshake(true, Set.of(alpn), settings, sink, s -> { });
        RpkClientEngine engine = new RpkClientEngine(h, h, key.nodeId(), Ed25519PrivateKey.fromSeed(key.seed()),
                server);
        h.tls = engine;
        h.expected = server;
        h.originalDcid = random(CID_LENGTH);
        h.peerCid = h.originalDcid;
        h.initial.keys(PacketKeys.initial(h.originalDcid, true), PacketKeys.initial(h.originalDcid, false));
        h.current = h.initial;
        engine.add(new ApplicationLayerProtocolNegotiationExtension(alpn));
        engine.add(new TransportParametersExtension(h.ours.build()));
        return h;
    }

    /** Sends a dialler's ClientHello and starts its timers. */
    public void start() throws IOException {
        synchronized (this) {
            now = System.nanoTime();
            ((RpkClientEngine) tls).startHandshake();
            flush();
        }
        timers.start();
    }

    /** The connection id the peer sends to (ours, {@value #CID_LENGTH} bytes). */
    public byte[] localCid() {
        return localCid.clone();
    }

    /**
     * Answers a client whose first datagram is {@code first}: serves the {@code alpns} given, as node {@code key};
     * streams the client opens go to {@code acceptor}. Call {@link #await} for the connection.
     */
    public static QuicHandshake accept(NodeKey key, Set<String> alpns, EngineConnection.Settings settings,
                                         EngineConnection.DatagramSink sink, Consumer<EngineStream> acceptor,
                                         byte[] first, int off, int len) {
        QuicHandshake h = acceptor(key, alpns, settings, sink, acceptor);
        h.deliver(first, off, len);
        return h;
    }

    /**
     * The answering side, waiting for the client's first datagram: route datagrams for {@link #localCid()} (and
     * the client's first destination id) to it, then {@link #deliver} the first one.
     */
    public static QuicHandshake acceptor(NodeKey key, Set<String> alpns, EngineConnection.Settings settings,
                                         EngineConnection.DatagramSink sink, Consumer<EngineStream> acceptor) {
        QuicHandshake h = new QuicHandshake(false, alpns, settings, sink, acceptor);
        RpkServerEngine engine = new RpkServerEngine(key.nodeId(), Ed25519PrivateKey.fromSeed(key.seed()), h, h,
                () -> { });
        h.tls = engine;
        engine.addSupportedCiphers(List.of(TlsConstants.CipherSuite.TLS_AES_128_GCM_SHA256,
                TlsConstants.CipherSuite.TLS_AES_256_GCM_SHA384, TlsConstants.CipherSuite.TLS_CHACHA20_POLY1305_SHA256));
        h.current = h.initial;
        h.timers.start();
        return h;
    }

    /** Waits for the handshake; the connection, or the reason there is none. */
    public EngineConnection await(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (connection == null && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(new IOException("QUIC handshake timed out after " + timeoutMillis + " ms"));
                    break;
                }
                try {
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted in the QUIC handshake");
                }
            }
            if (connection == null) {
                throw failure;
            }
            return connection;
        }
    }

    /** The peer's node id once the handshake proved it, else null. */
    public NodeId peer() {
        return tls instanceof RpkServerEngine s ? s.clientKey() : connection == null ? null : expected;
    }

    /** The key a server proved when it was not the one dialled, else null. */
    public NodeId wrongKey() {
        return tls instanceof RpkClientEngine c ? c.wrongKey() : null;
    }

    /** Whether anything authentic came back from the peer (so a failure is not "unreachable"). */
    public synchronized boolean peerAnswered() {
        return peerCidLearned;
    }

    /** The protocol both sides agreed on, once they did. */
    public synchronized String alpn() {
        return alpn;
    }

    /** Takes one datagram of this connection (the caller's buffer is not kept). */
    public void deliver(byte[] buf, int off, int len) {
        if (len <= 0) {
            return;
        }
        if ((buf[off] & 0x80) == 0) {
            EngineConnection c = connection;
            if (c == null) {
                synchronized (this) {
                    c = connection;
                    if (c == null) {
                        if (early.size() < MAX_EARLY_DATAGRAMS && failure == null) {
                            early.add(Arrays.copyOfRange(buf, off, off + len));
                        }
                        return;
                    }
                }
            }
            c.deliver(buf, off, len);
            return;
        }
        if (connection == null) {
            pending.offer(Arrays.copyOfRange(buf, off, off + len)); // full: dropped, as a socket would
        } else {
            synchronized (this) {
                now = System.nanoTime();
                receive(buf, off, off + len);
                if (!handshake.discarded && handshake.sealer != null) {
                    handshake.cryptoOut.onLost(0, (int) handshake.cryptoOut.sendOffset(), false);
                    try {
                        flush();
                    } catch (IOException e) {
                        // the peer resends again, or times out
                    }
                }
            }
        }
    }

    // ---- the handshake thread ----

    private void runTimers() {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, settings.idleTimeoutMillis()));
        try {
            while (connection == null && failure == null) {
                long wait;
                synchronized (this) {
                    if (System.nanoTime() - giveUp > 0) {
                        // a handshake is bounded like an idle connection (RFC 9000 10.1): no thread lingers
                        // for a peer that went away, or for garbage that was never a handshake
                        fail(new IOException("no QUIC handshake within " + settings.idleTimeoutMillis() + " ms"));
                        return;
                    }
                    wait = Math.min(nextDeadline(), giveUp) - System.nanoTime();
                }
                byte[] d = pending.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                synchronized (this) {
                    now = System.nanoTime();
                    for (; d != null; d = pending.poll()) {
                        receive(d, 0, d.length);
                    }
                    onTimers();
                    flush();
                }
            }
        } catch (InterruptedException e) {
            fail(new IOException("handshake interrupted"));
        } catch (IOException e) {
            fail(e);
        }
    }

    private long nextDeadline() {
        long deadline = now + TimeUnit.SECONDS.toNanos(1);
        for (Space s : new Space[] {initial, handshake}) {
            if (!s.discarded) {
                deadline = Math.min(deadline, Math.min(s.loss.lossTimeNanos(), s.loss.ptoDeadlineNanos()));
                deadline = Math.min(deadline, s.acks.ackDeadlineNanos());
            }
        }
        return deadline;
    }

    private void onTimers() {
        for (Space s : new Space[] {initial, handshake}) {
            if (s.discarded) {
                continue;
            }
            if (now >= s.loss.lossTimeNanos()) {
                s.loss.onLossTimeout(now, s);
            } else if (now >= s.loss.ptoDeadlineNanos()) {
                s.loss.onPtoTimeout(now);
                s.cryptoOut.onLost(0, (int) s.cryptoOut.sendOffset(), false); // resend all not yet acknowledged
            }
        }
    }

    // ---- receiving ----

    private void receive(byte[] buf, int off, int end) {
        bytesReceived += end - off;
        try {
            for (int pos = off; pos < end; ) {
                if ((buf[pos] & 0x80) == 0) {
                    EngineConnection c = connection;
                    if (c != null) {
                        c.deliver(buf, pos, end - pos);
                    }
                    return;
                }
                if (!header.read(buf, pos, end) || header.version() != LongHeader.VERSION_1 || header.pnOffset() < 0) {
                    return;
                }
                int next = header.packetEnd();
                Space space = header.type() == LongHeader.INITIAL ? initial
                        : header.type() == LongHeader.HANDSHAKE ? handshake : null;
                if (space != null && !space.discarded) {
                    if (space == initial && !client && originalDcid == null) {
                        serverFirstInitial(buf);
                    }
                    if (space.opener != null) {
                        onPacket(space, buf, pos, next);
                    }
                }
                pos = next;
            }
        } catch (QuicTransportException e) {
            close(e.errorCode(), e.frameType(), e.getMessage());
        } catch (RuntimeException e) {
            close(QuicTransportException.INTERNAL_ERROR, 0, String.valueOf(e));
        }
    }

    private void serverFirstInitial(byte[] buf) {
        originalDcid = Arrays.copyOfRange(buf, header.dcidOffset(), header.dcidOffset() + header.dcidLength());
        peerCid = Arrays.copyOfRange(buf, header.scidOffset(), header.scidOffset() + header.scidLength());
        peerCidLearned = true;
        initial.keys(PacketKeys.initial(originalDcid, false), PacketKeys.initial(originalDcid, true));
        ours.originalDestinationConnectionId(originalDcid);
    }

    private void onPacket(Space space, byte[] buf, int start, int end) throws QuicTransportException {
        try {
            space.opener.open(buf, start, header.pnOffset(), end, space.acks.largestReceived(), opened);
        } catch (PacketDecryptionException e) {
            return; // not authentic: dropped
        }
        if (client && !peerCidLearned) {
            peerCid = Arrays.copyOfRange(buf, header.scidOffset(), header.scidOffset() + header.scidLength());
            peerCidLearned = true;
        }
        if (space == handshake && !client) {
            discard(initial); // RFC 9001 4.9.1: a server's Initial keys go once a Handshake packet opens
        }
        current = space;
        int payload = opened.payloadOffset();
        boolean elicit = frames.parseInitialOrHandshake(buf, payload, payload + opened.payloadLength(), this);
        space.acks.onPacketReceived(opened.packetNumber(), elicit, now);
    }

    // ---- FrameVisitor: only what Initial and Handshake packets may carry reaches here ----

    @Override
    public void onAck(long ackDelay, long[] ranges, int rangeCount, long ect0, long ect1, long ce)
            throws QuicTransportException {
        current.loss.onAckReceived(ranges, rangeCount, 0, now, current);
    }

    @Override
    public void onCrypto(long offset, byte[] buf, int dataOffset, int length) throws QuicTransportException {
        Space space = current;
        space.cryptoIn.receive(offset, buf, dataOffset, length, false);
        byte[] chunk = scratch;
        try {
            for (int n; (n = space.cryptoIn.read(chunk, 0, chunk.length)) > 0; ) {
                space.framer.accept(chunk, 0, n, message -> parser.parseAndProcessHandshakeMessage(message, tls,
                        space.tlsLevel));
            }
        } catch (QuicTransportException e) {
            throw e;
        } catch (ErrorAlert alert) {
            throw new QuicTransportException(CRYPTO_ERROR + (alert.alertDescription().value & 0xff), 0x06,
                    alert.getMessage());
        } catch (Exception e) {
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, 0x06,
                    "handshake failed: " + e.getMessage());
        }
    }

    @Override
    public void onConnectionClose(long errorCode, long frameType, byte[] buf, int reasonOffset, int reasonLength) {
        String reason = new String(buf, reasonOffset, reasonLength, StandardCharsets.UTF_8);
        fail(new QuicTransportException(errorCode, frameType, "the peer refused the handshake: error 0x"
                + Long.toHexString(errorCode) + (reason.isEmpty() ? "" : " (" + reason + ")")));
    }

    @Override
    public void onPadding(int count) {
    }

    @Override
    public void onPing() {
    }

    @Override
    public void onApplicationClose(long errorCode, byte[] buf, int reasonOffset, int reasonLength) {
        onConnectionClose(errorCode, 0, buf, reasonOffset, reasonLength);
    }

    // frames RFC 9000 table 3 keeps out of Initial and Handshake packets; the parser rejects them first

    @Override
    public void onResetStream(long streamId, long errorCode, long finalSize) {
    }

    @Override
    public void onStopSending(long streamId, long errorCode) {
    }

    @Override
    public void onNewToken(byte[] buf, int tokenOffset, int tokenLength) {
    }

    @Override
    public void onStream(long streamId, long offset, byte[] buf, int dataOffset, int length, boolean fin) {
    }

    @Override
    public void onMaxData(long maximumData) {
    }

    @Override
    public void onMaxStreamData(long streamId, long maximumStreamData) {
    }

    @Override
    public void onMaxStreams(boolean bidirectional, long maximumStreams) {
    }

    @Override
    public void onDataBlocked(long maximumData) {
    }

    @Override
    public void onStreamDataBlocked(long streamId, long maximumStreamData) {
    }

    @Override
    public void onStreamsBlocked(boolean bidirectional, long maximumStreams) {
    }

    @Override
    public void onNewConnectionId(long sequenceNumber, long retirePriorTo, byte[] buf, int cidOffset, int cidLength,
                                  int resetTokenOffset) {
    }

    @Override
    public void onRetireConnectionId(long sequenceNumber) {
    }

    @Override
    public void onPathChallenge(long data) {
    }

    @Override
    public void onPathResponse(long data) {
    }

    @Override
    public void onHandshakeDone() {
    }

    @Override
    public void onDatagram(byte[] buf, int dataOffset, int length) {
    }

    // ---- sending ----

    /** Sends what the spaces have (CRYPTO data, ACKs), coalesced: Initial first, then Handshake. */
    private void flush() throws IOException {
        while (failure == null && (initial.wantsToSend() || handshake.wantsToSend())) {
            int handshakeLength = handshake.wantsToSend() ? writePacket(handshake, scratchPacket, 0, 0, DATAGRAM) : 0;
            int pos = 0;
            if (initial.wantsToSend()) {
                int pad = client ? Math.max(0, MIN_INITIAL_DATAGRAM - handshakeLength) : 0;
                pos = writePacket(initial, out, 0, pad, DATAGRAM - handshakeLength);
            }
            System.arraycopy(scratchPacket, 0, out, pos, handshakeLength);
            pos += handshakeLength;
            if (pos == 0) {
                return;
            }
            if (!client && bytesSent + pos > 3L * bytesReceived) {
                return; // RFC 9000 8.1: three times what an unvalidated client sent, no more
            }
            bytesSent += pos;
            sink.send(out, 0, pos);
        }
    }

    private final byte[] scratchPacket = new byte[DATAGRAM];

    /**
     * Writes one packet of {@code space} at {@code dst[at]}, at least {@code minLength} and at most
     * {@code maxLength} bytes long; returns its end.
     */
    private int writePacket(Space space, byte[] dst, int at, int minLength, int maxLength)
            throws QuicTransportException {
        long pn = space.nextPacketNumber++;
        int pnLength = PacketNumbers.encodedLength(pn, space.loss.largestAcked());
        int pnOffset = LongHeader.write(dst, at, space.type, peerCid, localCid, new byte[0], pn, pnLength);
        int pos = pnOffset + pnLength;
        int limit = at + maxLength - TAG;
        if (space.acks.rangeCount() > 0) {
            int count = space.acks.fillRanges(ackRanges);
            pos = FrameWriter.writeAck(dst, pos, ackRanges, count, 0, -1, -1, -1);
            space.acks.onAckSent(pn, ackRanges[1]);
        }
        long[] crypto = null;
        int room = FrameWriter.cryptoDataThatFits(space.cryptoOut.sendOffset(), limit - pos);
        if (room > 0 && space.cryptoOut.nextChunk(room, Long.MAX_VALUE)) {
            long offset = space.cryptoOut.chunkOffset();
            int length = space.cryptoOut.chunkLength(); // fits: room was sized at the highest offset
            byte[] data = new byte[length];
            space.cryptoOut.copyTo(offset, data, 0, length);
            pos = FrameWriter.writeCrypto(dst, pos, offset, data, 0, length);
            crypto = new long[] {offset, length};
        }
        int padTo = Math.max(at + minLength - TAG, pnOffset + 4);
        if (pos < padTo) {
            pos = FrameWriter.writePadding(dst, pos, padTo - pos);
        }
        LongHeader.writeLength(dst, pnOffset, pos + TAG);
        int end = space.sealer.seal(dst, at, pnOffset, pn, pos);
        boolean elicit = crypto != null || minLength > 0;
        space.loss.onPacketSent(pn, now, end - at, elicit, elicit, crypto);
        return end;
    }

    private void close(long errorCode, long frameType, String reason) {
        fail(new QuicTransportException(errorCode, frameType, reason));
        Space space = handshake.sealer != null && !handshake.discarded ? handshake : initial;
        if (space.sealer == null || space.discarded) {
            return;
        }
        try {
            long pn = space.nextPacketNumber++;
            int pnLength = PacketNumbers.encodedLength(pn, space.loss.largestAcked());
            int pnOffset = LongHeader.write(out, 0, space.type, peerCid, localCid, new byte[0], pn, pnLength);
            byte[] why = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
            int pos = FrameWriter.writeConnectionClose(out, pnOffset + pnLength, errorCode, frameType, why, 0,
                    Math.min(why.length, 200));
            int pad = client && space == initial ? MIN_INITIAL_DATAGRAM - TAG : pnOffset + 4;
            if (pos < pad) {
                pos = FrameWriter.writePadding(out, pos, pad - pos);
            }
            LongHeader.writeLength(out, pnOffset, pos + TAG);
            sink.send(out, 0, space.sealer.seal(out, 0, pnOffset, pn, pos));
        } catch (IOException | RuntimeException e) {
            // best effort: the peer times out otherwise
        }
    }

    private void discard(Space space) {
        if (!space.discarded) {
            space.discarded = true;
            space.loss.discard();
        }
    }

    private synchronized void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    // ---- the TLS engine's callbacks (on the thread that fed it) ----

    private void queueCrypto(Space space, HandshakeMessage message) {
        byte[] bytes = message.getBytes();
        if (space.cryptoOut.write(bytes, 0, bytes.length) != bytes.length) {
            throw new IllegalStateException("handshake flight over " + MAX_HANDSHAKE_MESSAGE + " bytes");
        }
        if (client && space == handshake) {
            discard(initial); // RFC 9001 4.9.1: a client's Initial keys go with its first Handshake packet
        }
    }

    @Override
    public void send(ClientHello ch) {
        queueCrypto(initial, ch);
    }

    @Override
    public void send(ServerHello sh) {
        queueCrypto(initial, sh);
    }

    @Override
    public void send(FinishedMessage finished) {
        queueCrypto(handshake, finished); // a HandshakeFlight: the whole handshake-level flight
    }

    @Override
    public void send(EncryptedExtensions ee) {
        queueCrypto(handshake, ee);
    }

    @Override
    public void send(CertificateMessage cm) {
        queueCrypto(handshake, cm);
    }

    @Override
    public void send(CertificateVerifyMessage cv) {
        queueCrypto(handshake, cv);
    }

    @Override
    public void send(NewSessionTicketMessage ticket) {
        // no resumption: never sent
    }

    @Override
    public void earlySecretsKnown() {
    }

    @Override
    public void handshakeSecretsKnown() {
        AeadAlgorithm suite = suite();
        PacketKeys c = PacketKeys.fromSecret(suite, tls.getClientHandshakeTrafficSecret());
        PacketKeys s = PacketKeys.fromSecret(suite, tls.getServerHandshakeTrafficSecret());
        handshake.keys(client ? c : s, client ? s : c);
    }

    @Override
    public void handshakeFinished() {
        if (peerParameters == null) {
            fail(new QuicTransportException(QuicTransportException.TRANSPORT_PARAMETER_ERROR, 0,
                    "the peer sent no transport parameters"));
            return;
        }
        OneRttPackets packets = new OneRttPackets(suite(), tls.getClientApplicationTrafficSecret(),
                tls.getServerApplicationTrafficSecret(), client);
        if (!client) {
            discard(handshake); // the server's handshake is confirmed once the client's Finished verified
        }
        EngineConnection c = new EngineConnection(!client, packets, peerCid, CID_LENGTH, peerParameters, settings,
                sink, acceptor, client ? "quic-client" : "quic-server");
        synchronized (this) {
            connection = c;
            for (byte[] d; (d = early.poll()) != null; ) {
                c.deliver(d, 0, d.length);
            }
            notifyAll();
        }
    }

    @Override
    public void newSessionTicketReceived(tech.kwik.agent15.NewSessionTicket ticket) {
    }

    @Override
    public void extensionsReceived(List<Extension> extensions) throws TlsProtocolException {
        String chosen = null;
        for (Extension e : extensions) {
            if (e instanceof ApplicationLayerProtocolNegotiationExtension a) {
                chosen = a.getProtocols().stream().filter(alpns::contains).findFirst().orElse(null);
            } else if (e instanceof TransportParametersExtension t) {
                try {
                    peerParameters = t.parameters();
                } catch (QuicTransportException bad) {
                    throw new tech.kwik.agent15.alert.IllegalParameterAlert(bad.getMessage());
                }
            }
        }
        if (chosen == null) {
            throw new NoApplicationProtocolAlert(List.copyOf(alpns));
        }
        if (peerParameters == null) {
            throw new tech.kwik.agent15.alert.MissingExtensionAlert("no quic_transport_parameters");
        }
        checkConnectionIds();
        alpn = chosen;
        if (!client) {
            RpkServerEngine server = (RpkServerEngine) tls;
            server.addServerExtensions(new ApplicationLayerProtocolNegotiationExtension(chosen));
            server.addServerExtensions(new TransportParametersExtension(ours.build()));
        }
    }

    /** RFC 9000 7.3: the ids in the transport parameters must be the ones the packets carried. */
    private void checkConnectionIds() throws TlsProtocolException {
        boolean ok = Arrays.equals(peerParameters.initialSourceConnectionId(), peerCid)
                && (!client || Arrays.equals(peerParameters.originalDestinationConnectionId(), originalDcid));
        if (!ok) {
            throw new tech.kwik.agent15.alert.IllegalParameterAlert("connection ids do not match the packets");
        }
    }

    @Override
    public boolean isEarlyDataAccepted() {
        return false;
    }

    private AeadAlgorithm suite() {
        TlsConstants.CipherSuite cs = tls instanceof RpkClientEngine c ? c.getSelectedCipher()
                : ((RpkServerEngine) tls).getSelectedCipher();
        return AeadAlgorithm.ofCipherSuite(cs.value & 0xffff);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
}
