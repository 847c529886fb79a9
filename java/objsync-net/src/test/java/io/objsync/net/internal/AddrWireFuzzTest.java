package io.objsync.net.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the two postcard layouts of node addresses in tickets (iroh-blobs' legacy {@code NodeAddr} and iroh's
 * {@code EndpointAddr}). Byte 0 picks the layout; the rest is read with {@link AddrWire}.
 *
 * <p>Properties: only {@link IllegalArgumentException} escapes (a {@code PostcardException}, an
 * {@link AddrWire.UnknownVariantException}, a node id that is no curve point or a relay URL that is not
 * absolute), which ticket parsing turns into {@code TicketFormatException}; what is read writes back to bytes
 * that read the same, are a fixed point of read-then-write and are never longer than what was read.
 */
class AddrWireFuzzTest {

    @FuzzTest
    void readAddr(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean legacy = (input[0] & 1) == 0;
        PostcardReader r = new PostcardReader(input, 1, input.length - 1);
        NodeAddr addr;
        try {
            addr = legacy ? AddrWire.readLegacy(r) : AddrWire.readEndpointAddr(r);
        } catch (IllegalArgumentException e) {
            return;
        }
        int read = r.position() - 1;
        byte[] canonical = write(addr, legacy);
        assertTrue(canonical.length <= read, "canonical form longer than the input");
        PostcardReader again = new PostcardReader(canonical);
        NodeAddr back = legacy ? AddrWire.readLegacy(again) : AddrWire.readEndpointAddr(again);
        again.expectEnd();
        assertEquals(addr, back);
        assertArrayEquals(canonical, write(back, legacy));
    }

    private static byte[] write(NodeAddr addr, boolean legacy) {
        PostcardWriter w = new PostcardWriter();
        if (legacy) {
            AddrWire.writeLegacy(w, addr);
        } else {
            AddrWire.writeEndpointAddr(w, addr);
        }
        return w.toByteArray();
    }

    static Map<String, byte[]> seeds() throws UnknownHostException {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 9);
        NodeAddr full = NodeAddr.of(NodeKey.fromSeed(seed).nodeId(), "https://relay.example.org./",
                List.of(new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 11204),
                        new InetSocketAddress(InetAddress.getByName("::1"), 65535)));
        NodeAddr bare = NodeAddr.of(NodeKey.fromSeed(seed).nodeId());
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("legacy-full", prefixed(0, write(full, true)));
        seeds.put("legacy-bare", prefixed(0, write(bare, true)));
        seeds.put("endpoint-full", prefixed(1, write(full, false)));
        seeds.put("endpoint-bare", prefixed(1, write(bare, false)));
        return seeds;
    }

    private static byte[] prefixed(int b, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) b;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(AddrWireFuzzTest.class, "readAddr", seeds());
    }
}
