package io.objsync.node.hostile;

import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Replica;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.hash.Hash;
import io.objsync.net.Alpn;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.TlsEndpoint;
import io.objsync.net.TransportLimits;
import io.objsync.node.DocShareMode;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.protocol.BlobProtocol;
import io.objsync.protocol.GetManyRequest;
import io.objsync.protocol.GetRequest;
import io.objsync.ticket.DocTicket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long hostile-peer run ({@code benchmarks/hostile.sh}), in two JVMs so the node's heap is its own:
 * {@code serve DIR} runs the node (its heap fixed by the script's -Xmx) and prints a sample of its heap, threads
 * and busy handlers every 50 ms; {@code attack DIR SAMPLES} runs phases of attackers beside an honest peer and
 * prints one line per phase (honest rounds ok/failed, how long until the node's handlers were idle again).
 */
public final class HostileRun {
    /** The node's timeouts in the long run. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Where bare connections come from: all of 127/8 is loopback on Linux. */
    static final InetSocketAddress ATTACKER = new InetSocketAddress("127.0.0.2", 0);

    private HostileRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("serve")) {
            serve(dir);
        } else {
            new Attack(dir, Path.of(args[2])).run();
        }
    }

    /** The node: default limits but 2 s timeouts; default sync frames (16 MiB), sessions of 10 s. */
    private static void serve(Path dir) throws Exception {
        TransportLimits limits = TransportLimits.defaults().withIdleTimeout(TIMEOUT).withStallTimeout(TIMEOUT)
                .withHandshakeTimeout(TIMEOUT);
        SyncConfig sync = SyncConfig.defaults().withSessionLimits(SyncConfig.defaults().maxSessionBytes(),
                Duration.ofSeconds(10));
        try (Node node = Node.open(NodeConfig.tls(dir.resolve("node")).withLimits(limits).withSyncConfig(sync))) {
            byte[] data = new byte[8 << 20];
            new Random(1).nextBytes(data);
            Hash blob = node.blobs().add(data).hash();
            // a hash sequence of 10^6 children: the first two held, the rest not
            byte[] seq = new byte[32_000_000];
            new Random(2).nextBytes(seq);
            System.arraycopy(node.blobs().add(new byte[5000]).hash().toBytes(), 0, seq, 0, 32);
            System.arraycopy(node.blobs().add(new byte[7000]).hash().toBytes(), 0, seq, 32, 32);
            Hash seqHash = node.blobs().add(seq).hash();
            Replica doc = node.createDoc();
            AuthorSecret author = AuthorSecret.generate();
            for (int i = 0; i < 3; i++) {
                node.insert(doc, author, ("key/" + i).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i});
            }
            Files.writeString(dir.resolve("target.txt"), node.shareDoc(doc.id(), DocShareMode.READ) + "\n"
                    + blob + "\n" + seqHash + "\n");
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                long max = 0;
                for (int i = 0; i < 10; i++) {
                    max = Math.max(max, memory.getHeapMemoryUsage().getUsed());
                    Thread.sleep(5);
                }
                System.out.println("sample " + System.currentTimeMillis() + " " + max + " "
                        + Thread.activeCount() + " " + HostileNode.busyHandlers(node.nodeId()));
            }
        }
    }

    /** The attacking side and the honest peer. */
    private static final class Attack {
        private final Path samples;
        private final NodeAddr target;
        private final Hash blob;
        private final Hash seq;
        private final io.objsync.docs.NamespaceId doc;
        private final Node honest;
        private final TlsEndpoint honestBlobs;
        private final byte[] expected;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "attacker");
            t.setDaemon(true);
            return t;
        });
        private final List<java.io.Closeable> open = Collections.synchronizedList(new ArrayList<>());

        Attack(Path dir, Path samples) throws Exception {
            this.samples = samples;
            Path target = dir.resolve("target.txt");
            while (!Files.exists(target)) {
                Thread.sleep(100);
            }
            List<String> lines = Files.readAllLines(target);
            DocTicket ticket = DocTicket.parse(lines.get(0));
            this.target = ticket.nodes().get(0);
            this.blob = Hash.fromHex(lines.get(1));
            this.seq = Hash.fromHex(lines.get(2));
            this.honest = Node.open(NodeConfig.tls(dir.resolve("honest")));
            for (int attempt = 1; ; attempt++) {
                try {
                    honest.joinDoc(ticket); // the node's JVM may still be warming up: its timeouts are short
                    break;
                } catch (IOException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
            this.honestBlobs = TlsEndpoint.bind(NodeKey.generate(), null, Map.of());
            this.expected = get(honestBlobs, blob);
            this.doc = honest.docs().list().get(0);
        }

        private byte[] get(TlsEndpoint from, Hash h) throws IOException {
            try (PeerStream s = from.connect(target, BlobProtocol.ALPN)) {
                s.output().write(GetRequest.of(h, ChunkRangesSeq.blob()).encode());
                s.finishOutput();
                return s.input().readAllBytes();
            }
        }

        void run() throws Exception {
            phase("baseline", () -> { });
            phase("tcp-flood-4000", () -> {
                for (int i = 0; i < 4000; i++) {
                    Socket s = new Socket();
                    open.add(s);
                    try {
                        s.bind(ATTACKER); // another address than the honest peer's: the per-address share
                        s.connect(address(), 5000);
                    } catch (IOException refused) {
                        // past the accept backlog or reset at once over maxStreams
                    }
                }
            });
            phase("tls-streams-1000x-half-request", () -> each(1000, i -> {
                PeerStream s = endpoint(i % 100).connect(target, BlobProtocol.ALPN);
                s.output().write(new byte[] {0, 1, 2});
                s.output().flush();
                return s;
            }));
            phase("get-1e6-children-x256", () -> each(256, i -> {
                PeerStream s = endpoint(i).connect(target, BlobProtocol.ALPN);
                s.output().write(GetRequest.of(seq, ChunkRangesSeq.ofInfinite(
                        List.of(ChunkRanges.empty(), ChunkRanges.all()))).encode());
                s.finishOutput();
                HostileNode.drain(s.input());
                return s;
            }));
            byte[] getMany = GetManyRequest.blobs(Collections.nCopies((BlobProtocol.MAX_REQUEST_BYTES - 16) / 32,
                    blob)).encode();
            phase("getmany-32767-hashes-x256-unread", () -> each(256, i -> {
                PeerStream s = endpoint(i).connect(target, BlobProtocol.ALPN);
                s.output().write(getMany);
                s.finishOutput();
                return s; // never read: the node's writes stall
            }));
            phase("sync-16MiB-frame-claims-x256", () -> each(256, i -> {
                PeerStream s = endpoint(i).connect(target, Alpn.DOCS);
                s.output().write(new byte[] {1, 0, 0, 0});
                s.output().write(new byte[64 << 10]);
                s.output().flush();
                return s;
            }));
            // what a sync stream can really cost once it named a served document: a valid Init, then a whole frame
            // of maxFrameBytes, all but its last byte
            byte[] init = SyncCodec.encode(NeverConvergingPeer.init(doc, new byte[32]));
            phase("sync-init-then-full-16MiB-frames-x16", () -> each(16, i -> {
                PeerStream s = endpoint(i).connect(target, Alpn.DOCS);
                SyncCodec.writeFrame(s.output(), init);
                s.output().write(new byte[] {1, 0, 0, 0});
                s.output().write(new byte[(16 << 20) - 1]);
                s.output().flush();
                return s;
            }));
            phase("sync-never-converging-x64", () -> each(64, i -> {
                PeerStream s = endpoint(i).connect(target, Alpn.DOCS);
                threads.submit(() -> {
                    new NeverConvergingPeer().dial(s, doc);
                    return null;
                });
                return s;
            }));
            close();
        }

        interface Opening {
            java.io.Closeable open(int i) throws Exception;
        }

        interface Body {
            void run() throws Exception;
        }

        private void each(int n, Opening opening) throws Exception {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                all.add(threads.submit(() -> {
                    try {
                        open.add(opening.open(k));
                    } catch (IOException refused) {
                        // reset by the node's limits
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(120, TimeUnit.SECONDS);
            }
        }

        private final List<TlsEndpoint> identities = new ArrayList<>();

        private synchronized TlsEndpoint endpoint(int i) throws IOException {
            while (identities.size() <= i) {
                identities.add(TlsEndpoint.bind(NodeKey.generate(), null, Map.of(),
                        TransportLimits.defaults().withMaxStreams(1024, 1024)));
            }
            return identities.get(i);
        }

        private InetSocketAddress address() {
            return target.directAddresses().get(0);
        }

        /** Runs {@code attack} while the honest peer works, then waits for the node's handlers to be idle. */
        private void phase(String name, Body attack) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Future<?> honestLoop = threads.submit(() -> {
                while (!stop.get()) {
                    try {
                        if (!Arrays.equals(expected, get(honestBlobs, blob))) {
                            throw new IOException("wrong bytes");
                        }
                        honest.syncDoc(doc, target);
                        ok.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        Thread.sleep(50);
                    }
                }
                return null;
            });
            long start = System.currentTimeMillis();
            attack.run();
            Thread.sleep(TIMEOUT.toMillis()); // the attack holds for one timeout at least
            long attacked = System.currentTimeMillis();
            synchronized (open) {
                for (java.io.Closeable c : open) {
                    c.close();
                }
                open.clear();
            }
            // handlers idle again: the node's own samples say so
            long idleAt = -1;
            while (System.currentTimeMillis() - attacked < 60_000) {
                Thread.sleep(100);
                String[] last = lastSample();
                if (last != null && Long.parseLong(last[1]) > attacked && last[4].equals("0")) {
                    idleAt = Long.parseLong(last[1]);
                    break;
                }
            }
            stop.set(true);
            honestLoop.get(60, TimeUnit.SECONDS);
            System.out.println("phase " + name + " " + start + " " + attacked + " " + idleAt + " " + ok + " " + failed);
        }

        private String[] lastSample() throws IOException {
            List<String> lines = Files.readAllLines(samples);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("sample ")) {
                    return lines.get(i).split(" ");
                }
            }
            return null;
        }

        private void close() throws IOException {
            threads.shutdownNow();
            for (TlsEndpoint e : identities) {
                e.close();
            }
            honestBlobs.close();
            honest.close();
        }
    }
}
