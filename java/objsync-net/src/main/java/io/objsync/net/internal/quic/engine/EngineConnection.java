package io.objsync.net.internal.quic.engine;

import io.objsync.net.ConnectionClosedException;
import io.objsync.net.internal.quic.engine.frame.FrameParser;
import io.objsync.net.internal.quic.engine.frame.FrameVisitor;
import io.objsync.net.internal.quic.engine.frame.FrameWriter;
import io.objsync.net.internal.quic.engine.handshake.TransportParameters;
import io.objsync.net.internal.quic.engine.packet.OneRttPackets;
import io.objsync.net.internal.quic.engine.packet.OpenedPacket;
import io.objsync.net.internal.quic.engine.packet.PacketDecryptionException;
import io.objsync.net.internal.quic.engine.packet.PacketNumbers;
import io.objsync.net.internal.quic.engine.recovery.AckTracker;
import io.objsync.net.internal.quic.engine.recovery.LossDetector;
import io.objsync.net.internal.quic.engine.recovery.NewReno;
import io.objsync.net.internal.quic.engine.recovery.Pacer;
import io.objsync.net.internal.quic.engine.recovery.PacketNumberSpace;
import io.objsync.net.internal.quic.engine.recovery.PathMtuSearch;
import io.objsync.net.internal.quic.engine.recovery.RttEstimator;
import io.objsync.net.internal.quic.engine.stream.FlowControl;
import io.objsync.net.internal.quic.engine.stream.ReceiveBuffer;
import io.objsync.net.internal.quic.engine.stream.StreamIds;
import io.objsync.net.internal.quic.engine.stream.StreamLimits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The 1-RTT part of one QUIC connection on our own data path: packets in and out, acknowledgements, loss
 * recovery and congestion control, flow control and streams. One thread, the connection's own, runs all of it:
 * it takes the datagrams {@link #deliver} queues, fires timers, and sends as much as congestion control,
 * pacing and flow control allow, then parks until the next datagram, timer or application signal. Application
 * threads touch only their {@link EngineStream} (under its monitor) and signal this thread through lock-free
 * queues, so no lock is held across a packet.
 */
public final class EngineConnection implements FrameVisitor, LossDetector.Listener, AutoCloseable {

    /** Where our datagrams go (a connected channel, or the endpoint's shared socket). */
    @FunctionalInterface
    public interface DatagramSink {
        /** Sends {@code buf[off, off + len)} as one datagram. */
        void send(byte[] buf, int off, int len) throws IOException;

        /**
         * Sends {@code buf[off, off + len)} as datagrams of {@code segment} bytes, the last one shorter if need be,
         * at most {@link #maxSegments()} of them: in one system call where the socket can (UDP GSO).
         */
        default void send(byte[] buf, int off, int len, int segment) throws IOException {
            for (int at = off, end = off + len; at < end; at += segment) {
                send(buf, at, Math.min(segment, end - at));
            }
        }

        /** How many datagrams one {@link #send(byte[], int, int, int)} is worth batching: 1 when no GSO. */
        default int maxSegments() {
            return 1;
        }
    }

    /**
     * Tunables; {@link #defaults()} suits bulk transfers. An ACK is sent at once after every
     * {@code ackElicitingThreshold} ack-eliciting packets, and after every {@code bulkAckThreshold} once
     * {@link #ACK_DECIMATION_AFTER} have arrived (see {@link AckTracker#setAckDecimation}).
     */
    public record Settings(int maxDatagram, int sendBufferBytes, long streamWindow, long connectionWindow,
                           int ackElicitingThreshold, int bulkAckThreshold, long idleTimeoutMillis,
                           boolean discoverPathMtu) {
        /**
         * Datagrams of up to 1452 bytes, found by path MTU discovery from 1200, 1 MiB send buffers, 8 MiB stream
         * and 16 MiB connection windows, ACK every 2, then every 10 (Chromium's ACK decimation: on a 1 GiB
         * download from iroh it cut our CPU time and wall time).
         */
        public static Settings defaults() {
            return new Settings(1452, 1 << 20, 8 << 20, 16 << 20, 2, 10, 30_000, true);
        }

        /** The same with another largest datagram size. */
        public Settings withMaxDatagram(int bytes) {
            return new Settings(bytes, sendBufferBytes, streamWindow, connectionWindow, ackElicitingThreshold,
                    bulkAckThreshold, idleTimeoutMillis, discoverPathMtu);
        }

        /** The same with other ACK frequencies: {@code packets} at first, {@code bulkPackets} once decimated. */
        public Settings withAckElicitingThreshold(int packets, int bulkPackets) {
            return new Settings(maxDatagram, sendBufferBytes, streamWindow, connectionWindow, packets, bulkPackets,
                    idleTimeoutMillis, discoverPathMtu);
        }

        /**
         * The same with path MTU discovery on (start at 1200 bytes and probe up to {@link #maxDatagram}) or off
         * (send {@link #maxDatagram} from the start: only for a path known to carry it, such as loopback).
         */
        public Settings withPathMtuDiscovery(boolean on) {
            return new Settings(maxDatagram, sendBufferBytes, streamWindow, connectionWindow, ackElicitingThreshold,
                    bulkAckThreshold, idleTimeoutMillis, on);
        }
    }

    /** Ack-eliciting packets received before ACKs are decimated: Chromium's kMinReceivedBeforeAckDecimation. */
    static final long ACK_DECIMATION_AFTER = 100;

    private static final System.Logger LOG = System.getLogger(EngineConnection.class.getName());
    private static final int TAG = 16;
    private static final int MAX_STREAM_FRAME_HEADER = 1 + 8 + 8 + 4;
    /** The most bytes one GSO send carries (a UDP payload's limit, with room for the headers). */
    private static final int GSO_BYTES = 65_000;
    private static final int MAX_ACK_RANGES = 32;
    private static final int POOLED_DATAGRAMS = 256;
    /** The smallest copy of a received datagram: a full 1500-byte Ethernet frame's UDP payload fits. */
    private static final int MIN_DATAGRAM_COPY = 1472;
    /** Datagrams waiting for the connection thread; beyond this they are dropped, as a full socket buffer drops. */
    static final int MAX_QUEUED_DATAGRAMS = 4096;

    private final boolean server;
    private final Settings settings;
    private final DatagramSink sink;
    private final Consumer<EngineStream> acceptor;
    private final OneRttPackets packets;
    private final byte[] peerCid;
    private final int localCidLength;
    /** The datagram size in use: what path MTU discovery has shown the path carries. */
    private int maxDatagram;
    private final PathMtuSearch pathMtu;

    private final RttEstimator rtt = new RttEstimator();
    private final NewReno congestion;
    private final LossDetector loss;
    private final Pacer pacer;
    private final AckTracker acks = new AckTracker(MAX_ACK_RANGES);
    private final FrameParser parser = new FrameParser(MAX_ACK_RANGES);
    private final OpenedPacket opened = new OpenedPacket();
    private final long[] ackRanges = new long[2 * MAX_ACK_RANGES];
    private final int peerAckDelayExponent;
    private final long idleTimeoutNanos;

    private final FlowControl flow;
    private final StreamLimits limits;
    private final long peerBidiLocalLimit;
    private final long peerBidiRemoteLimit;
    private final Map<Long, EngineStream> streams = new HashMap<>();
    private final ArrayDeque<EngineStream> sending = new ArrayDeque<>();

    private final ConcurrentLinkedQueue<Datagram> incoming = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final ArrayBlockingQueue<byte[]> pool = new ArrayBlockingQueue<>(POOLED_DATAGRAMS);
    private final ConcurrentLinkedQueue<EngineStream> signalled = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<EngineStream> stoppedReading = new ConcurrentLinkedQueue<>();
    private final AtomicLong consumed = new AtomicLong();
    /** Consumed bytes that wake the connection thread: well below the half window that makes MAX_DATA due. */
    private final long consumedWake;
    /** Streams that received data in this batch of datagrams; their readers are woken once per batch. */
    private final ArrayDeque<EngineStream> arrived = new ArrayDeque<>();
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean closing;
    private volatile Runnable onEnd = () -> { };

    /**
     * Where packets are built: room for {@link #batchCapacity} datagrams, sent together (GSO) once the batch is
     * full, a packet is not full-sized, or the sending round ends.
     */
    private final byte[] out;
    private final int batchCapacity;
    /** Where the next packet starts in {@link #out}: the bytes before it are whole full-sized packets not sent. */
    private int batchAt;
    /** Set when the packet being built ended with a STREAM frame without a length field: nothing may follow. */
    private boolean packetFull;
    private long nextPacketNumber;
    private long now;
    private long lastActivityNanos;
    private int probes;
    private boolean handshakeDonePending;
    /** The key generation we last saw (ours or the peer's update), to time the previous keys' discard. */
    private long keyGeneration;
    /** When to drop the previous generation's receive keys (three PTOs after an update), or Long.MAX_VALUE. */
    private long discardPreviousKeysAt = Long.MAX_VALUE;
    private boolean maxDataPending;
    private boolean maxStreamsPending;
    /** A MAX_STREAMS frame was lost: repeat our current limit. */
    private boolean lostMaxStreams;
    /** Whether the connection ends without a CONNECTION_CLOSE of ours (the peer's close, an idle timeout). */
    private boolean silent;

    private record Datagram(byte[] buf, int length) {
    }

    /**
     * A connection whose handshake is done: {@code packets} holds the 1-RTT keys, {@code peerCid} is where we
     * send, {@code localCidLength} the length of the ids the peer sends to, {@code peer} the peer's transport
     * parameters. Starts its thread at once; peer-opened streams go to {@code acceptor} on that thread.
     */
    public EngineConnection(boolean server, OneRttPackets packets, byte[] peerCid, int localCidLength,
                            TransportParameters peer, Settings settings, DatagramSink sink,
                            Consumer<EngineStream> acceptor, String name) {
        this.server = server;
        this.settings = settings;
        this.sink = sink;
        this.acceptor = acceptor;
        this.packets = packets;
        this.peerCid = peerCid.clone();
        this.localCidLength = localCidLength;
        int ceiling = (int) Math.max(PathMtuSearch.BASE, Math.min(settings.maxDatagram(), peer.maxUdpPayloadSize()));
        this.pathMtu = new PathMtuSearch(ceiling, !settings.discoverPathMtu());
        this.maxDatagram = pathMtu.current();
        // 64 KB per system call, as the kernel's GSO takes it; a loopback peer's 64 KB datagrams go one by one
        this.batchCapacity = Math.max(1, Math.min(sink.maxSegments(), GSO_BYTES / ceiling));
        this.out = new byte[ceiling * batchCapacity];
        this.congestion = new NewReno(maxDatagram);
        this.loss = new LossDetector(PacketNumberSpace.APPLICATION, rtt, congestion);
        this.pacer = new Pacer(congestion, rtt);
        this.peerAckDelayExponent = peer.ackDelayExponent();
        rtt.setMaxAckDelayNanos(peer.maxAckDelayMillis() * 1_000_000L);
        rtt.onHandshakeConfirmed();
        acks.setAckElicitingThreshold(settings.ackElicitingThreshold());
        acks.setAckDecimation(ACK_DECIMATION_AFTER, settings.bulkAckThreshold());
        long idle = settings.idleTimeoutMillis();
        if (peer.maxIdleTimeoutMillis() > 0) {
            idle = idle == 0 ? peer.maxIdleTimeoutMillis() : Math.min(idle, peer.maxIdleTimeoutMillis());
        }
        this.idleTimeoutNanos = idle * 1_000_000L;
        this.flow = new FlowControl(peer.initialMaxData(), settings.connectionWindow());
        this.consumedWake = Math.max(1, settings.connectionWindow() / 8);
        this.limits = new StreamLimits(server, 100, 100);
        this.peerBidiLocalLimit = peer.initialMaxStreamDataBidiLocal();
        this.peerBidiRemoteLimit = peer.initialMaxStreamDataBidiRemote();
        this.handshakeDonePending = server;
        this.lastActivityNanos = System.nanoTime();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        try {
            limits.onPeerTransportParameters(peer.initialMaxStreamsBidi(), peer.initialMaxStreamsUni());
        } catch (QuicTransportException e) {
            throw new IllegalArgumentException(e);
        }
        thread.start();
    }

    /** The transport parameters this side announces for {@code settings} (the stream limits it enforces). */
    public static TransportParameters.Builder localParameters(Settings settings) {
        return TransportParameters.builder()
                .maxIdleTimeoutMillis(settings.idleTimeoutMillis())
                .maxUdpPayloadSize(Math.max(1200, settings.maxDatagram()))
                .initialLimits(settings.connectionWindow(), settings.streamWindow(), settings.streamWindow(), 0)
                .initialMaxStreams(100, 0);
    }

    // ---- application side (any thread) ----

    /** Opens a bidirectional stream, waiting while the peer's stream limit (MAX_STREAMS) allows no more. */
    public EngineStream openStream() throws IOException {
        throwIfFailed();
        CompletableStream c = new CompletableStream();
        signalTask(c);
        return c.await();
    }

    /**
     * Queues a datagram that arrived for this connection (copied: {@code buf} is the caller's again on return).
     * Dropped when more than a pool's worth wait, as a full socket buffer would.
     */
    public void deliver(byte[] buf, int off, int len) {
        if (len > maxDatagramReceived() || closing) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED_DATAGRAMS) {
            queued.decrementAndGet(); // a flood (or a stalled thread) costs datagrams, never unbounded memory
            return;
        }
        byte[] copy = pool.poll();
        if (copy == null || copy.length < len) {
            // sized by what arrives, not by the largest we take: a loopback peer may send 65 KB datagrams, but most
            // send ~1.4 KB, and zeroing 65 KB per pool miss cost the socket's reader a quarter of its time
            copy = new byte[Math.max(len, MIN_DATAGRAM_COPY)];
        }
        System.arraycopy(buf, off, copy, 0, len);
        incoming.add(new Datagram(copy, len));
        LockSupport.unpark(thread);
    }

    /** How many delivered datagrams wait for the connection thread (never above {@link #MAX_QUEUED_DATAGRAMS}). */
    int queuedDatagrams() {
        return queued.get();
    }

    /** The largest datagram we take (we announce it as max_udp_payload_size). */
    private int maxDatagramReceived() {
        return Math.max(1200, settings.maxDatagram());
    }

    /** Closes the connection with NO_ERROR and stops its thread. */
    @Override
    public void close() {
        if (failure == null) {
            failure = new IOException("connection closed");
        }
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The error the connection failed with, if it did. */
    public IOException failure() {
        return failure;
    }

    void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw seenByStream(f, true); // no stream yet: nothing of it was answered
        }
    }

    /**
     * The connection's failure {@code f} as one stream sees it: a close by the peer says whether that stream had
     * received nothing ({@link ConnectionClosedException#unanswered()}); any other failure is as it is.
     */
    static IOException seenByStream(IOException f, boolean nothingReceived) {
        return f instanceof ConnectionClosedException c ? new ConnectionClosedException(c.getMessage(), nothingReceived)
                : f;
    }

    void wantsToSend(EngineStream s) {
        signalled.add(s);
        LockSupport.unpark(thread);
    }

    /** The application stopped reading {@code s}: what it holds unread is dropped on the connection thread. */
    void readingStopped(EngineStream s) {
        stoppedReading.add(s);
        signalled.add(s);
        LockSupport.unpark(thread);
    }

    /**
     * A reader took {@code bytes} off {@code s}. The connection thread is woken only when credit may be due (the
     * stream's, or a connection-level share of {@link #consumedWake} bytes): waking it for every read would cost a
     * context switch per datagram; whenever it runs for another reason it accounts what was consumed anyway.
     */
    void consumed(EngineStream s, int bytes, boolean streamCreditDue) {
        long pending = consumed.addAndGet(bytes);
        if (streamCreditDue) {
            signalled.add(s);
            LockSupport.unpark(thread);
        } else if (pending >= consumedWake && pending - bytes < consumedWake) {
            LockSupport.unpark(thread);
        }
    }

    // ---- the connection thread ----

    private final ConcurrentLinkedQueue<CompletableStream> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<CompletableStream> waitingOpens = new ArrayDeque<>();

    private void signalTask(CompletableStream c) {
        tasks.add(c);
        LockSupport.unpark(thread);
    }

    private void run() {
        try {
            while (!closing) {
                now = System.nanoTime();
                Datagram d;
                int batch = 0;
                while ((d = incoming.poll()) != null) {
                    queued.decrementAndGet();
                    onDatagram(d.buf, d.length);
                    pool.offer(d.buf);
                    if (++batch % 64 == 0) {
                        wakeReaders(); // a long backlog does not keep readers waiting until it is all parsed
                    }
                }
                wakeReaders();
                takeSignals();
                now = System.nanoTime();
                onTimers();
                if (closing) {
                    break;
                }
                sendPackets();
                long wait = nextDeadline() - System.nanoTime();
                if (wait > 0 && incoming.isEmpty() && signalled.isEmpty() && tasks.isEmpty()) {
                    LockSupport.parkNanos(this, wait);
                }
            }
            if (!silent) {
                sendClose(0, 0, "closed");
            }
        } catch (QuicTransportException e) {
            fail(e);
            sendClose(e.errorCode(), e.frameType(), e.getMessage());
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            // a bug of ours, not the peer's: close with INTERNAL_ERROR so the peer does not wait for its timeout
            LOG.log(System.Logger.Level.WARNING, "QUIC connection thread failed", e);
            fail(new IOException("connection thread failed: " + e, e));
            sendClose(QuicTransportException.INTERNAL_ERROR, 0, "internal error");
        } finally {
            closing = true;
            wakeAllStreams();
            onEnd.run();
        }
    }

    /** Runs {@code hook} on the connection thread once the connection has ended (at once if it has). */
    public void onEnd(Runnable hook) {
        onEnd = hook;
        if (!thread.isAlive() && closing) {
            hook.run();
        }
    }

    /** Whether the connection is still usable for new streams. */
    public boolean isOpen() {
        return !closing && failure == null;
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        closing = true;
    }

    private void takeSignals() throws QuicTransportException {
        CompletableStream task;
        while ((task = tasks.poll()) != null) {
            waitingOpens.add(task);
        }
        openWaitingStreams();
        long bytes = consumed.getAndSet(0);
        if (bytes > 0) {
            flow.onDataConsumed(bytes);
            if (flow.maxDataToSend() >= 0) {
                maxDataPending = true;
            }
        }
        EngineStream s;
        while ((s = stoppedReading.poll()) != null) {
            int dropped;
            synchronized (s) {
                dropped = s.discardIfStopped();
            }
            if (dropped > 0) {
                flow.onDataConsumed(dropped);
                maxDataPending |= flow.maxDataToSend() >= 0;
            }
        }
        while ((s = signalled.poll()) != null) {
            if (!retireIfDone(s)) {
                queue(s);
            }
        }
    }

    /**
     * Forgets a stream both of whose directions are over (our bytes and FIN acknowledged or the stream reset,
     * theirs read to the end or reset), so a long-lived connection does not keep every stream it ever carried;
     * a peer stream's slot goes back to the peer as MAX_STREAMS credit.
     */
    private boolean retireIfDone(EngineStream s) {
        boolean done;
        synchronized (s) {
            done = (s.send.allAcked() || (s.send.isReset() && s.resetToSend < 0))
                    && (s.receive.isFinished() || s.receive.isReset());
        }
        if (done && streams.remove(s.id()) != null && !StreamIds.isLocal(s.id(), server)) {
            limits.onPeerStreamClosed(s.id());
            maxStreamsPending = true;
        }
        return done;
    }

    /** Opens streams for waiting {@link #openStream} calls while the peer's MAX_STREAMS allows. */
    private void openWaitingStreams() {
        while (!waitingOpens.isEmpty()) {
            long id = limits.open(false);
            if (id < 0) {
                return; // they wait for the peer's MAX_STREAMS
            }
            waitingOpens.poll().complete(newStream(id, peerBidiRemoteLimit));
        }
    }

    private EngineStream newStream(long id, long peerLimit) {
        EngineStream s = new EngineStream(this, id, settings.sendBufferBytes(), settings.streamWindow(), peerLimit);
        streams.put(id, s);
        return s;
    }

    private void queue(EngineStream s) {
        if (!s.queued) {
            s.queued = true;
            sending.add(s);
        }
    }

    private void onDatagram(byte[] buf, int length) throws QuicTransportException {
        if ((buf[0] & 0x80) != 0) {
            return; // a long header after the handshake: a late Initial/Handshake retransmission
        }
        try {
            packets.open(buf, 0, localCidLength, length, acks.largestReceived(), opened);
        } catch (PacketDecryptionException e) {
            return; // not ours, or forged: dropped (RFC 9001 5.5)
        }
        lastActivityNanos = now;
        if (packets.keyGeneration() != keyGeneration) {
            keyUpdated(); // the peer updated its keys, and we followed
        }
        int payload = opened.payloadOffset();
        boolean ackEliciting = parser.parse(buf, payload, payload + opened.payloadLength(), this);
        acks.onPacketReceived(opened.packetNumber(), ackEliciting, now);
    }

    /**
     * Wakes the readers of the streams that received data since the last call: once per batch of datagrams
     * rather than once per frame, so a reader that keeps up is not woken for every 1.4 KB packet.
     */
    private void wakeReaders() {
        EngineStream s;
        while ((s = arrived.poll()) != null) {
            s.dataArrived = false;
            synchronized (s) {
                s.notifyAll();
            }
        }
    }

    private void onTimers() throws QuicTransportException {
        if (idleTimeoutNanos > 0 && now - lastActivityNanos > idleTimeoutNanos) {
            silent = true; // an idle timeout closes silently (RFC 9000 10.1)
            fail(new IOException("idle timeout"));
            return;
        }
        if (now >= discardPreviousKeysAt) {
            packets.discardPreviousKeys();
            discardPreviousKeysAt = Long.MAX_VALUE;
        }
        if (now >= loss.lossTimeNanos()) {
            loss.onLossTimeout(now, this);
        } else if (now >= loss.ptoDeadlineNanos()) {
            probes = loss.onPtoTimeout(now);
        }
    }

    private long nextDeadline() {
        long deadline = Math.min(loss.lossTimeNanos(), loss.ptoDeadlineNanos());
        deadline = Math.min(deadline, acks.ackDeadlineNanos());
        deadline = Math.min(deadline, discardPreviousKeysAt);
        if (idleTimeoutNanos > 0) {
            deadline = Math.min(deadline, lastActivityNanos + idleTimeoutNanos);
        }
        if (!sending.isEmpty() || maxDataPending) {
            deadline = Math.min(deadline, pacer.nextSendTimeNanos(maxDatagram, System.nanoTime()));
        }
        return Math.min(deadline, System.nanoTime() + 1_000_000_000L);
    }

    private void sendPackets() throws IOException {
        probePathMtu();
        while (true) {
            boolean ackDue = acks.ackNow() || now >= acks.ackDeadlineNanos();
            boolean mayElicit = probes > 0
                    || (congestion.canSend(loss.bytesInFlight()) && pacer.nextSendTimeNanos(maxDatagram, now) <= now);
            boolean somethingToElicit = handshakeDonePending || maxDataPending || maxStreamsPending || lostMaxStreams
                    || !sending.isEmpty() || probes > 0;
            if (!ackDue && !(mayElicit && somethingToElicit)) {
                flush();
                return;
            }
            if (!sendPacket(ackDue || acks.ackDeadlineNanos() != Long.MAX_VALUE, mayElicit)) {
                flush();
                return;
            }
            now = System.nanoTime();
        }
    }

    /**
     * Sends a path MTU probe when one is due (RFC 9000 section 14.4): a packet of PING and PADDING as large as the
     * size tried, on its own, once the peer has acknowledged a 1-RTT packet (the handshake is confirmed) and the
     * congestion window has room; its loss costs no congestion response.
     */
    private void probePathMtu() throws IOException {
        int size = pathMtu.nextProbe();
        if (size < 0 || loss.largestAcked() < 0 || congestion.availableWindow(loss.bytesInFlight()) < size) {
            return;
        }
        updateKeysIfDue();
        long pn = nextPacketNumber;
        int pnLength = PacketNumbers.encodedLength(pn, loss.largestAcked());
        int pos = packets.writeHeader(out, 0, peerCid, pn, pnLength);
        pos = FrameWriter.writePing(out, pos);
        pos = FrameWriter.writePadding(out, pos, size - TAG - pos);
        int end = packets.seal(out, 0, peerCid.length, pn, pos);
        nextPacketNumber++;
        sink.send(out, 0, end);
        SentFrames sent = new SentFrames();
        sent.mtuProbe = end;
        loss.onMtuProbeSent(pn, now, end, sent);
        pacer.onPacketSent(end, now);
        pathMtu.onProbeSent(end);
    }

    /** Sends the packets batched in {@link #out}, if any. */
    private void flush() throws IOException {
        if (batchAt > 0) {
            int length = batchAt;
            batchAt = 0;
            sink.send(out, 0, length, maxDatagram);
        }
    }

    /**
     * Updates our keys (RFC 9001 6) once the current key sealed three quarters of the AEAD's confidentiality limit,
     * so a long transfer never reaches it (AES-128-GCM: 2^23 packets, 12 GB of 1452-byte datagrams). Allowed once
     * the peer acknowledged a packet of the current phase, which also confirms the handshake (RFC 9001 4.1.2).
     */
    private void updateKeysIfDue() {
        if (packets.keyUpdateDue() && packets.canInitiateKeyUpdate()) {
            packets.initiateKeyUpdate();
            keyUpdated();
        }
    }

    /** After either side's key update: drop the previous receive keys three PTOs later (RFC 9001 6.5). */
    private void keyUpdated() {
        keyGeneration = packets.keyGeneration();
        discardPreviousKeysAt = now + 3 * loss.ptoPeriodNanos();
    }

    /** The datagram size in use (path MTU discovery raises it from 1200 as probes are acknowledged). */
    int datagramSize() {
        return maxDatagram;
    }

    /** The key generation in use (0 at first, one more per update by either side). */
    long keyGeneration() {
        return keyGeneration;
    }

    /** Builds and sends one packet; returns false when it had nothing to carry. */
    private boolean sendPacket(boolean withAck, boolean mayElicit) throws IOException {
        updateKeysIfDue();
        long pn = nextPacketNumber;
        int pnLength = PacketNumbers.encodedLength(pn, loss.largestAcked());
        int start = batchAt;
        int pos = packets.writeHeader(out, start, peerCid, pn, pnLength);
        int payloadStart = pos;
        int limit = start + maxDatagram - TAG;
        packetFull = false;
        SentFrames sent = new SentFrames();
        if (withAck && acks.rangeCount() > 0) {
            int count = acks.fillRanges(ackRanges);
            long delay = acks.ackDelayMicros(now) >> 3; // our ack_delay_exponent is the default 3
            pos = FrameWriter.writeAck(out, pos, ackRanges, count, delay, -1, -1, -1);
            sent.largestAcked = ackRanges[1];
        }
        if (mayElicit) {
            pos = writeControl(pos, limit, sent);
            pos = writeStreams(pos, limit, sent);
        }
        boolean ping = !packetFull && !sent.hasRetransmittable()
                && ((probes > 0 && mayElicit) || loss.shouldElicitAck());
        if (ping) {
            // a probe with nothing else to carry, or a receive-only side's ACKs: without an occasional
            // ack-eliciting packet the peer never acknowledges them and the loss detector keeps them all
            pos = FrameWriter.writePing(out, pos);
        }
        boolean ackEliciting = sent.hasRetransmittable() || ping;
        if (pos == payloadStart) {
            return false;
        }
        if (pos - payloadStart + pnLength < 4 && !packetFull) {
            pos = FrameWriter.writePadding(out, pos, 4 - (pos - payloadStart + pnLength));
        }
        int end = packets.seal(out, start, peerCid.length, pn, pos);
        nextPacketNumber++;
        int size = end - start;
        // full-sized packets wait for more to go in the same system call; any other ends the batch
        batchAt = end;
        if (size != maxDatagram || batchAt + maxDatagram > out.length) {
            flush();
        }
        if (probes > 0 && ackEliciting && mayElicit) {
            probes--;
        }
        loss.onPacketSent(pn, now, size, ackEliciting, ackEliciting, sent);
        if (sent.largestAcked >= 0) {
            acks.onAckSent(pn, sent.largestAcked);
        }
        if (ackEliciting) {
            pacer.onPacketSent(size, now);
            lastActivityNanos = now;
        }
        return true;
    }

    private int writeControl(int pos, int limit, SentFrames sent) {
        if (handshakeDonePending && limit - pos >= 1) {
            pos = FrameWriter.writeHandshakeDone(out, pos);
            handshakeDonePending = false;
            sent.handshakeDone = true;
        }
        if (lostMaxStreams && limit - pos >= 9) {
            pos = FrameWriter.writeMaxStreams(out, pos, true, limits.peerLimit(false));
            sent.maxStreamsBidi = true;
            lostMaxStreams = false;
        }
        if (maxStreamsPending && limit - pos >= 9) {
            long max = limits.maxStreamsToSend(false);
            if (max >= 0) {
                pos = FrameWriter.writeMaxStreams(out, pos, true, max);
                sent.maxStreamsBidi = true;
            }
            maxStreamsPending = false;
        }
        if (maxDataPending && limit - pos >= 9) {
            pos = FrameWriter.writeMaxData(out, pos, flow.receiveLimit());
            maxDataPending = false;
            sent.maxData = true;
        }
        return pos;
    }

    private int writeStreams(int pos, int limit, SentFrames sent) {
        int visited = sending.size();
        while (visited-- > 0 && limit - pos > MAX_STREAM_FRAME_HEADER && !packetFull) {
            EngineStream s = sending.poll();
            s.queued = false;
            boolean more;
            synchronized (s) {
                pos = writeStreamControl(s, pos, limit, sent);
                long flowLimit = Math.min(s.credit.limit(), s.send.sendOffset() + flow.sendCredit());
                int room = limit - pos - MAX_STREAM_FRAME_HEADER;
                // a chunk may fill the packet to its last byte as a frame without a length field, so full packets
                // are all maxDatagram long (GSO cuts a batch into equal datagrams)
                while (room > 0 && !packetFull && s.send.nextChunk(
                        limit - pos - FrameWriter.streamFrameHeaderLength(s.id(), s.send.nextChunkOffset()),
                        flowLimit)) {
                    long offset = s.send.chunkOffset();
                    int length = s.send.chunkLength();
                    boolean fin = s.send.chunkFin();
                    int withLength = FrameWriter.streamFrameHeaderLength(s.id(), offset, length) + length;
                    // the last frame: it fills the packet, or too little room would be left for another
                    packetFull = limit - pos - withLength <= MAX_STREAM_FRAME_HEADER;
                    pos = FrameWriter.writeStreamHeader(out, pos, s.id(), offset, length, fin, !packetFull);
                    s.send.copyTo(offset, out, pos, length);
                    pos += length;
                    int fresh = s.send.chunkNewBytes();
                    if (fresh > 0) {
                        s.credit.use(fresh);
                        flow.onDataSent(fresh);
                    }
                    sent.addStream(s, offset, length, fin);
                    flowLimit = Math.min(s.credit.limit(), s.send.sendOffset() + flow.sendCredit());
                    room = limit - pos - MAX_STREAM_FRAME_HEADER;
                }
                more = s.send.hasChunk(Math.min(s.credit.limit(), s.send.sendOffset() + flow.sendCredit()))
                        || s.creditUpdatePending || s.resetToSend >= 0 || s.stopToSend >= 0;
            }
            if (more) {
                queue(s);
            } else {
                retireIfDone(s); // its last RESET_STREAM or STOP_SENDING may just have gone out
            }
        }
        return pos;
    }

    /** MAX_STREAM_DATA, RESET_STREAM and STOP_SENDING of {@code s}; the caller holds its monitor. */
    private int writeStreamControl(EngineStream s, int pos, int limit, SentFrames sent) {
        if (s.creditUpdatePending && limit - pos >= 17) {
            pos = FrameWriter.writeMaxStreamData(out, pos, s.id(), s.receive.limit());
            s.creditUpdatePending = false;
            sent.addControl(s, SentFrames.MAX_STREAM_DATA);
        }
        if (s.resetToSend >= 0 && limit - pos >= 25) {
            pos = FrameWriter.writeResetStream(out, pos, s.id(), s.resetToSend, s.send.sendOffset());
            sent.addControl(s, SentFrames.RESET_STREAM);
            s.resetToSend = -1;
        }
        if (s.stopToSend >= 0 && limit - pos >= 17) {
            pos = FrameWriter.writeStopSending(out, pos, s.id(), s.stopToSend);
            sent.addControl(s, SentFrames.STOP_SENDING);
            s.stopToSend = -1;
        }
        return pos;
    }

    private void sendClose(long errorCode, long frameType, String reason) {
        try {
            flush();
            long pn = nextPacketNumber++;
            int pnLength = PacketNumbers.encodedLength(pn, loss.largestAcked());
            int pos = packets.writeHeader(out, 0, peerCid, pn, pnLength);
            if (acks.rangeCount() > 0) {
                // acknowledge what arrived last (a session's final bytes and FIN) before closing, so a peer
                // waiting for its data to be acknowledged sees success rather than a lost connection
                int count = acks.fillRanges(ackRanges);
                pos = FrameWriter.writeAck(out, pos, ackRanges, count, 0, -1, -1, -1);
            }
            byte[] why = (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8);
            int room = maxDatagram - TAG - pos - 24;
            int length = Math.max(0, Math.min(why.length, room));
            pos = FrameWriter.writeConnectionClose(out, pos, errorCode, frameType, why, 0, length);
            sink.send(out, 0, packets.seal(out, 0, peerCid.length, pn, pos));
        } catch (IOException | RuntimeException e) {
            // best effort: the peer's idle timeout ends the connection there
        }
    }

    private void wakeAllStreams() {
        for (EngineStream s : streams.values()) {
            synchronized (s) {
                s.notifyAll();
            }
        }
        CompletableStream task;
        while ((task = tasks.poll()) != null || (task = waitingOpens.poll()) != null) {
            task.fail(failure);
        }
    }

    // ---- LossDetector.Listener ----

    @Override
    public void onAcked(long packetNumber, int bytes, Object frames) {
        SentFrames sent = (SentFrames) frames;
        if (sent.largestAcked >= 0) {
            acks.onAckOfAck(packetNumber);
        }
        packets.onPacketAcknowledged(packetNumber);
        if (sent.mtuProbe > 0) {
            pathMtu.onProbeAcked(sent.mtuProbe);
            maxDatagram = pathMtu.current(); // the next packet is built at the new size (no batch is open here)
            congestion.setMaxDatagramSize(maxDatagram);
        }
        for (int i = 0; i < sent.streamCount; i++) {
            EngineStream s = sent.streams[i];
            synchronized (s) {
                s.send.onAcked(sent.offsets[i], sent.lengths[i], sent.fins[i]);
                s.notifyAll();
            }
            if (sent.fins[i]) {
                retireIfDone(s);
            }
        }
    }

    @Override
    public void onLost(long packetNumber, int bytes, Object frames) {
        SentFrames sent = (SentFrames) frames;
        if (sent.mtuProbe > 0) {
            pathMtu.onProbeLost(sent.mtuProbe);
            return;
        }
        for (int i = 0; i < sent.streamCount; i++) {
            EngineStream s = sent.streams[i];
            synchronized (s) {
                s.send.onLost(sent.offsets[i], sent.lengths[i], sent.fins[i]);
            }
            queue(s);
        }
        maxDataPending |= sent.maxData;
        handshakeDonePending |= sent.handshakeDone;
        if (sent.maxStreamsBidi) {
            lostMaxStreams = true;
        }
        for (int i = 0; i < sent.controlCount; i++) {
            EngineStream s = sent.control[i];
            synchronized (s) {
                switch (sent.controlKinds[i]) {
                    case SentFrames.MAX_STREAM_DATA -> s.creditUpdatePending = true;
                    case SentFrames.RESET_STREAM -> s.resetToSend = Math.max(s.resetToSend, 0);
                    default -> s.stopToSend = Math.max(s.stopToSend, 0);
                }
            }
            queue(s);
        }
    }

    // ---- FrameVisitor ----

    @Override
    public void onPadding(int count) {
    }

    @Override
    public void onPing() {
    }

    @Override
    public void onAck(long ackDelay, long[] ranges, int rangeCount, long ect0, long ect1, long ce)
            throws QuicTransportException {
        long delayMicros = ackDelay << Math.min(peerAckDelayExponent, 20);
        loss.onAckReceived(ranges, rangeCount, delayMicros, now, this);
    }

    @Override
    public void onResetStream(long streamId, long errorCode, long finalSize) throws QuicTransportException {
        EngineStream s = streamFor(streamId, 0x04);
        if (s == null) {
            return;
        }
        ReceiveBuffer.ResetCredit credit;
        synchronized (s) {
            credit = s.receive.onReset(finalSize, errorCode);
            s.notifyAll();
        }
        flow.onDataReceived(credit.newlyCounted());
        flow.onDataConsumed(credit.released());
        retireIfDone(s);
    }

    @Override
    public void onStopSending(long streamId, long errorCode) throws QuicTransportException {
        EngineStream s = streamFor(streamId, 0x05);
        if (s != null) {
            synchronized (s) {
                s.stoppedByPeer(errorCode);
            }
            queue(s);
        }
    }

    @Override
    public void onCrypto(long offset, byte[] buf, int dataOffset, int length) {
        // post-handshake CRYPTO (a NewSessionTicket): we never resume, so it is not needed
    }

    @Override
    public void onNewToken(byte[] buf, int tokenOffset, int tokenLength) throws QuicTransportException {
        if (server) {
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, 0x07,
                    "a client sent NEW_TOKEN");
        }
    }

    @Override
    public void onStream(long streamId, long offset, byte[] buf, int dataOffset, int length, boolean fin)
            throws QuicTransportException {
        EngineStream s = streamFor(streamId, 0x08);
        if (s == null) {
            return;
        }
        long newlyCounted;
        int discarded;
        synchronized (s) {
            newlyCounted = s.receive.receive(offset, buf, dataOffset, length, fin);
            discarded = s.discardIfStopped();
        }
        if (!s.dataArrived) {
            s.dataArrived = true;
            arrived.add(s);
        }
        flow.onDataReceived(newlyCounted);
        if (discarded > 0) {
            flow.onDataConsumed(discarded); // nobody will read it: its credit goes back to the peer
            maxDataPending |= flow.maxDataToSend() >= 0;
        }
    }

    @Override
    public void onMaxData(long maximumData) {
        if (flow.onMaxData(maximumData)) {
            sending.addAll(streams.values().stream().filter(s -> !s.queued).peek(s -> s.queued = true).toList());
        }
    }

    @Override
    public void onMaxStreamData(long streamId, long maximumStreamData) throws QuicTransportException {
        EngineStream s = streamFor(streamId, 0x11);
        if (s != null) {
            boolean raised;
            synchronized (s) {
                raised = s.credit.raiseLimit(maximumStreamData);
            }
            if (raised) {
                queue(s);
            }
        }
    }

    @Override
    public void onMaxStreams(boolean bidirectional, long maximumStreams) throws QuicTransportException {
        if (limits.onMaxStreams(!bidirectional, maximumStreams)) {
            openWaitingStreams();
        }
    }

    @Override
    public void onDataBlocked(long maximumData) {
    }

    @Override
    public void onStreamDataBlocked(long streamId, long maximumStreamData) {
    }

    @Override
    public void onStreamsBlocked(boolean bidirectional, long maximumStreams) throws QuicTransportException {
        limits.onStreamsBlocked(!bidirectional, maximumStreams);
    }

    @Override
    public void onNewConnectionId(long sequenceNumber, long retirePriorTo, byte[] buf, int cidOffset, int cidLength,
                                  int resetTokenOffset) {
        // we keep sending to the id of the handshake; retire_prior_to above it is left to the migration work
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
    public void onConnectionClose(long errorCode, long frameType, byte[] buf, int reasonOffset, int reasonLength) {
        peerClosed("the peer closed the connection: error " + errorCode + " (frame " + frameType + ") "
                + new String(buf, reasonOffset, reasonLength, StandardCharsets.UTF_8));
    }

    @Override
    public void onApplicationClose(long errorCode, byte[] buf, int reasonOffset, int reasonLength) {
        peerClosed("the peer closed the connection: application error " + errorCode + " "
                + new String(buf, reasonOffset, reasonLength, StandardCharsets.UTF_8));
    }

    private void peerClosed(String why) {
        silent = true; // draining (RFC 9000 10.2.2): we send nothing more
        if (failure == null) {
            failure = new ConnectionClosedException(why, false); // each stream tells whether it was answered
        }
        closing = true;
    }

    @Override
    public void onHandshakeDone() throws QuicTransportException {
        if (server) {
            throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, 0x1e,
                    "a client sent HANDSHAKE_DONE");
        }
    }

    @Override
    public void onDatagram(byte[] buf, int dataOffset, int length) throws QuicTransportException {
        throw new QuicTransportException(QuicTransportException.PROTOCOL_VIOLATION, 0x30,
                "DATAGRAM frames were not negotiated");
    }

    /** The stream a frame names, opening peer streams (and the lower ones of their kind); null if closed. */
    private EngineStream streamFor(long streamId, long frameType) throws QuicTransportException {
        EngineStream s = streams.get(streamId);
        if (s != null) {
            return s;
        }
        long first = limits.onStreamFrame(streamId, frameType);
        if (first < 0) {
            return null;
        }
        for (long id = first; id <= streamId; id += 4) {
            EngineStream opened = newStream(id, peerBidiLocalLimit);
            acceptor.accept(opened);
        }
        return streams.get(streamId);
    }

    /** An {@link #openStream} request handed to the connection thread. */
    private static final class CompletableStream {
        private EngineStream stream;
        private IOException error;

        synchronized void complete(EngineStream s) {
            stream = s;
            notifyAll();
        }

        synchronized void fail(IOException e) {
            error = e == null ? new IOException("connection closed") : e;
            notifyAll();
        }

        synchronized EngineStream await() throws IOException {
            while (stream == null && error == null) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted opening a stream");
                }
            }
            if (error != null) {
                throw seenByStream(error, true);
            }
            return stream;
        }
    }

    static boolean isBidirectional(long id) {
        return !StreamIds.isUnidirectional(id);
    }
}
