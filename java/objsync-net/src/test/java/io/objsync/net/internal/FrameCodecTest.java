package io.objsync.net.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCodecTest {

    private static byte[] framed(byte[] data, Random rnd, boolean end) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        FrameCodec.Output out = new FrameCodec.Output(wire);
        int off = 0;
        while (off < data.length) {
            int n = Math.min(data.length - off, rnd.nextInt(3) == 0 ? 1 : rnd.nextInt(40_000));
            if (n == 1 && rnd.nextBoolean()) {
                out.write(data[off]);
            } else {
                out.write(data, off, n);
            }
            off += n;
            if (rnd.nextInt(8) == 0) {
                out.flush();
            }
        }
        if (end) {
            out.end();
        } else {
            out.flush();
        }
        return wire.toByteArray();
    }

    /** Reads in random-sized pieces, mixing single-byte reads in. */
    private static byte[] readAll(InputStream in, Random rnd) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[50_000];
        while (true) {
            if (rnd.nextInt(4) == 0) {
                int b = in.read();
                if (b < 0) {
                    return got.toByteArray();
                }
                got.write(b);
            } else {
                int n = in.read(buf, 0, 1 + rnd.nextInt(buf.length - 1));
                if (n < 0) {
                    return got.toByteArray();
                }
                got.write(buf, 0, n);
            }
        }
    }

    @Test
    void whatIsWrittenInAnySplitIsReadBackThenEnds() throws IOException {
        Random rnd = new Random(7);
        for (int size : new int[] {0, 1, FrameCodec.PAYLOAD - 1, FrameCodec.PAYLOAD, FrameCodec.PAYLOAD + 1,
                200_000, 1 << 20}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            FrameCodec.Input in = new FrameCodec.Input(new ByteArrayInputStream(framed(data, rnd, true)));
            assertArrayEquals(data, readAll(in, rnd), "size " + size);
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[4], 0, 4));
            assertEquals(0, in.available());
        }
    }

    @Test
    void framesFillOneTlsRecordEach() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        java.util.List<Integer> writes = new java.util.ArrayList<>();
        FrameCodec.Output out = new FrameCodec.Output(new java.io.FilterOutputStream(wire) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.add(len);
                wire.write(b, off, len);
            }
        });
        out.write(new byte[3 * FrameCodec.PAYLOAD + 10]);
        out.end();
        // Three full frames of 16 KiB (one TLS record each), then the last 10 bytes and the end frame together.
        assertEquals(java.util.List.of(16 * 1024, 16 * 1024, 16 * 1024, 4 + 10 + 4), writes);
    }

    @Test
    void anyCutBeforeTheEndFrameIsAnErrorNeverAnEnd() throws IOException {
        Random rnd = new Random(3);
        byte[] data = new byte[40_000];
        rnd.nextBytes(data);
        byte[] wire = framed(data, rnd, true);
        for (int cut = 0; cut < wire.length; cut += (cut < 64 || wire.length - cut < 64) ? 1 : 997) {
            InputStream in = new FrameCodec.Input(new ByteArrayInputStream(Arrays.copyOf(wire, cut)));
            int at = cut;
            IOException e = assertThrows(IOException.class, () -> readAll(in, new Random(at)), () -> "cut at " + at);
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
        }
        // Without the end frame, even a whole message is not an end.
        InputStream unended = new FrameCodec.Input(new ByteArrayInputStream(framed(data, rnd, false)));
        assertThrows(IOException.class, () -> readAll(unended, rnd));
    }

    @Test
    void aFrameLongerThanAllowedIsRefused() {
        for (byte[] header : new byte[][] {{0, 0, 0x40, 0}, {(byte) 0x80, 0, 0, 1}, {(byte) 0xff, -1, -1, -1}}) {
            InputStream in = new FrameCodec.Input(new ByteArrayInputStream(Arrays.copyOf(header, 20_000)));
            IOException e = assertThrows(IOException.class, in::read);
            assertTrue(e.getMessage().contains("malformed"), e.getMessage());
        }
    }
}
