package io.objsync.net.internal.quic.engine.handshake;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongHeaderTest {

    private static final HexFormat HEX = HexFormat.of();
    // RFC 9001 A.2: the client Initial's unprotected header (Length 1182, packet number 2 in 4 bytes)
    private static final String CLIENT_INITIAL = "c300000001088394c8f03e5157080000449e00000002";
    // RFC 9001 A.3: the server Initial's unprotected header (Length 117, packet number 1 in 2 bytes)
    private static final String SERVER_INITIAL = "c1000000010008f067a5502a4262b50040750001";

    @Test
    void writesTheRfcClientInitialHeader() {
        byte[] dst = new byte[1200];
        int pnOffset = LongHeader.write(dst, 0, LongHeader.INITIAL, HEX.parseHex("8394c8f03e515708"), new byte[0],
                new byte[0], 2, 4);
        LongHeader.writeLength(dst, pnOffset, pnOffset + 1182);
        assertEquals(CLIENT_INITIAL, HEX.formatHex(dst, 0, pnOffset + 4));
    }

    @Test
    void writesTheRfcServerInitialHeader() {
        byte[] dst = new byte[200];
        int pnOffset = LongHeader.write(dst, 0, LongHeader.INITIAL, new byte[0], HEX.parseHex("f067a5502a4262b5"),
                new byte[0], 1, 2);
        LongHeader.writeLength(dst, pnOffset, pnOffset + 117);
        assertEquals(SERVER_INITIAL, HEX.formatHex(dst, 0, pnOffset + 2));
    }

    @Test
    void readsTheRfcClientInitial() {
        byte[] datagram = Arrays.copyOf(HEX.parseHex(CLIENT_INITIAL), 1200);
        LongHeader h = new LongHeader();
        assertTrue(h.read(datagram, 0, datagram.length));
        assertEquals(LongHeader.INITIAL, h.type());
        assertEquals(LongHeader.VERSION_1, h.version());
        assertArrayEquals(HEX.parseHex("8394c8f03e515708"), Arrays.copyOfRange(datagram, h.dcidOffset(),
                h.dcidOffset() + h.dcidLength()));
        assertEquals(0, h.scidLength());
        assertEquals(0, h.tokenLength());
        assertEquals(18, h.pnOffset());
        assertEquals(18 + 1182, h.packetEnd());
    }

    @Test
    void readsCoalescedPacketsOneAfterTheOther() {
        byte[] datagram = new byte[600];
        byte[] dcid = {1, 2, 3};
        byte[] scid = {4, 5, 6, 7};
        int first = LongHeader.write(datagram, 0, LongHeader.INITIAL, dcid, scid, new byte[] {9, 9}, 0, 1);
        LongHeader.writeLength(datagram, first, first + 100);
        int second = LongHeader.write(datagram, first + 100, LongHeader.HANDSHAKE, dcid, scid, null, 7, 2);
        LongHeader.writeLength(datagram, second, second + 200);
        LongHeader h = new LongHeader();
        assertTrue(h.read(datagram, 0, datagram.length));
        assertEquals(LongHeader.INITIAL, h.type());
        assertEquals(2, h.tokenLength());
        assertEquals(9, datagram[h.tokenOffset()]);
        assertEquals(first + 100, h.packetEnd());
        assertTrue(h.read(datagram, h.packetEnd(), datagram.length));
        assertEquals(LongHeader.HANDSHAKE, h.type());
        assertEquals(4, h.scidLength());
        assertEquals(7, datagram[h.scidOffset() + 3]);
        assertEquals(second, h.pnOffset());
        assertEquals(second + 200, h.packetEnd());
    }

    @Test
    void versionNegotiationAndRetryHaveNoPacketNumber() {
        // version negotiation: version 0, then the supported versions
        byte[] vn = HEX.parseHex("80" + "00000000" + "0101" + "0102" + "00000001" + "6b3343cf");
        LongHeader h = new LongHeader();
        assertTrue(h.read(vn, 0, vn.length));
        assertEquals(0, h.version());
        assertEquals(-1, h.pnOffset());
        assertEquals(vn.length, h.packetEnd());
        // Retry: the token and the 16-byte integrity tag follow the connection ids
        byte[] retry = HEX.parseHex("f0" + "00000001" + "00" + "08f067a5502a4262b5" + "746f6b656e"
                + "04a265ba2eff4d829058fb3f0f2496ba");
        assertTrue(h.read(retry, 0, retry.length));
        assertEquals(LongHeader.RETRY, h.type());
        assertEquals(-1, h.pnOffset());
        assertEquals(5 + 16, h.tokenLength());
    }

    @Test
    void malformedHeadersAreDroppedNotThrown() {
        LongHeader h = new LongHeader();
        byte[] valid = Arrays.copyOf(HEX.parseHex(CLIENT_INITIAL), 1200);
        assertFalse(h.read(valid, 0, 30), "Length runs past the datagram");
        assertFalse(h.read(HEX.parseHex("c3000000011500"), 0, 7), "too short");
        byte[] longCid = Arrays.copyOf(HEX.parseHex("c30000000115"), 100);
        assertFalse(h.read(longCid, 0, longCid.length), "21-byte connection id in version 1");
        byte[] noFixedBit = valid.clone();
        noFixedBit[0] = (byte) 0x83;
        assertFalse(h.read(noFixedBit, 0, noFixedBit.length), "fixed bit clear");
        byte[] shortHeader = valid.clone();
        shortHeader[0] = 0x43;
        assertFalse(h.read(shortHeader, 0, shortHeader.length), "a short header is not a long one");
        byte[] tinyLength = HEX.parseHex("c300000001000000" + "05" + "0000000000");
        assertFalse(h.read(tinyLength, 0, tinyLength.length), "Length below a packet number plus a tag");
        byte[] hugeToken = Arrays.copyOf(HEX.parseHex("c3000000010000" + "bfffffff"), 64);
        assertFalse(h.read(hugeToken, 0, hugeToken.length), "token longer than the datagram");
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        LongHeader h = new LongHeader();
        byte[] buf = new byte[64];
        for (int i = 0; i < 200_000; i++) {
            random.nextBytes(buf);
            buf[0] |= (byte) 0x80;
            int end = random.nextInt(buf.length + 1);
            if (h.read(buf, 0, end) && h.version() == LongHeader.VERSION_1 && h.pnOffset() >= 0) {
                assertTrue(h.packetEnd() <= end && h.pnOffset() < h.packetEnd(), "bounds stay inside the datagram");
            }
        }
    }

    @Test
    void writingRefusesWhatVersionOneCannotCarry() {
        byte[] dst = new byte[100];
        assertThrows(IllegalArgumentException.class,
                () -> LongHeader.write(dst, 0, LongHeader.RETRY, new byte[0], new byte[0], null, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> LongHeader.write(dst, 0, LongHeader.HANDSHAKE, new byte[21], new byte[0], null, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> LongHeader.write(dst, 0, LongHeader.HANDSHAKE, new byte[0], new byte[0], null, 0, 5));
    }
}
