package io.objsync.protocol;

import io.objsync.bao.ChunkRanges;
import io.objsync.bao.ChunkRangesSeq;
import io.objsync.hash.Hash;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobProtocolTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Hash DA = Hash.of(filled(0xda));

    @Test
    void getRequestsMatchTheReferenceVectors() throws Exception {
        String h = "da".repeat(32);
        assertEquals("00" + h + "020001000100", HEX.formatHex(GetRequest.blob(DA).encode()));
        assertEquals("00" + h + "01000100", HEX.formatHex(GetRequest.all(DA).encode()));
        assertEquals(GetRequest.blob(DA), BlobProtocol.decodeRequest(HEX.parseHex("00" + h + "020001000100")));
        assertEquals(GetRequest.all(DA), BlobProtocol.decodeRequest(HEX.parseHex("00" + h + "01000100")));
        assertFalse(GetRequest.blob(DA).asksForChildren());
        assertTrue(GetRequest.all(DA).asksForChildren());
    }

    @Test
    void getManyRoundTrips() throws Exception {
        Hash other = Hash.of(filled(1));
        GetManyRequest m = GetManyRequest.of(List.of(DA, other),
                ChunkRangesSeq.of(List.of(ChunkRanges.all(), ChunkRanges.of(2, 5))));
        byte[] wire = m.encode();
        assertEquals("0902" + "da".repeat(32) + "01".repeat(32), HEX.formatHex(wire, 0, 66));
        assertEquals(m, BlobProtocol.decodeRequest(wire));
        GetRequest ranged = GetRequest.ranges(DA, ChunkRanges.fromByteRange(5000, 70000));
        assertEquals(ranged, BlobProtocol.decodeRequest(ranged.encode()));
    }

    @Test
    void malformedRequestsAreTyped() {
        byte[] good = GetRequest.blob(DA).encode();
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(new byte[0]));
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(new byte[] {10}));
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(new byte[] {3}));
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(new byte[] {(byte) 0x80}));
        assertThrows(UnsupportedRequestException.class, () -> BlobProtocol.decodeRequest(new byte[] {1}));
        assertThrows(UnsupportedRequestException.class, () -> BlobProtocol.decodeRequest(new byte[] {8}));
        for (int n = 1; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(cut), "length " + n);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(trailing));
        // A hash count larger than the bytes that follow, and a varint that never ends.
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(HEX.parseHex("09ffff03")));
        byte[] endless = new byte[16];
        Arrays.fill(endless, (byte) 0xff);
        endless[0] = 9;
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(endless));
        // RangeSpec widths that overflow 2^64.
        byte[] overflow = HEX.parseHex("00" + "da".repeat(32) + "0100" + "02" + "ffffffffffffffffff01" + "02");
        assertThrows(MalformedRequestException.class, () -> BlobProtocol.decodeRequest(overflow));
    }

    @Test
    void oversizedRequestsAreRefusedWithoutReadingThemWhole() throws Exception {
        CountingZeros in = new CountingZeros(10L * BlobProtocol.MAX_REQUEST_BYTES);
        assertThrows(RequestTooLargeException.class, () -> BlobProtocol.readRequest(in));
        assertTrue(in.served <= BlobProtocol.MAX_REQUEST_BYTES + 1, "read " + in.served);
        // The largest legal GetMany fits.
        int n = (BlobProtocol.MAX_REQUEST_BYTES - 16) / Hash.LENGTH;
        GetManyRequest big = GetManyRequest.blobs(java.util.Collections.nCopies(n, DA));
        assertEquals(big, BlobProtocol.readRequest(new ByteArrayInputStream(big.encode())));
    }

    @Test
    void aTrickledRequestTimesOutAsAWhole() {
        // one byte per read, each well within any idle timeout: only the deadline on the whole request ends it
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                b[off] = (byte) read();
                return 1;
            }
        };
        long t0 = System.nanoTime();
        assertThrows(io.objsync.net.StreamTimeoutException.class,
                () -> BlobProtocol.readRequest(trickle, java.time.Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    /** An endless stream of zeros that counts what it served. */
    private static final class CountingZeros extends InputStream {
        final long limit;
        long served;

        CountingZeros(long limit) {
            this.limit = limit;
        }

        @Override
        public int read() {
            return served < limit ? (int) (0 * served++) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = (int) Math.min(len, limit - served);
            if (n <= 0) {
                return -1;
            }
            Arrays.fill(b, off, off + n, (byte) 0);
            served += n;
            return n;
        }
    }

    private static byte[] filled(int b) {
        byte[] a = new byte[32];
        Arrays.fill(a, (byte) b);
        return a;
    }
}
