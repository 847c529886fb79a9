package io.objsync.cli;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.iroh.IrohNode;
import io.objsync.node.internal.NodeIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code objsync doc join} of a ticket a real iroh 0.35 node wrote: the CLI's node (QUIC, its default) syncs the document
 * with iroh and fetches its content; then a new CLI entry reaches iroh while the CLI serves ({@code doc watch})
 * and iroh syncs with it, and a new iroh entry reaches the CLI when it dials iroh again ({@code doc sync}).
 * iroh 0.35 answers only UDP addresses it knows, so it is told the CLI node's id and port first (the node sends
 * from the port it listens on).
 */
@Tag("iroh")
class IrohDocCliTest {

    @TempDir
    Path home;

    @Test
    void docJoinOfAnIrohTicketSyncsWithTheIrohNode() throws Exception {
        try (IrohNode iroh = IrohNode.start()) {
            String doc = iroh.docCreate();
            for (int i = 0; i < 3; i++) {
                iroh.docSet(doc, bytes("iroh/" + i), bytes("iroh's value " + i));
            }
            String ticket = iroh.docShare(doc, true);
            NodeAddr cli = registerWith(iroh);
            String port = Integer.toString(cli.directAddresses().get(0).getPort());

            CliRunner.Result joined = CliRunner.runIn(home, "doc", "join", "--port", port, ticket);

            assertEquals(0, joined.exitCode(), joined.err());
            assertEquals(doc + " (writable): 3 entries", joined.out().strip());
            for (int i = 0; i < 3; i++) {
                assertEquals("iroh's value " + i, get("iroh/" + i));
            }

            // the CLI's new entry reaches iroh while the CLI serves (doc watch) and iroh syncs with it: iroh takes
            // the entry and fetches its content from the serving node
            assertEquals(0, CliRunner.runIn(home, "doc", "set", "new/cli", "the CLI's new entry").exitCode());
            try (Serving watch = Serving.start(home, "doc", "watch", "--port", port)) {
                iroh.docSync(doc, cli);
                List<IrohNode.Entry> atIroh = iroh.docEntries(doc);
                assertEquals(4, atIroh.size());
                IrohNode.Entry ours = atIroh.stream().filter(e -> Arrays.equals(e.key(), bytes("new/cli")))
                        .findFirst().orElseThrow();
                assertArrayEquals(bytes("the CLI's new entry"),
                        iroh.docAwaitContent(doc, ours.author(), ours.key(), Duration.ofSeconds(30)));
            }
            // iroh's new entry reaches the CLI when it dials iroh (doc sync: the peers it joined with)
            iroh.docSet(doc, bytes("new/iroh"), bytes("iroh's new entry"));
            CliRunner.Result synced = CliRunner.runIn(home, "doc", "sync", "--port", port);

            assertEquals(0, synced.exitCode(), synced.err());
            assertTrue(synced.out().contains(": 1 new entries, 1 contents fetched, 0 missing"), synced.out());
            assertEquals("iroh's new entry", get("new/iroh"));
            assertEquals(5, iroh.docEntries(doc).size());
        }
    }

    private String get(String key) {
        CliRunner.Result got = CliRunner.runIn(home, "doc", "get", key);
        assertEquals(0, got.exitCode(), got.err());
        return got.out().strip();
    }

    /**
     * A serving CLI command ({@code doc watch}) run in-process on its own thread: started once the node announced
     * where it listens, stopped by interrupting it (its wait for inserts ends, the node closes).
     */
    private static final class Serving implements AutoCloseable {
        private final Thread thread;

        private Serving(Thread thread) {
            this.thread = thread;
        }

        static Serving start(Path home, String... args) throws InterruptedException {
            String[] all = new String[args.length + 2];
            all[0] = "--home";
            all[1] = home.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            CountDownLatch listening = new CountDownLatch(1);
            StringWriter err = new StringWriter() {
                @Override
                public void flush() {
                    super.flush();
                    if (toString().contains(" listening on ")) {
                        listening.countDown();
                    }
                }
            };
            CommandLine cl = Main.commandLine(all);
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            Thread t = new Thread(() -> cl.execute(all), "cli-" + args[0] + "-" + args[1]);
            t.setDaemon(true);
            t.start();
            if (!listening.await(60, TimeUnit.SECONDS)) {
                t.interrupt();
                throw new AssertionError("the CLI node did not start serving: " + err);
            }
            return new Serving(t);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new AssertionError("the CLI node did not stop");
            }
        }
    }

    /** Tells iroh the CLI node's id and a free UDP port on loopback, which the CLI then listens (and dials) on. */
    private NodeAddr registerWith(IrohNode iroh) throws Exception {
        NodeId id = NodeIdentity.loadOrCreate(home).nodeId();
        int port;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        NodeAddr addr = NodeAddr.of(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        iroh.addPeer(addr);
        return addr;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
