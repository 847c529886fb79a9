package io.objsync.cli;

import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Options of the commands that run a node: where it listens, and over which transport. */
final class NodeOptions {
    /** The transports a node can run on. */
    enum Transport { tls, quic }

    @Option(names = "--port", paramLabel = "N",
            description = "Port to listen on: TCP for tls, UDP for quic (default: any free port).")
    int port;

    // QUIC is the default because it is what iroh nodes speak (a ticket from one works as is); on our own QUIC
    // data path it is as fast as tls between objsync nodes (docs/benchmarks.md), which stays for TCP-only networks.
    @Option(names = "--transport", paramLabel = "T",
            description = "quic (QUIC with iroh 0.35's handshake; reaches iroh nodes) or tls (TLS 1.3 over TCP,"
                    + " between objsync nodes). Tickets do not say which: both ends must use the same"
                    + " (default: ${DEFAULT-VALUE}).")
    Transport transport = Transport.quic;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    /** Opens the node of {@code home}, listening as asked, and closes it when the JVM is asked to stop. */
    Node open(Path home) throws IOException {
        NodeConfig config = transport == Transport.quic ? NodeConfig.quic(home) : NodeConfig.tls(home);
        Node node = Node.open(config.withListen(new InetSocketAddress(InetAddress.getByName(bind), port)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (IOException | RuntimeException ignored) {
                // stopping anyway; the stores recover what a crash would leave
            }
        }, "objsync-node-close"));
        return node;
    }

    /** Prints where the node listens to {@code err}. */
    static void announce(Node node, PrintWriter err) {
        err.println("node " + node.nodeId() + " listening on " + node.addr().directAddresses());
        err.flush();
    }

    /** Blocks until the process is stopped (Ctrl-C, SIGTERM), serving meanwhile. */
    static void serveForever() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
