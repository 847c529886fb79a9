package io.objsync.net.harness;

import io.objsync.net.Endpoint;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.TlsEndpoint;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;

/**
 * Measures what a request costs on the TLS transport, which opens one connection per stream: the first
 * connection to a node (full handshake) against later ones, and a 1-byte round trip. Not a test; run by hand:
 * {@code java -cp ... io.objsync.net.harness.ConnectionCost [requests]}. The numbers in docs/architecture.md
 * come from it.
 */
public final class ConnectionCost {

    private ConnectionCost() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Endpoint server = TlsEndpoint.bind(NodeKey.generate(), lo, Map.of("/echo", s -> {
                int b = s.input().read();
                s.output().write(b);
                s.finishOutput();
            }));
             Endpoint client = TlsEndpoint.bind(NodeKey.generate(), null, Map.of())) {
            long first = request(client, server);
            for (int i = 0; i < n / 5; i++) {
                request(client, server); // warm-up
            }
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                t[i] = request(client, server);
            }
            Arrays.sort(t);
            System.out.printf("first request (cold JVM, full handshake): %.2f ms%n", first / 1e6);
            System.out.printf("later requests: median %.3f ms, p90 %.3f ms, p99 %.3f ms (n=%d)%n",
                    t[n / 2] / 1e6, t[n * 9 / 10] / 1e6, t[n * 99 / 100] / 1e6, n);
        }
    }

    private static long request(Endpoint client, Endpoint server) throws IOException {
        long t0 = System.nanoTime();
        try (PeerStream s = client.connect(server.addr(), "/echo")) {
            s.output().write(42);
            s.finishOutput();
            if (s.input().read() != 42 || s.input().read() != -1) {
                throw new IOException("bad echo");
            }
        }
        return System.nanoTime() - t0;
    }
}
