package io.objsync.node.hostile;

import io.objsync.bao.BaoVerificationException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.docs.sync.SyncProtocolException;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.TlsEndpoint;
import io.objsync.node.Cancellation;
import io.objsync.node.DownloadListener;
import io.objsync.node.DownloadResult;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.GetRequest;
import io.objsync.protocol.MalformedRequestException;
import io.objsync.protocol.RequestTooLargeException;
import io.objsync.store.BlobFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attackers against a real node on loopback TLS while an honest peer keeps downloading a blob and syncing a
 * document from it. Floors: the honest peer is served throughout (except where a test shows the starvation
 * window, and its bound), every stuck handler thread is back within the timeouts, bad input ends the stream
 * with a typed error, and nothing unverified reaches the store or the replica.
 */
class HostilePeersTest {
    @TempDir
    static Path dir;
    /** One node for all cases (opening it is most of the time): every case leaves it idle. */
    private static HostileNode h;
    /** Why the node's handlers ended, from the dispatcher's log: the typed errors. */
    private static final List<Throwable> handlerErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final Logger DISPATCHER_LOG = Logger.getLogger("io.objsync.net.internal.Dispatcher");
    private static final Handler ERRORS = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getThrown() != null) {
                handlerErrors.add(r.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-test");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void start() throws IOException {
        DISPATCHER_LOG.setLevel(Level.FINE);
        DISPATCHER_LOG.addHandler(ERRORS);
        h = HostileNode.start(dir, HostileNode.limits(16, 4), 8 << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        DISPATCHER_LOG.removeHandler(ERRORS);
        h.close();
    }

    @BeforeEach
    void idle() throws InterruptedException {
        assertTrue(h.awaitIdle(Duration.ofSeconds(10)) >= 0, "the previous case left handlers busy");
        handlerErrors.clear();
        h.honestOk.set(0);
        h.honestFailed.set(0);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** Whether the node's handlers ended with an exception of {@code type} (and {@code test} holds for it). */
    private static <T extends Throwable> boolean handlerEndedWith(Class<T> type, java.util.function.Predicate<T> test) {
        synchronized (handlerErrors) {
            return handlerErrors.stream().anyMatch(t -> type.isInstance(t) && test.test(type.cast(t)));
        }
    }

    private static boolean handlerEndedWith(Class<? extends Throwable> type) {
        return handlerEndedWith(type, t -> true);
    }

    /** The honest peer's loop on another thread, running until {@link #assertServed()}. */
    private final class Honest {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Future<Integer> rounds = threads.submit(() -> {
            int n = 0;
            while (!stop.get()) {
                h.honestRound();
                n++;
            }
            return n;
        });

        /** Stops the loop; every round must have succeeded, and there were a few. */
        void assertServed() throws Exception {
            stop.set(true);
            int n = rounds.get(30, TimeUnit.SECONDS);
            assertEquals(0, h.honestFailed.get(), "honest rounds failed under attack");
            assertTrue(n >= 2 && h.honestOk.get() == n, n + " honest rounds, " + h.honestOk + " ok");
        }
    }

    private static byte[] docFingerprint() {
        return h.node.doc(h.doc).orElseThrow().fingerprint();
    }

    /** Writes {@code bytes} one at a time, {@code pauseMillis} apart (less than the idle timeout). */
    private Future<Boolean> trickle(PeerStream s, byte[] bytes, long pauseMillis) {
        return threads.submit(() -> {
            try {
                for (byte b : bytes) {
                    s.output().write(b);
                    s.output().flush();
                    Thread.sleep(pauseMillis);
                }
                return false; // the node took it all: it never gave up
            } catch (IOException reset) {
                return true;
            }
        });
    }

    @Test
    void stalledAndTricklingPeersFreeTheirThreadsWithinTheTimeouts() throws Exception {
        assertTrue(h.awaitIdle(Duration.ofSeconds(5)) >= 0);
        Honest honest = new Honest();
        long t0 = System.nanoTime();
        // half a request, then silence: the idle timeout
        PeerStream half = h.attack(BlobProtocol.ALPN);
        half.output().write(Arrays.copyOf(GetRequest.of(h.blob, ChunkRangesSeq.blob()).encode(), 10));
        half.output().flush();
        // a request trickled a byte at a time, each within the idle timeout: only the request deadline ends it
        long pause = HostileNode.TIMEOUT.toMillis() / 2;
        Future<Boolean> trickledGet = trickle(h.attack(BlobProtocol.ALPN), new byte[4096], pause);
        // a whole request for 8 MiB whose response is never read: the stall timeout
        PeerStream reader = h.attack(BlobProtocol.ALPN);
        reader.output().write(GetRequest.of(h.blob, ChunkRangesSeq.blob()).encode());
        reader.finishOutput();
        // a sync Init announced as 1000 bytes and trickled: only the session's time limit ends it
        byte[] init = new byte[1004];
        init[2] = 3;
        init[3] = (byte) 0xE8;
        Future<Boolean> trickledInit = trickle(h.attack(Alpn.DOCS), init, pause);

        assertTrue(trickledGet.get(20, TimeUnit.SECONDS), "the node kept reading a trickled request");
        assertTrue(trickledInit.get(20, TimeUnit.SECONDS), "the node kept reading a trickled sync frame");
        long waited = h.awaitIdle(Duration.ofSeconds(10));
        long total = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waited >= 0, "handler threads still busy");
        // the longest bound: the sync session's 2 s plus one idle timeout, with scheduling slack
        assertTrue(total < 2_000 + 4 * HostileNode.TIMEOUT.toMillis() + 2_000, "threads back after " + total + " ms");
        assertEquals(-1, HostileNode.drain(half.input()), "the half request's stream was reset");
        assertTrue(HostileNode.drain(reader.input()) < 0, "the unread response was cut, not finished");
        assertTrue(handlerEndedWith(StreamTimeoutException.class), "typed timeouts: " + handlerErrors);
        assertTrue(handlerEndedWith(SyncProtocolException.class,
                e -> e.reason() == SyncProtocolException.Reason.SESSION_TOO_LONG), "typed session end: " + handlerErrors);
        honest.assertServed();
    }

    @Test
    void malformedAndOversizedInputEndsTheStreamTyped() throws Exception {
        Honest honest = new Honest();
        byte[] docBefore = docFingerprint();
        List<byte[]> blobRequests = List.of(
                new byte[BlobProtocol.MAX_REQUEST_BYTES + 1], // longer than any request may be
                new byte[] {99, 1, 2, 3}, // no such request type
                new byte[] {9, (byte) 0xC0, (byte) 0x84, 0x3D, 0, 0}); // GetMany claiming 10^6 hashes in 6 bytes
        for (byte[] request : blobRequests) {
            PeerStream s = h.attack(BlobProtocol.ALPN);
            try {
                s.output().write(request);
                s.finishOutput();
            } catch (IOException reset) {
                // the node may stop reading before the end
            }
            assertEquals(-1, HostileNode.drain(s.input()), "no response, a reset");
        }
        List<byte[]> syncFrames = List.of(
                new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, // 2 GiB: refused before reading it
                new byte[] {0, 0, 0, 3, 9, 9, 9}, // not a frame of the protocol
                new byte[] {0, 4, 0, 0, 1}, // 256 KiB: within the frame limit, not for an Init
                new byte[] {0, 0, (byte) 0x80, 0, 1}); // 32 KiB, a byte, then silence: the idle timeout
        for (byte[] frame : syncFrames) {
            PeerStream s = h.attack(Alpn.DOCS);
            s.output().write(frame);
            s.output().flush();
            assertEquals(-1, HostileNode.drain(s.input()), "no response, a reset");
        }
        assertTrue(h.awaitIdle(Duration.ofSeconds(5)) >= 0, "handler threads still busy");
        for (Class<? extends Throwable> typed : List.of(RequestTooLargeException.class,
                MalformedRequestException.class, StreamTimeoutException.class)) {
            assertTrue(handlerEndedWith(typed), typed.getSimpleName() + " among " + handlerErrors);
        }
        for (SyncProtocolException.Reason r : List.of(SyncProtocolException.Reason.FRAME_TOO_LARGE,
                SyncProtocolException.Reason.MALFORMED)) {
            assertTrue(handlerEndedWith(SyncProtocolException.class, e -> e.reason() == r), r + " among " + handlerErrors);
        }
        assertArrayEquals(docBefore, docFingerprint(), "the replica changed");
        honest.assertServed();
    }

    @Test
    void syncPeersThatNeverConvergeAreCutAtTheSessionBound() throws Exception {
        Honest honest = new Honest();
        byte[] docBefore = docFingerprint();
        // a peer that dials the node
        NeverConvergingPeer dialer = new NeverConvergingPeer();
        long t0 = System.nanoTime();
        try (PeerStream s = h.attack(Alpn.DOCS)) {
            dialer.dial(s, h.doc); // returns when the node ends its side
        }
        long acceptedFor = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(h.awaitIdle(Duration.ofSeconds(5)) >= 0, "handler threads still busy");
        Set<SyncProtocolException.Reason> bounds = Set.of(SyncProtocolException.Reason.SESSION_TOO_LARGE,
                SyncProtocolException.Reason.SESSION_TOO_LONG);
        assertTrue(handlerEndedWith(SyncProtocolException.class, e -> bounds.contains(e.reason())),
                "the node ended the session at its bound: " + handlerErrors);
        // a peer the node dials
        NeverConvergingPeer acceptor = new NeverConvergingPeer();
        TlsEndpoint liar = TlsEndpoint.bind(NodeKey.generate(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of(Alpn.DOCS, acceptor::accept));
        try (liar) {
            long t1 = System.nanoTime();
            SyncProtocolException e = assertThrows(SyncProtocolException.class, () -> h.node.syncDoc(h.doc, liar.addr()));
            long dialledFor = (System.nanoTime() - t1) / 1_000_000;
            assertTrue(bounds.contains(e.reason()), e.toString());
            long bound = HostileNode.sync().maxSessionTime().toMillis() + HostileNode.TIMEOUT.toMillis() + 2_000;
            assertTrue(acceptedFor < bound && dialledFor < bound, acceptedFor + " / " + dialledFor + " ms");
        }
        assertTrue(dialer.rounds() > 3 && acceptor.rounds() > 3, dialer.rounds() + " / " + acceptor.rounds());
        assertArrayEquals(docBefore, docFingerprint(), "the replica changed");
        assertTrue(h.awaitIdle(Duration.ofSeconds(5)) >= 0, "handler threads still busy");
        honest.assertServed();
    }

    @Test
    void aLyingProviderIsDroppedAndNothingUnverifiedIsStored() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(9).nextBytes(data);
        Hash hash = h.honest.blobs().add(data).hash();
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        h.honest.blobs().serve(hash, ChunkRanges.all(), good);
        byte[] bad = good.toByteArray();
        bad[bad.length / 2] ^= 1; // wrong bytes mid-stream
        TlsEndpoint liar = TlsEndpoint.bind(NodeKey.generate(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Map.of(BlobProtocol.ALPN, s -> {
                    BlobProtocol.readRequest(s.input());
                    s.output().write(bad);
                    s.finishOutput();
                }));
        try (liar) {
            List<IOException> failures = new ArrayList<>();
            DownloadListener listener = new DownloadListener() {
                @Override
                public void onProviderFailed(NodeAddr provider, IOException cause) {
                    failures.add(cause);
                }
            };
            DownloadResult r = h.node.download(hash, BlobFormat.RAW, List.of(liar.addr(), h.honest.addr()), listener,
                    Cancellation.create());
            assertEquals(h.honest.addr(), r.provider());
            assertInstanceOf(BaoVerificationException.class, failures.get(0));
            assertArrayEquals(data, h.node.blobs().read(hash, 0, data.length));
        }
    }

    @Test
    void floodsAreBoundedAndHonestPeersAreServedAgainWithinTheTimeouts() throws Exception {
        // one identity, 12 streams: 4 are served (the per-peer bound), the rest reset; honest peers go on
        TlsEndpoint one = h.attacker();
        List<PeerStream> held = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 12; i++) {
            try {
                PeerStream s = one.connect(h.addr(), BlobProtocol.ALPN);
                s.output().write(1);
                s.output().flush();
                held.add(s);
            } catch (IOException reset) {
                refused++;
            }
        }
        Thread.sleep(100);
        assertTrue(h.busyHandlers() <= 4, h.busyHandlers() + " handlers busy for one identity");
        assertTrue(h.honestRound(), "an honest peer is served beside one flooding identity");
        held.forEach(PeerStream::close);
        // 16 bare TCP connections from one address (maxStreams of them) hold at most half the slots before the
        // handshake (TransportLimits.maxPendingPerAddress), so an honest peer from another address is served at
        // once rather than after the handshake timeout.
        assertTrue(h.awaitIdle(Duration.ofSeconds(5)) >= 0);
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            try {
                silent.add(h.silentTcp());
            } catch (SocketException reset) {
                // the node resets the connections over the per-address limit, at times before connect returns
            }
        }
        assertTrue(h.honestRound(), "an honest peer is served beside maxStreams bare connections from one address");
        for (Socket s : silent) {
            try {
                assertEquals(-1, s.getInputStream().read(), "a silent connection was closed");
            } catch (IOException reset) {
                // closed as a reset: as good
            }
        }
    }
}
