package io.objsync.ticket;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.hash.Hash;
import io.objsync.internal.Base32;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes ticket parsing: the strings people paste, in every accepted URL form ({@link #parseText}), and the
 * postcard bytes inside them ({@link #parseBytes}: byte 0 picks blob or doc, the rest is base32-encoded behind
 * the kind, so the fuzzer works on the binary layout).
 *
 * <p>Properties: only {@link TicketFormatException} escapes; a parsed ticket's string form is canonical (it
 * parses to an equal ticket and prints the same, bare and as an {@code objsync:} URL); its bytes are never
 * longer than the bytes parsed; parsing allocates at most {@value #ALLOCATION_PER_BYTE} bytes per input byte
 * plus {@value #ALLOCATION_BASE}.
 */
class TicketFuzzTest {

    static final long ALLOCATION_BASE = 1 << 20;
    static final long ALLOCATION_PER_BYTE = 64;

    @FuzzTest
    void parseText(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        Ticket[] t = new Ticket[1];
        try {
            AllocationBound.check(ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length, "parsing a ticket",
                    () -> t[0] = Ticket.parse(text));
        } catch (TicketFormatException e) {
            return;
        }
        assertCanonical(t[0]);
    }

    @FuzzTest
    void parseBytes(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        String kind = (input[0] & 1) == 0 ? BlobTicket.KIND : DocTicket.KIND;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        Ticket[] t = new Ticket[1];
        try {
            AllocationBound.check(ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length, "parsing ticket bytes",
                    () -> t[0] = Ticket.parse(kind + Base32.encode(body)));
        } catch (TicketFormatException e) {
            return;
        }
        assertTrue(t[0].toBytes().length <= body.length, "canonical bytes longer than the parsed ones");
        assertCanonical(t[0]);
    }

    private static void assertCanonical(Ticket t) {
        String s = t.toString();
        Ticket again = Ticket.parse(s);
        assertEquals(t, again);
        assertEquals(s, again.toString());
        assertArrayEquals(t.toBytes(), again.toBytes());
        assertEquals(t, Ticket.parse(TicketUrl.of(t)));
    }

    static List<Ticket> tickets() {
        NodeKey node = NodeKey.fromSeed(FuzzSeeds.filled(1, 32));
        NodeAddr bare = NodeAddr.of(node.nodeId());
        NodeAddr full = NodeAddr.of(node.nodeId(), "https://relay.example.org./",
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4242),
                        new InetSocketAddress(address(new byte[] {0x20, 1, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                0, 1}), 443)));
        Hash hash = Hash.of(FuzzSeeds.filled(2, 32));
        byte[] namespaceSecret = FuzzSeeds.filled(3, 32);
        byte[] namespaceId = NodeKey.fromSeed(namespaceSecret).nodeId().toBytes();
        NodeAddr other = NodeAddr.of(NodeKey.fromSeed(FuzzSeeds.filled(4, 32)).nodeId(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        return List.of(
                BlobTicket.of(bare, hash, BlobFormat.RAW),
                BlobTicket.of(full, hash, BlobFormat.HASH_SEQ),
                DocTicket.of(DocCapability.read(namespaceId), List.of(full)),
                DocTicket.of(DocCapability.write(namespaceSecret), List.of(bare, other)));
    }

    static Map<String, byte[]> textSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<Ticket> tickets = tickets();
        for (int i = 0; i < tickets.size(); i++) {
            seeds.put("ticket-" + i, tickets.get(i).toString().getBytes(StandardCharsets.UTF_8));
        }
        seeds.put("url-opaque", TicketUrl.of(tickets.get(0)).getBytes(StandardCharsets.UTF_8));
        seeds.put("url-slashes", ("objsync://" + tickets.get(2) + "/").getBytes(StandardCharsets.UTF_8));
        seeds.put("url-https", ("https://example.org/open?x=1&ticket="
                + URLEncoder.encode(tickets.get(3).toString(), StandardCharsets.UTF_8) + "#top")
                .getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    static Map<String, byte[]> byteSeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<Ticket> tickets = tickets();
        for (int i = 0; i < tickets.size(); i++) {
            byte[] body = tickets.get(i).toBytes();
            byte[] seed = new byte[1 + body.length];
            seed[0] = (byte) (tickets.get(i) instanceof BlobTicket ? 0 : 1);
            System.arraycopy(body, 0, seed, 1, body.length);
            seeds.put("ticket-" + i, seed);
        }
        return seeds;
    }

    private static InetAddress address(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(TicketFuzzTest.class, "parseText", textSeeds());
        FuzzSeeds.check(TicketFuzzTest.class, "parseBytes", byteSeeds());
    }
}
