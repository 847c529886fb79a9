package io.objsync.node.hostile;

import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.Replica;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.hash.Hash;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.TlsEndpoint;
import io.objsync.net.TransportLimits;
import io.objsync.node.DocShareMode;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.GetRequest;
import io.objsync.ticket.DocTicket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link Node} on loopback TLS with short timeouts, an honest peer that keeps using it, and the means to
 * attack it: streams opened under fresh identities, bare TCP connections, and a count of the node's busy
 * handler threads. Shared by {@link HostilePeersTest} and the long run ({@code benchmarks/hostile.sh}).
 */
final class HostileNode implements AutoCloseable {
    /** Idle and stall timeouts: every stuck thread must be back within a few of these. */
    static final Duration TIMEOUT = Duration.ofMillis(800);

    final Node node;
    final Node honest;
    final Hash blob;
    final NamespaceId doc;
    private final byte[] expectedResponse;
    private final TlsEndpoint honestBlobs;
    private final List<java.io.Closeable> open = new ArrayList<>();
    final AtomicInteger honestOk = new AtomicInteger();
    final AtomicInteger honestFailed = new AtomicInteger();

    private HostileNode(Node node, Node honest, Hash blob, NamespaceId doc, byte[] expectedResponse,
                        TlsEndpoint honestBlobs) {
        this.node = node;
        this.honest = honest;
        this.blob = blob;
        this.doc = doc;
        this.expectedResponse = expectedResponse;
        this.honestBlobs = honestBlobs;
    }

    /** The node's limits: short timeouts, {@code maxStreams} in total, {@code perPeer} per identity. */
    static TransportLimits limits(int maxStreams, int perPeer) {
        return TransportLimits.defaults().withIdleTimeout(TIMEOUT).withStallTimeout(TIMEOUT)
                .withHandshakeTimeout(TIMEOUT).withConnectTimeout(TIMEOUT).withMaxStreams(maxStreams, perPeer);
    }

    /** Sessions of at most 4 MiB and 2 s, 256 KiB frames. */
    static SyncConfig sync() {
        return SyncConfig.defaults().withMaxFrameBytes(256 << 10).withSessionLimits(4 << 20, Duration.ofSeconds(2));
    }

    /** Starts the node (holding a blob of {@code blobBytes} and a 3-entry document) and an honest peer that joined it. */
    static HostileNode start(Path dir, TransportLimits limits, int blobBytes) throws IOException {
        Node node = Node.open(NodeConfig.tls(dir.resolve("node")).withLimits(limits).withSyncConfig(sync()));
        Node honest = null;
        try {
            byte[] data = new byte[blobBytes];
            new Random(1).nextBytes(data);
            Hash blob = node.blobs().add(data).hash();
            byte[] expected = serve(node, blob);
            Replica d = node.createDoc();
            AuthorSecret author = AuthorSecret.generate();
            for (int i = 0; i < 3; i++) {
                node.insert(d, author, ("key/" + i).getBytes(StandardCharsets.UTF_8),
                        ("value " + i).getBytes(StandardCharsets.UTF_8));
            }
            honest = Node.open(NodeConfig.tls(dir.resolve("honest")).withSyncConfig(sync()));
            joinWarmingUp(honest, node.shareDoc(d.id(), DocShareMode.READ));
            TlsEndpoint honestBlobs = TlsEndpoint.bind(NodeKey.generate(), null, Map.of());
            HostileNode h = new HostileNode(node, honest, blob, d.id(), expected, honestBlobs);
            h.open.add(honestBlobs);
            return h;
        } catch (IOException | RuntimeException e) {
            if (honest != null) {
                honest.close();
            }
            node.close();
            throw e;
        }
    }

    private static byte[] serve(Node node, Hash blob) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        node.blobs().serve(blob, ChunkRanges.all(), out);
        return out.toByteArray();
    }

    /**
     * One honest round: a Get of the whole blob whose response must equal the node's own verified stream, then
     * a sync of the joined document. Counts the outcome; true on success.
     */
    boolean honestRound() {
        try (PeerStream s = honestBlobs.connect(node.addr(), BlobProtocol.ALPN)) {
            s.output().write(GetRequest.of(blob, ChunkRangesSeq.blob()).encode());
            s.finishOutput();
            byte[] got = s.input().readAllBytes();
            if (!Arrays.equals(expectedResponse, got)) {
                throw new IOException("wrong response of " + got.length + " bytes");
            }
            honest.syncDoc(doc, node.addr());
            honestOk.incrementAndGet();
            return true;
        } catch (IOException | RuntimeException e) {
            honestFailed.incrementAndGet();
            return false;
        }
    }

    /** A stream to the node for {@code alpn} under a fresh identity (its own endpoint, closed with the harness). */
    PeerStream attack(String alpn) throws IOException {
        TlsEndpoint e = TlsEndpoint.bind(NodeKey.generate(), null, Map.of(), limits(4, 4));
        synchronized (open) {
            open.add(e);
        }
        return e.connect(node.addr(), alpn);
    }

    /** Streams to the node for {@code alpn} under one identity. */
    TlsEndpoint attacker() throws IOException {
        TlsEndpoint e = TlsEndpoint.bind(NodeKey.generate(), null, Map.of(), limits(4, 4));
        synchronized (open) {
            open.add(e);
        }
        return e;
    }

    /**
     * A bare TCP connection to the node's port that never starts TLS, from 127.0.0.2 (all of 127/8 is loopback
     * on Linux), so it counts against another source address than the honest peer's 127.0.0.1.
     */
    Socket silentTcp() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        s.connect(address(), 2000);
        synchronized (open) {
            open.add(s);
        }
        return s;
    }

    InetSocketAddress address() {
        return node.addr().directAddresses().get(0);
    }

    NodeAddr addr() {
        return node.addr();
    }

    /** Handler threads of the node that are serving a connection (idle pooled threads are not counted). */
    int busyHandlers() {
        return busyHandlers(node.nodeId());
    }

    /** Handler threads of the node {@code id} in this JVM that are serving a connection. */
    static int busyHandlers(io.objsync.net.NodeId id) {
        String prefix = "objsync-tls-" + id.shortForm() + "-";
        int busy = 0;
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            if (t.getKey().getName().startsWith(prefix) && serving(t.getValue())) {
                busy++;
            }
        }
        return busy;
    }

    private static boolean serving(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getMethodName().equals("serveConnection")) {
                return true;
            }
        }
        return false;
    }

    /** Waits until no handler is busy; the milliseconds that took, or -1 after {@code max}. */
    /**
     * The honest peer's first join is set-up, not the subject: in a cold JVM on a loaded machine its first TLS
     * handshake and sync can outlast the node's deliberately tight session bounds (800 ms stalls, 2 s sessions),
     * so it gets three tries; every later honest round in the tests gets one.
     */
    private static void joinWarmingUp(Node honest, DocTicket ticket) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                honest.joinDoc(ticket);
                return;
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    long awaitIdle(Duration max) throws InterruptedException {
        long t0 = System.nanoTime();
        while (busyHandlers() > 0) {
            if (System.nanoTime() - t0 > max.toNanos()) {
                return -1;
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Reads what the node sends until it ends or resets the stream: the bytes read, or -1 for a reset. */
    static long drain(InputStream in) {
        long n = 0;
        byte[] buf = new byte[16384];
        try {
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
            return n;
        } catch (IOException reset) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (open) {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
        honest.close();
        node.close();
    }
}
