package io.objsync.ticket;

import io.objsync.hash.Hash;
import io.objsync.internal.Base32;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeId;
import io.objsync.net.NodeKey;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TicketTest {

    private static final HexFormat HEX = HexFormat.of();
    // The reference's test vectors (iroh-blobs src/ticket.rs, iroh-docs src/ticket.rs; wire reference section 5).
    private static final String ID = "ae58ff8833241ac82d6ff7611046ed67b5072d142c588d0063e942d9a75502b6";
    private static final String HASH = "0b84d358e4c8be6c38626b2182ff575818ba6bd3f4b90464994be14cb354a072";

    private static NodeId id() {
        return NodeId.parse(ID);
    }

    @Test
    void blobTicketMatchesTheReferenceVector() {
        BlobTicket t = BlobTicket.of(NodeAddr.of(id()), Hash.fromHex(HASH), BlobFormat.RAW);
        byte[] expected = HEX.parseHex("00" + ID + "00" + "00" + "00" + HASH);
        assertArrayEquals(expected, t.toBytes());
        assertEquals("blob" + Base32.encode(expected), t.toString());
        assertEquals(t, BlobTicket.parse(t.toString()));
        assertEquals(t, Ticket.parse(t.toString()));
    }

    @Test
    void docReadTicketMatchesTheReferenceVector() {
        DocTicket t = DocTicket.of(DocCapability.read(HEX.parseHex(ID)), List.of(NodeAddr.of(id())));
        byte[] expected = HEX.parseHex("00" + "01" + ID + "01" + ID + "00");
        assertArrayEquals(expected, t.toBytes());
        assertEquals("doc" + Base32.encode(expected), t.toString());
        DocTicket back = DocTicket.parse(t.toString());
        assertEquals(t, back);
        assertFalse(back.capability().isWrite());
        assertArrayEquals(HEX.parseHex(ID), back.capability().namespaceId());
        assertThrows(IllegalStateException.class, () -> back.capability().namespaceSecret());
    }

    @Test
    void docWriteTicketCarriesTheSecretAsAByteString() {
        NodeKey namespace = NodeKey.fromSeed(filled(7));
        DocTicket t = DocTicket.of(DocCapability.write(namespace.seed()), List.of(NodeAddr.of(id())));
        byte[] expected = HEX.parseHex("00" + "00" + "20" + HEX.formatHex(filled(7)) + "01" + ID + "00");
        assertArrayEquals(expected, t.toBytes());
        DocTicket back = DocTicket.parse(t.toString());
        assertTrue(back.capability().isWrite());
        assertArrayEquals(filled(7), back.capability().namespaceSecret());
        // The namespace id is the secret's public key, and a read ticket for it is derivable.
        assertArrayEquals(namespace.nodeId().toBytes(), back.capability().namespaceId());
        assertEquals(DocCapability.read(namespace.nodeId().toBytes()), back.capability().toRead());
        assertFalse(back.capability().toString().contains(HEX.formatHex(filled(7))));
    }

    @Test
    void addressesRoundTripInBothLayouts() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 11204);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 443);
        InetSocketAddress lo = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1234);
        NodeAddr addr = NodeAddr.of(id(), "https://relay.example.org./", List.of(v6, v4, lo, v4));
        // Sorted as the reference's BTreeSet: IPv4 first, by address bytes, duplicates dropped.
        assertEquals(List.of(lo, v4, v6), addr.directAddresses());

        BlobTicket blob = BlobTicket.of(addr, Hash.fromHex(HASH), BlobFormat.HASH_SEQ);
        byte[] b = blob.toBytes();
        String relay = "https://relay.example.org./";
        String expected = "00" + ID + "01" + HEX.formatHex(new byte[] {(byte) relay.length()})
                + HEX.formatHex(relay.getBytes()) + "03"
                + "00" + "7f000001" + "d209"       // V4 127.0.0.1:1234 (port as varint)
                + "00" + "c0a80114" + "c457"       // V4 192.168.1.20:11204
                + "01" + "20010db8000000000000000000000007" + "bb03" // V6 [2001:db8::7]:443
                + "01" + HASH;
        assertEquals(expected, HEX.formatHex(b));
        assertEquals(blob, BlobTicket.parse(blob.toString()));

        DocTicket doc = DocTicket.of(DocCapability.read(HEX.parseHex(ID)), List.of(addr, NodeAddr.of(id())));
        String docHex = HEX.formatHex(doc.toBytes());
        // EndpointAddr: node id, then 4 transport addresses, the relay (variant 0) first, then Ip (variant 1).
        assertTrue(docHex.startsWith("0001" + ID + "02" + ID + "04" + "00" + HEX.formatHex(new byte[] {27})),
                docHex);
        assertTrue(docHex.contains("01" + "00" + "7f000001" + "d209"), docHex);
        assertEquals(doc, DocTicket.parse(doc.toString()));
    }

    @Test
    void urlForms() {
        BlobTicket t = BlobTicket.of(NodeAddr.of(id()), Hash.fromHex(HASH), BlobFormat.RAW);
        String s = t.toString();
        assertEquals("objsync:" + s, TicketUrl.of(t));
        assertEquals(t, Ticket.parse(TicketUrl.of(t)));
        assertEquals(t, BlobTicket.parse("objsync://" + s + "/"));
        assertEquals(t, BlobTicket.parse("https://example.org/open?x=1&ticket=" + s + "#top"));
        assertEquals(t, BlobTicket.parse("  " + s.toUpperCase() + "\n"));
        TicketFormatException e = assertThrows(TicketFormatException.class,
                () -> Ticket.parse("https://example.org/open?x=1"));
        assertEquals(Reason.WRONG_KIND, e.reason());
    }

    @Test
    void aBadPercentEscapeInATicketUrlIsATicketFormatException() {
        // Found by TicketFuzzTest: URLDecoder's own IllegalArgumentException escaped Ticket.parse untyped.
        TicketFormatException e = assertThrows(TicketFormatException.class,
                () -> Ticket.parse("https://example.org/open?ticket=blob%xw"));
        assertEquals(Reason.INVALID, e.reason());
    }

    @Test
    void malformedTicketsFailWithTheirReason() {
        BlobTicket blob = BlobTicket.of(NodeAddr.of(id()), Hash.fromHex(HASH), BlobFormat.RAW);
        byte[] good = blob.toBytes();
        DocTicket doc = DocTicket.of(DocCapability.read(HEX.parseHex(ID)), List.of(NodeAddr.of(id())));

        assertReason(Reason.WRONG_KIND, () -> BlobTicket.parse(doc.toString()));
        assertReason(Reason.WRONG_KIND, () -> DocTicket.parse(blob.toString()));
        assertReason(Reason.WRONG_KIND, () -> Ticket.parse("node" + Base32.encode(good)));
        assertReason(Reason.WRONG_KIND, () -> Ticket.parse(""));
        assertReason(Reason.BAD_BASE32, () -> BlobTicket.parse("blob" + Base32.encode(good) + "1"));
        assertReason(Reason.BAD_BASE32, () -> BlobTicket.parse("blob" + Base32.encode(good) + "="));
        assertReason(Reason.TRUNCATED, () -> BlobTicket.parse("blob" + Base32.encode(Arrays.copyOf(good, 40))));
        assertReason(Reason.TRUNCATED, () -> BlobTicket.parse("blob"));
        assertReason(Reason.TRAILING_BYTES, () -> BlobTicket.parse("blob" + Base32.encode(Arrays.copyOf(good, 71))));

        byte[] variant1 = good.clone();
        variant1[0] = 1;
        assertReason(Reason.UNKNOWN_VARIANT, () -> BlobTicket.parse("blob" + Base32.encode(variant1)));
        byte[] format2 = good.clone();
        format2[35] = 2;
        assertReason(Reason.UNKNOWN_VARIANT, () -> BlobTicket.parse("blob" + Base32.encode(format2)));
        byte[] capability2 = doc.toBytes();
        capability2[1] = 2;
        assertReason(Reason.UNKNOWN_VARIANT, () -> DocTicket.parse("doc" + Base32.encode(capability2)));
        byte[] userAddr = HEX.parseHex("0001" + ID + "01" + ID + "01" + "02" + "05");
        assertReason(Reason.UNKNOWN_VARIANT, () -> DocTicket.parse("doc" + Base32.encode(userAddr)));

        byte[] noNodes = HEX.parseHex("0001" + ID + "00");
        assertReason(Reason.INVALID, () -> DocTicket.parse("doc" + Base32.encode(noNodes)));
        byte[] shortSecret = HEX.parseHex("0000" + "10" + ID.substring(0, 32) + "01" + ID + "00");
        assertReason(Reason.INVALID, () -> DocTicket.parse("doc" + Base32.encode(shortSecret)));
        byte[] badOption = good.clone();
        badOption[33] = 2;
        assertReason(Reason.INVALID, () -> BlobTicket.parse("blob" + Base32.encode(badOption)));
        // y = 2 has no x on the curve: not a public key.
        byte[] notAPoint = good.clone();
        Arrays.fill(notAPoint, 1, 33, (byte) 0);
        notAPoint[1] = 2;
        assertReason(Reason.INVALID, () -> BlobTicket.parse("blob" + Base32.encode(notAPoint)));
    }

    @Test
    void everyTruncationOfAFullTicketIsRefusedTyped() throws Exception {
        NodeAddr addr = NodeAddr.of(id(), "https://relay.example.org./",
                List.of(new InetSocketAddress(InetAddress.getByName("::1"), 7)));
        byte[] full = DocTicket.of(DocCapability.write(filled(3)), List.of(addr)).toBytes();
        for (int n = 0; n < full.length; n++) {
            String s = "doc" + Base32.encode(Arrays.copyOf(full, n));
            TicketFormatException e = assertThrows(TicketFormatException.class, () -> DocTicket.parse(s));
            assertTrue(e.reason() == Reason.TRUNCATED || e.reason() == Reason.INVALID, n + ": " + e.reason());
        }
    }

    private static void assertReason(Reason reason, Runnable parse) {
        TicketFormatException e = assertThrows(TicketFormatException.class, parse::run);
        assertEquals(reason, e.reason(), e.getMessage());
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    private static byte[] filled(int b) {
        byte[] a = new byte[32];
        Arrays.fill(a, (byte) b);
        return a;
    }
}
