package io.objsync.net.harness;

import io.objsync.net.Endpoint;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;
import io.objsync.net.TlsEndpoint;
import io.objsync.net.TransportLimits;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Bulk throughput of one stream, TLS over TCP against QUIC, in the same JVM and run: the server writes N MiB
 * in 64 KiB writes, the client reads them (no protocol above the transport, so the ratio is the transports').
 * Each transport gets a warm-up transfer, then {@code rounds} timed ones (best and median reported, and the
 * process CPU time per MiB over the timed ones).
 * Not a test; run by hand: {@code java -cp ... io.objsync.net.harness.TransportThroughput [MiB] [rounds] [tls,quic]}.
 */
public final class TransportThroughput {

    private static final String BULK = "/bulk/1";

    private TransportThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] transports = (args.length > 2 ? args[2] : "tls,quic").split(",");
        long bytes = (long) mib << 20;
        StreamHandler serve = s -> {
            byte[] chunk = new byte[64 * 1024];
            OutputStream out = s.output();
            for (long sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
            }
            s.finishOutput();
        };
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        TransportLimits limits = TransportLimits.defaults();
        for (String transport : transports) {
            try (Endpoint server = bind(transport, lo, Map.of(BULK, serve), limits);
                 Endpoint client = bind(transport, lo, Map.of(), limits)) {
                transfer(client, server, bytes); // warm-up
                double[] mbps = new double[rounds];
                long cpu0 = processCpuNanos();
                for (int r = 0; r < rounds; r++) {
                    long t0 = System.nanoTime();
                    transfer(client, server, bytes);
                    mbps[r] = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                }
                double cpuPerMib = (processCpuNanos() - cpu0) / 1e6 / ((double) mib * rounds);
                java.util.Arrays.sort(mbps);
                System.out.printf("%-4s %d MiB: best %.1f MB/s, median %.1f MB/s (%d rounds), %.1f ms CPU per MiB%n",
                        transport, mib, mbps[rounds - 1], mbps[rounds / 2], rounds, cpuPerMib);
            }
        }
    }

    /** CPU time of the whole process (both ends, all threads): what a MiB costs, whatever else loads the machine. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Endpoint bind(String transport, InetSocketAddress at, Map<String, StreamHandler> handlers,
                                 TransportLimits limits) throws IOException {
        return transport.equals("tls") ? TlsEndpoint.bind(NodeKey.generate(), at, handlers, limits)
                : QuicEndpoint.bind(NodeKey.generate(), at, handlers, limits);
    }

    private static void transfer(Endpoint client, Endpoint server, long bytes) throws IOException {
        try (PeerStream s = client.connect(server.addr(), BULK)) {
            s.finishOutput();
            InputStream in = s.input();
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
            }
            if (got != bytes) {
                throw new IOException("got " + got + " of " + bytes + " bytes");
            }
        }
    }
}
