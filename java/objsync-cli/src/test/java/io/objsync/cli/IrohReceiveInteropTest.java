package io.objsync.cli;

import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.iroh.IrohNode;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code objsync receive} of tickets a real iroh 0.35 node wrote (a blob and a collection), over the CLI's
 * default transport (QUIC). iroh 0.35 answers only UDP addresses it knows, so it is first given the address the
 * CLI's node will listen (and therefore dial) from.
 */
@Tag("iroh")
class IrohReceiveInteropTest {

    @TempDir
    Path dir;

    @Test
    void receivesABlobAndACollectionFromAnIrohNodeByItsTickets() throws Exception {
        byte[] big = random(3 * 1024 * 1024 + 11, 1);
        byte[] small = random(70_000, 2);
        try (IrohNode iroh = IrohNode.start()) {
            IrohNode.Added bigBlob = iroh.addBytes(big);
            IrohNode.Added smallBlob = iroh.addBytes(small);
            Map<String, io.objsync.hash.Hash> entries = new LinkedHashMap<>();
            entries.put("big.bin", bigBlob.hash());
            entries.put("sub/small.bin", smallBlob.hash());
            IrohNode.Added collection = iroh.collection(entries);

            Path home = dir.resolve("home");
            NodeId me;
            try (Node n = Node.open(NodeConfig.quic(home))) { // creates the home's key: the id iroh must know
                me = n.nodeId();
            }
            int port;
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            iroh.addPeer(NodeAddr.of(me, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));

            Path blobOut = dir.resolve("blob.bin");
            CliRunner.Result blob = CliRunner.run("--home", home.toString(), "receive", bigBlob.ticket(),
                    "-o", blobOut.toString(), "--port", Integer.toString(port));
            assertEquals(0, blob.exitCode(), bigBlob.ticket() + "\n" + blob.err());
            assertArrayEquals(big, Files.readAllBytes(blobOut));

            Path collectionOut = dir.resolve("collection");
            CliRunner.Result coll = CliRunner.run("--home", home.toString(), "receive", collection.ticket(),
                    "-o", collectionOut.toString(), "--port", Integer.toString(port));
            assertEquals(0, coll.exitCode(), collection.ticket() + "\n" + coll.err());
            assertArrayEquals(big, Files.readAllBytes(collectionOut.resolve("big.bin")));
            assertArrayEquals(small, Files.readAllBytes(collectionOut.resolve("sub/small.bin")));
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
