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

/** Options of the commands that run a node: where it listens. */
final class NodeOptions {
    @Option(names = "--port", paramLabel = "N", description = "TCP port to listen on (default: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    /** Opens the node of {@code home}, listening as asked, and closes it when the JVM is asked to stop. */
    Node open(Path home) throws IOException {
        Node node = Node.open(NodeConfig.tls(home).withListen(new InetSocketAddress(InetAddress.getByName(bind), port)));
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
