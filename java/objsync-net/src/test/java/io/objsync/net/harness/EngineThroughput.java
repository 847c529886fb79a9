package io.objsync.net.harness;

import io.objsync.net.NodeKey;
import io.objsync.net.internal.quic.QuicHandshake;
import io.objsync.net.internal.quic.engine.EngineConnection;
import io.objsync.net.internal.quic.engine.EngineStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bulk throughput of our own QUIC data path (a {@link QuicHandshake} with iroh's TLS profile, then its
 * {@link EngineConnection}), one stream over loopback, by datagram size (set by hand: no path MTU discovery
 * yet): the server writes N MiB in 64 KiB writes, the client reads them, as {@link TransportThroughput} does for the
 * transports. Prints the process CPU per MiB. {@code -DackEvery=N} and {@code -DbulkAckEvery=N} override the ACK
 * frequencies of {@link EngineConnection.Settings}. Not a test; run by hand:
 * {@code java -cp ... io.objsync.net.harness.EngineThroughput [MiB] [rounds] [sizes]}.
 */
public final class EngineThroughput {

    private static final String ALPN = "/objsync/bench/1";

    private EngineThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] sizes = (args.length > 2 ? args[2] : "1452,16384,65000").split(",");
        EngineConnection.Settings d = EngineConnection.Settings.defaults();
        int ackEvery = Integer.getInteger("ackEvery", d.ackElicitingThreshold());
        int bulkAckEvery = Integer.getInteger("bulkAckEvery", d.bulkAckThreshold());
        for (String size : sizes) {
            EngineConnection.Settings settings = d.withMaxDatagram(Integer.parseInt(size))
                    .withAckElicitingThreshold(ackEvery, bulkAckEvery);
            double best = 0;
            long cpu0 = 0;
            for (int r = -1; r < rounds; r++) {
                if (r == 0) {
                    cpu0 = TransportThroughput.processCpuNanos();
                }
                double mbps = transfer(settings, (long) mib << 20);
                if (r >= 0) {
                    best = Math.max(best, mbps);
                }
            }
            double cpuPerMib = (TransportThroughput.processCpuNanos() - cpu0) / 1e6 / ((double) mib * rounds);
            System.out.printf("engine %5s B datagrams, %d MiB: best %.1f MB/s (%d rounds), %.1f ms CPU per MiB%n",
                    size, mib, best, rounds, cpuPerMib);
        }
    }

    private static double transfer(EngineConnection.Settings settings, long bytes) throws Exception {
        NodeKey serverKey = NodeKey.generate();
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (DatagramChannel c = DatagramChannel.open().bind(lo); DatagramChannel s = DatagramChannel.open().bind(lo)) {
            for (DatagramChannel ch : new DatagramChannel[] {c, s}) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            }
            c.connect(s.getLocalAddress());
            s.connect(c.getLocalAddress());
            AtomicReference<QuicHandshake> server = new AtomicReference<>();
            Thread rs = reader(s, server, (first, length) -> QuicHandshake.accept(serverKey, Set.of(ALPN), settings,
                    sink(s), EngineThroughput::serve, first, 0, length));
            QuicHandshake dial = QuicHandshake.dial(NodeKey.generate(), serverKey.nodeId(), ALPN, settings, sink(c));
            Thread rc = reader(c, new AtomicReference<>(dial), null);
            EngineConnection client = dial.await(10_000);
            try {
                long t0 = System.nanoTime();
                EngineStream st = client.openStream();
                OutputStream out = st.output();
                out.write(ByteBuffer.allocate(8).putLong(bytes).array());
                out.flush();
                InputStream in = st.input();
                byte[] buf = new byte[64 * 1024];
                long got = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    got += n;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (got != bytes) {
                    throw new IOException("received " + got + " of " + bytes + " bytes");
                }
                return bytes / 1e6 / seconds;
            } finally {
                client.close();
                server.get().await(1000).close();
                c.close();
                s.close();
                rs.join();
                rc.join();
            }
        }
    }

    private static void serve(EngineStream st) {
        Thread t = new Thread(() -> {
            try {
                byte[] len = st.input().readNBytes(8);
                long bytes = ByteBuffer.wrap(len).getLong();
                byte[] chunk = new byte[64 * 1024];
                OutputStream out = st.output();
                for (long sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
                }
                out.close();
            } catch (IOException e) {
                System.err.println("server stream failed: " + e);
            }
        }, "engine-serve");
        t.setDaemon(true);
        t.start();
    }

    private static EngineConnection.DatagramSink sink(DatagramChannel ch) {
        return (buf, off, len) -> ch.write(ByteBuffer.wrap(buf, off, len));
    }

    private interface Acceptor {
        QuicHandshake accept(byte[] first, int length) throws IOException;
    }

    /** Hands each datagram of {@code ch} to the handshake {@code target} holds, starting one by {@code acceptor}. */
    private static Thread reader(DatagramChannel ch, AtomicReference<QuicHandshake> target, Acceptor acceptor) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    ch.read(buf);
                    QuicHandshake h = target.get();
                    if (h == null) {
                        target.set(acceptor.accept(buf.array(), buf.position()));
                    } else {
                        h.deliver(buf.array(), 0, buf.position());
                    }
                }
            } catch (ClosedChannelException e) {
                // done
            } catch (IOException e) {
                System.err.println("reader failed: " + e);
            }
        }, "engine-udp-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
