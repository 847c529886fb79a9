package io.objsync.ticket;

import io.objsync.internal.Base32;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
import io.objsync.ticket.DocTicket.AddrLayout;
import io.objsync.ticket.TicketFormatException.Reason;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Doc tickets in both node address layouts: iroh-docs 0.97's {@code EndpointAddr} and iroh 0.35's
 * {@code NodeAddr}. The fixtures are tickets an iroh 0.35.0 node (npm {@code @number0/iroh}) wrote for one
 * document ({@code doc.share(Read|Write, AddrInfoOptions.Addresses)}), byte for byte.
 */
class DocTicketLayoutTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String DOC = "1385efdeb34dc62d218b89bee412b36ddb8dbf7f6d1e933f70c4b30182db3034";
    private static final String NODE = "e9d629df73371cecbef81ba3ebda0df5f424f6ba64ee51466fd7547487256259";
    private static final String IROH_READ = "docaaarhbpp32zu3rrnegfytpxeckzw3w4nx57w2huth5ymjmybqlntanab5hlctx3tg4oozpx"
            + "ydor6xwqn6x2cj5v2mtxfcrtp25khjbzfmjmqaaqap4aaaapoyybqcaaaaaaaaaaaaaaaaaaaaaaaaanpwuba";
    private static final String IROH_WRITE = "docaaacbef6k7ge3k4zygpw24b5bgt5vqk47kvfdvs4cblfbqpnqcpwjredahu5mko7om3rz3"
            + "f67an2h262bx27ijhwxjso4ukgn7lvi5ehevrfsaacab7qaaab53dagaiaaaaaaaaaaaaaaaaaaaaaaaabv62qe";

    private static NodeAddr irohNode() throws Exception {
        return NodeAddr.of(NodeId.parse(NODE), null, List.of(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 58222),
                new InetSocketAddress(InetAddress.getByName("::1"), 39599)));
    }

    @Test
    void irohReadTicketParsesAndIsWrittenBackByteForByteInItsLayout() throws Exception {
        DocTicket t = DocTicket.parse(IROH_READ);
        assertFalse(t.capability().isWrite());
        assertArrayEquals(HEX.parseHex(DOC), t.capability().namespaceId());
        assertEquals(List.of(irohNode()), t.nodes());
        // 00 variant, 01 read, id, 1 node: id, 00 no relay, 2 addresses (V4 127.0.0.1:58222, V6 ::1:39599)
        assertArrayEquals(HEX.parseHex("0001" + DOC + "01" + NODE + "00" + "02" + "007f000001eec603"
                + "01" + "00000000000000000000000000000001" + "afb502"), t.toBytes(AddrLayout.NODE_ADDR));
        assertEquals(IROH_READ, t.toString(AddrLayout.NODE_ADDR));
        // The default is iroh-docs 0.97's layout: a different string for the same ticket.
        assertNotEquals(IROH_READ, t.toString());
        assertEquals(t, DocTicket.parse(t.toString()));
    }

    @Test
    void irohWriteTicketParsesAndIsWrittenBackByteForByteInItsLayout() throws Exception {
        DocTicket t = DocTicket.parse(IROH_WRITE);
        assertTrue(t.capability().isWrite());
        // The namespace id is the secret's public key: the document the read ticket names.
        assertArrayEquals(HEX.parseHex(DOC), t.capability().namespaceId());
        assertEquals(List.of(irohNode()), t.nodes());
        assertEquals(IROH_WRITE, t.toString(AddrLayout.NODE_ADDR));
        assertEquals(DocCapability.read(HEX.parseHex(DOC)), t.capability().toRead());
    }

    @Test
    void bothLayoutsRoundTripWithRelayAndSeveralNodes() throws Exception {
        NodeAddr a = NodeAddr.of(NodeKey.fromSeed(filled(1)).nodeId(), "https://relay.example.org./", List.of(
                new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 4433),
                new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443)));
        NodeAddr b = NodeAddr.of(NodeKey.fromSeed(filled(2)).nodeId());
        DocTicket t = DocTicket.of(DocCapability.write(filled(3)), List.of(a, b));
        for (AddrLayout layout : AddrLayout.values()) {
            String s = t.toString(layout);
            assertEquals(t, DocTicket.parse(s), layout.name());
            assertEquals(s, DocTicket.parse(s).toString(layout), layout.name());
            assertEquals(t, Ticket.parse(s), layout.name());
        }
        byte[] legacy = t.toBytes(AddrLayout.NODE_ADDR);
        byte[] current = t.toBytes(AddrLayout.ENDPOINT_ADDR);
        byte[] url = "https://relay.example.org./".getBytes();
        // Legacy: Some(url) then the 2 addresses; 0.97: 3 transport addresses, the relay (variant 0) first.
        int at = 1 + 1 + 1 + 32 + 1 + 32;
        assertEquals("01" + HEX.formatHex(new byte[] {(byte) url.length}) + HEX.formatHex(url) + "02",
                HEX.formatHex(legacy, at, at + 2 + url.length + 1));
        assertEquals("03" + "00" + HEX.formatHex(new byte[] {(byte) url.length}) + HEX.formatHex(url) + "01",
                HEX.formatHex(current, at, at + 3 + url.length + 1));
    }

    @Test
    void theDefaultLayoutIsIrohDocs097() {
        DocTicket t = DocTicket.of(DocCapability.read(HEX.parseHex(DOC)), List.of(NodeAddr.of(NodeId.parse(NODE))));
        assertArrayEquals(t.toBytes(AddrLayout.ENDPOINT_ADDR), t.toBytes());
        assertEquals(t.toString(AddrLayout.ENDPOINT_ADDR), t.toString());
        // A bare node: 0.97 writes an empty set (00), iroh 0.35 no relay and an empty set (00 00).
        assertEquals("0001" + DOC + "01" + NODE + "00", HEX.formatHex(t.toBytes()));
        assertEquals("0001" + DOC + "01" + NODE + "0000", HEX.formatHex(t.toBytes(AddrLayout.NODE_ADDR)));
    }

    @Test
    void everyTruncationIsATypedErrorOrADifferentTicket() {
        for (String fixture : List.of(IROH_READ, IROH_WRITE, DocTicket.parse(IROH_WRITE).toString())) {
            DocTicket whole = DocTicket.parse(fixture);
            byte[] bytes = Base32.decode(fixture.substring(3));
            for (int n = 0; n < bytes.length; n++) {
                String cut = "doc" + Base32.encode(Arrays.copyOf(bytes, n));
                try {
                    // A legacy ticket cut after a node's "no relay" byte is a complete 0.97 ticket whose node has
                    // no addresses: the formats allow it, but it must never read as the whole ticket.
                    assertNotEquals(whole, DocTicket.parse(cut), "prefix of " + n + " bytes");
                } catch (TicketFormatException e) {
                    assertTrue(e.reason() == Reason.TRUNCATED || e.reason() == Reason.INVALID
                            || e.reason() == Reason.UNKNOWN_VARIANT, n + ": " + e.reason() + " " + e.getMessage());
                }
            }
        }
    }

    @Test
    void truncatedInsideFixedFieldsIsTruncated() {
        byte[] bytes = Base32.decode(IROH_READ.substring(3));
        for (int n : new int[] {1, 2, 20, 34, 40, 66}) { // inside the capability id and the first node id
            TicketFormatException e = assertThrows(TicketFormatException.class,
                    () -> DocTicket.parse("doc" + Base32.encode(Arrays.copyOf(bytes, n))));
            assertEquals(Reason.TRUNCATED, e.reason(), n + ": " + e.getMessage());
        }
        // Cut inside the IPv6 address: legacy reads furthest, and says so.
        TicketFormatException e = assertThrows(TicketFormatException.class,
                () -> DocTicket.parse("doc" + Base32.encode(Arrays.copyOf(bytes, bytes.length - 5))));
        assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("iroh 0.35's layout"), e.getMessage());
    }

    @Test
    void trailingBytesAndUnknownVariantsAreTyped() {
        byte[] bytes = Base32.decode(IROH_READ.substring(3));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        TicketFormatException trailing = assertThrows(TicketFormatException.class,
                () -> DocTicket.parse("doc" + Base32.encode(longer)));
        assertEquals(Reason.TRAILING_BYTES, trailing.reason(), trailing.getMessage());

        // iroh-docs 0.97's Custom transport address (variant 2) is not known here. These bytes read further as
        // iroh 0.35's layout (01 = a relay URL of 2 bytes), so that failure leads, but both are named.
        byte[] custom = HEX.parseHex("0001" + DOC + "01" + NODE + "01" + "02" + "0000");
        TicketFormatException unknown = assertThrows(TicketFormatException.class,
                () -> DocTicket.parse("doc" + Base32.encode(custom)));
        assertEquals(Reason.TRUNCATED, unknown.reason(), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("unknown transport address kind 2"), unknown.getMessage());

        byte[] capability = HEX.parseHex("0002" + DOC + "01" + NODE + "00");
        assertEquals(Reason.UNKNOWN_VARIANT, assertThrows(TicketFormatException.class,
                () -> DocTicket.parse("doc" + Base32.encode(capability))).reason());

        byte[] noNodes = HEX.parseHex("0001" + DOC + "00");
        assertEquals(Reason.INVALID, assertThrows(TicketFormatException.class,
                () -> DocTicket.parse("doc" + Base32.encode(noNodes))).reason());

        assertEquals(Reason.WRONG_KIND, assertThrows(TicketFormatException.class,
                () -> DocTicket.parse("blob" + IROH_READ.substring(3))).reason());
        assertEquals(Reason.BAD_BASE32, assertThrows(TicketFormatException.class,
                () -> DocTicket.parse(IROH_READ + "1")).reason());
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
