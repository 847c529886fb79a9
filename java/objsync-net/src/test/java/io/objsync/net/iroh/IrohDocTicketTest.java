package io.objsync.net.iroh;

import io.objsync.ticket.DocCapability;
import io.objsync.ticket.DocTicket;
import io.objsync.ticket.DocTicket.AddrLayout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Doc tickets against real iroh 0.35 nodes: the tickets iroh writes parse and are written back byte for byte in
 * its layout ({@link AddrLayout#NODE_ADDR}); a ticket we write in that layout is one iroh joins by, while iroh
 * 0.35 refuses iroh-docs 0.97's layout (our default).
 */
@Tag("iroh")
class IrohDocTicketTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void irohsDocTicketsParseAndAreWrittenBackByteForByte() {
        try (IrohNode node = IrohNode.start()) {
            String doc = node.docCreate();
            for (boolean write : new boolean[] {false, true}) {
                String text = node.docShare(doc, write);
                DocTicket t = DocTicket.parse(text);
                assertEquals(write, t.capability().isWrite());
                assertArrayEquals(HEX.parseHex(doc), t.capability().namespaceId());
                assertEquals(List.of(node.addr()), t.nodes());
                assertEquals(text, t.toString(AddrLayout.NODE_ADDR));
                assertEquals(text, DocTicket.of(t.capability(), List.of(node.addr())).toString(AddrLayout.NODE_ADDR));
            }
        }
    }

    @Test
    void irohJoinsByOurTicketInItsLayoutAndRefusesTheNewerOne() {
        try (IrohNode owner = IrohNode.start(); IrohNode reader = IrohNode.start(); IrohNode writer = IrohNode.start()) {
            String doc = owner.docCreate();
            byte[] key = "notes/today".getBytes(StandardCharsets.UTF_8);
            byte[] value = "written by iroh".getBytes(StandardCharsets.UTF_8);
            owner.docSet(doc, key, value);
            List<IrohNode.Entry> entries = owner.docEntries(doc);
            assertEquals(1, entries.size());
            // iroh answers syncs of a document only once it is shared (doc.share starts its sync; without it
            // a joiner gets Abort(NotFound)): share it, and ignore the ticket.
            owner.docShare(doc, false);

            DocTicket ours = DocTicket.of(DocCapability.read(HEX.parseHex(doc)), List.of(owner.addr()));
            IrohNode.IrohException refused = assertThrows(IrohNode.IrohException.class,
                    () -> reader.docJoin(ours.toString()));
            // Refused when reading the ticket (DocTicket.fromString), before any network use.
            assertTrue(refused.getMessage().contains("docJoin: deserialization failed"), refused.getMessage());

            assertEquals(doc, reader.docJoin(ours.toString(AddrLayout.NODE_ADDR)));
            List<IrohNode.Entry> got = reader.docEntries(doc);
            assertEquals(1, got.size());
            IrohNode.Entry e = got.get(0);
            assertArrayEquals(entries.get(0).author(), e.author());
            assertArrayEquals(key, e.key());
            assertEquals(entries.get(0).hash(), e.hash());
            assertEquals(value.length, e.len());
            assertEquals(entries.get(0).timestampMicros(), e.timestampMicros());
            assertArrayEquals(value, reader.docContent(doc, e.author(), key));

            // A write ticket we wrote (the secret from iroh's own write ticket) makes the joiner a writer.
            DocCapability write = DocTicket.parse(owner.docShare(doc, true)).capability();
            DocTicket ourWrite = DocTicket.of(write, List.of(owner.addr()));
            assertEquals(doc, writer.docJoin(ourWrite.toString(AddrLayout.NODE_ADDR)));
            writer.docSet(doc, "notes/tomorrow".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
            assertEquals(2, writer.docEntries(doc).size());
            assertFalse(DocTicket.parse(owner.docShare(doc, false)).capability().isWrite());
        }
    }
}
