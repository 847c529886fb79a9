package io.objsync.cli;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.ticket.BlobFormat;
import io.objsync.ticket.BlobTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each class of outcome ends the process with its documented status (see ExitStatus and the README). */
class ExitStatusTest {
    @TempDir
    Path dir;

    private CliRunner.Result run(String... args) {
        return CliRunner.runIn(dir.resolve("home"), args);
    }

    private static void assertStatus(ExitStatus expected, CliRunner.Result r) {
        assertEquals(expected.code, r.exitCode(), "out: " + r.out() + "\nerr: " + r.err());
        if (expected != ExitStatus.OK) {
            assertTrue(r.err().startsWith("objsync: "), r.err());
        }
    }

    @Test
    void okAndCheckFailed() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {1, 2, 3});
        Path sums = Files.writeString(dir.resolve("sums"), Blake3.hash(new byte[] {1, 2, 3}).toHex() + "  " + file + "\n");
        assertStatus(ExitStatus.OK, run("hash", "--check", sums.toString()));
        Files.write(file, new byte[] {1, 2, 4});
        assertStatus(ExitStatus.CHECK_FAILED, run("hash", "--check", sums.toString()));
        assertStatus(ExitStatus.CHECK_FAILED, run("store", "get", Blake3.hash(new byte[0]).toHex(), "-o",
                dir.resolve("out").toString()));
    }

    @Test
    void usageErrors() {
        assertStatus(ExitStatus.USAGE, run("hash", "--no-such-option"));
        assertStatus(ExitStatus.USAGE, run("no-such-command"));
        assertStatus(ExitStatus.USAGE, run("store", "get", "nothex", "-o", dir.resolve("x").toString()));
        assertStatus(ExitStatus.USAGE, run("hash", "--threads", "0", "x"));
        assertStatus(ExitStatus.USAGE, run("doc", "get", "k")); // no document yet
        assertStatus(ExitStatus.USAGE, run("receive", "not-a-ticket"));
    }

    @Test
    void localIoErrors() throws IOException {
        assertStatus(ExitStatus.IO, run("hash", dir.resolve("missing").toString()));
        assertStatus(ExitStatus.IO, run("store", "add", dir.resolve("missing").toString()));
        Path file = Files.write(dir.resolve("f"), new byte[100]);
        assertEquals(0, run("store", "add", file.toString()).exitCode());
        assertStatus(ExitStatus.IO, run("store", "get", Blake3.hash(new byte[100]).toHex(), "-o",
                dir.resolve("no/such/dir/out").toString()));
    }

    @Test
    void anUnreachablePeerIsANetworkError() throws IOException {
        int port; // a closed UDP port: over QUIC (the default) the dial ends at the handshake timeout
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NodeAddr nowhere = NodeAddr.of(NodeKey.generate().nodeId(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        BlobTicket t = BlobTicket.of(nowhere, Blake3.hash(new byte[] {9}), BlobFormat.RAW);
        assertStatus(ExitStatus.NETWORK, run("receive", t.toString(), "-o", dir.resolve("out").toString()));
    }

    @Test
    void aPeerThatRefusesIsAPeerError() throws IOException {
        try (Node peer = Node.open(NodeConfig.quic(dir.resolve("peer"))
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))) {
            Hash absent = Blake3.hash(new byte[] {9});
            BlobTicket lacking = BlobTicket.of(peer.addr(), absent, BlobFormat.RAW);
            assertStatus(ExitStatus.PEER, run("receive", lacking.toString(), "-o", dir.resolve("out").toString()));

            NodeAddr impostor = NodeAddr.of(NodeKey.generate().nodeId(),
                    peer.addr().directAddresses().toArray(new InetSocketAddress[0]));
            BlobTicket wrongNode = BlobTicket.of(impostor, absent, BlobFormat.RAW);
            assertStatus(ExitStatus.PEER, run("receive", wrongNode.toString(), "-o", dir.resolve("out").toString()));
        }
    }

    @Test
    void theCauseChainDecidesAndTheUnexpectedIsInternal() {
        assertEquals(ExitStatus.IO, ExitStatus.of(new UncheckedIOException(new NoSuchFileException("f"))));
        assertEquals(ExitStatus.INTERNAL, ExitStatus.of(new NullPointerException()));
        assertEquals(ExitStatus.INTERNAL, ExitStatus.of(new IllegalStateException(new RuntimeException())));
    }
}
