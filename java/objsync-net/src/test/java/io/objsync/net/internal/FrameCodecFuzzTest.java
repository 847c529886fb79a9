package io.objsync.net.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the frame layer of TLS streams: the input is what a peer sent, read through {@link FrameCodec.Input}
 * in pieces of random sizes (single bytes and arrays) and compared with a plain model of the format.
 *
 * <p>Properties: only {@link IOException} escapes (a malformed length, a stream cut without its end frame);
 * the bytes delivered are exactly the frames' payloads, in order, and a stream reads to -1 only after its end
 * frame (and stays there); what {@link FrameCodec.Output} writes for those bytes reads back the same; reading
 * allocates at most {@value #ALLOCATION_BOUND} bytes, whatever lengths the frames claim.
 */
class FrameCodecFuzzTest {

    static final long ALLOCATION_BOUND = 1 << 20;

    @FuzzTest
    void readFrames(byte[] input) throws Exception {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        boolean wellFormed = model(input, model);
        byte[] expected = model.toByteArray();

        ByteArrayOutputStream got = new ByteArrayOutputStream(input.length + 1); // sized here: not the codec's allocation
        byte[] buf = new byte[FrameCodec.PAYLOAD + 100];
        FrameCodec.Input[] reader = new FrameCodec.Input[1];
        boolean ended = false;
        try {
            AllocationBound.check(ALLOCATION_BOUND, "reading frames", () -> {
                got.reset();
                Random pieces = new Random(Arrays.hashCode(input));
                FrameCodec.Input in = new FrameCodec.Input(new ByteArrayInputStream(input));
                reader[0] = in;
                while (true) {
                    int n;
                    if (pieces.nextInt(4) == 0) {
                        n = in.read();
                        if (n >= 0) {
                            got.write(n);
                        }
                    } else {
                        n = in.read(buf, 0, 1 + pieces.nextInt(buf.length - 1));
                        if (n > 0) {
                            got.write(buf, 0, n);
                        }
                    }
                    if (n < 0) {
                        return;
                    }
                }
            });
            ended = true;
        } catch (IOException e) {
            assertTrue(!wellFormed, "a well-formed stream failed: " + e);
        }
        byte[] delivered = got.toByteArray();
        if (ended) {
            assertTrue(wellFormed, "read to the end of a stream without its end frame");
            assertArrayEquals(expected, delivered);
            assertEquals(-1, reader[0].read());
            assertEquals(-1, reader[0].read(buf, 0, 10));
        } else {
            assertTrue(delivered.length <= expected.length);
            assertArrayEquals(Arrays.copyOf(expected, delivered.length), delivered, "bytes differ before the error");
        }

        // The payload written back by the encoder reads back the same.
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameCodec.Output out = new FrameCodec.Output(wire);
        out.write(expected, 0, expected.length);
        out.end();
        FrameCodec.Input back = new FrameCodec.Input(new ByteArrayInputStream(wire.toByteArray()));
        assertArrayEquals(expected, back.readAllBytes());
        int frames = (expected.length + FrameCodec.PAYLOAD - 1) / FrameCodec.PAYLOAD;
        assertEquals(expected.length + 4L * frames + 4, wire.size(), "frames not full");
    }

    /** The format in its plainest form: true when the input holds an end frame (bytes after it are not read). */
    private static boolean model(byte[] input, ByteArrayOutputStream payload) {
        ByteBuffer b = ByteBuffer.wrap(input);
        while (b.remaining() >= 4) {
            int len = b.getInt();
            if (len == 0) {
                return true;
            }
            if (len < 0 || len > FrameCodec.PAYLOAD) {
                return false;
            }
            int n = Math.min(len, b.remaining());
            payload.write(input, b.position(), n);
            b.position(b.position() + n);
            if (n < len) {
                return false;
            }
        }
        return false;
    }

    static Map<String, byte[]> seeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("empty-stream", framed(new byte[0], false));
        seeds.put("two-frames", framed("hello, frames".getBytes(java.nio.charset.StandardCharsets.US_ASCII), true));
        byte[] full = new byte[FrameCodec.PAYLOAD + 3];
        Arrays.fill(full, (byte) 'x');
        seeds.put("full-frame", framed(full, false));
        seeds.put("cut", Arrays.copyOf(framed(new byte[] {1, 2, 3}, false), 6));
        seeds.put("too-long", new byte[] {0, 0, 0x40, 0, 1});
        return seeds;
    }

    private static byte[] framed(byte[] data, boolean flushEachByte) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameCodec.Output out = new FrameCodec.Output(wire);
        if (flushEachByte) {
            for (byte b : Arrays.copyOf(data, 3)) {
                out.write(b);
                out.flush();
            }
            out.write(data, 3, data.length - 3);
        } else {
            out.write(data, 0, data.length);
        }
        out.end();
        return wire.toByteArray();
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(FrameCodecFuzzTest.class, "readFrames", seeds());
    }
}
