package io.objsync.net.iroh;

import io.objsync.hash.Blake3;
import io.objsync.net.NodeAddr;
import io.objsync.ticket.BlobFormat;
import io.objsync.ticket.BlobTicket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real iroh 0.35 nodes on loopback: proves the harness (one downloads a blob from the other by the ticket
 * the first gave out) and that our {@link BlobTicket} reads iroh's blob tickets and writes them back byte for
 * byte.
 */
@Tag("iroh")
class IrohHarnessTest {

    @Test
    void oneIrohNodeDownloadsFromAnotherByTicket() {
        byte[] data = new byte[300_000]; // several chunk groups, not a multiple of 16 KiB
        new Random(7).nextBytes(data);
        try (IrohNode provider = IrohNode.start(); IrohNode getter = IrohNode.start()) {
            IrohNode.Added added = provider.addBytes(data);
            assertEquals(Blake3.hash(data), added.hash());
            assertEquals("NotFound", getter.status(added.hash()));

            IrohNode.Downloaded got = getter.download(added.ticket());

            assertEquals(added.hash(), got.hash());
            assertEquals("Complete", getter.status(added.hash()));
            assertArrayEquals(data, getter.read(added.hash()));
            // size (8) + data + one 64-byte pair per chunk group but the last: the BAO stream, nothing more.
            long groups = (data.length + 16383) / 16384;
            assertEquals(8 + data.length + 64 * (groups - 1), got.bytesRead());
        }
    }

    @Test
    void ourBlobTicketRoundTripsIrohsTicketsByteForByte() {
        try (IrohNode node = IrohNode.start()) {
            IrohNode.Added blob = node.addBytes("hello iroh".getBytes());
            BlobTicket t = BlobTicket.parse(blob.ticket());
            assertEquals(blob.hash(), t.hash());
            assertEquals(BlobFormat.RAW, t.format());
            assertEquals(node.addr(), t.node());
            assertEquals(blob.ticket(), t.toString());
            assertEquals(blob.ticket(), BlobTicket.of(node.addr(), blob.hash(), BlobFormat.RAW).toString());

            IrohNode.Added coll = node.collection(java.util.Map.of("hello.txt", blob.hash()));
            BlobTicket c = BlobTicket.parse(coll.ticket());
            assertEquals(BlobFormat.HASH_SEQ, c.format());
            assertEquals(coll.hash(), c.hash());
            assertEquals(coll.ticket(), c.toString());
            assertTrue(c.node().directAddresses().stream().allMatch(a -> a.getAddress().isLoopbackAddress()));
            NodeAddr parsed = c.node();
            assertEquals(node.nodeId(), parsed.nodeId());
        }
    }
}
