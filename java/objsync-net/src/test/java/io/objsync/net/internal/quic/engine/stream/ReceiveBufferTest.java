package io.objsync.net.internal.quic.engine.stream;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.objsync.net.internal.quic.engine.QuicTransportException.FINAL_SIZE_ERROR;
import static io.objsync.net.internal.quic.engine.QuicTransportException.FLOW_CONTROL_ERROR;
import static io.objsync.net.internal.quic.engine.QuicTransportException.FRAME_ENCODING_ERROR;
import static io.objsync.net.internal.quic.engine.stream.TransportErrors.assertTransportError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reassembly, final-size and flow-control rules, and credit updates of one stream's receive buffer. */
class ReceiveBufferTest {

    private static final long STREAM = 0x08;
    private static final long RESET_STREAM = 0x04;

    /** One STREAM frame: a slice of the reference bytes. */
    private record Frame(int offset, int length, boolean fin) {
    }

    @Test
    void chunksAReadFinishesAreReusedWithTheirArrivalMarksCleared() throws Exception {
        int chunk = 16_384;
        byte[] data = new byte[4 * chunk];
        new Random(5).nextBytes(data);
        ReceiveBuffer buffer = new ReceiveBuffer(1 << 20);
        // chunk 1 arrives before chunk 0, so its arrival bitmap is used; then chunk 0 completes the prefix
        buffer.receive(chunk, data, chunk, chunk, false);
        buffer.receive(0, data, 0, chunk, false);
        assertEquals(2, buffer.chunksHeld());
        byte[] out = new byte[4 * chunk];
        assertEquals(2 * chunk, buffer.read(out, 0, 2 * chunk));
        assertEquals(2, buffer.chunksHeld(), "both read chunks are kept for reuse");

        // chunk 2 reuses a kept chunk: bytes past a gap must not look received because of its earlier use
        buffer.receive(2 * chunk + 8000, data, 2 * chunk + 8000, 100, false);
        buffer.receive(2 * chunk, data, 2 * chunk, 4000, false);
        assertEquals(4000, buffer.available(), "the gap at 4000 holds the prefix");
        assertEquals(2, buffer.chunksHeld(), "a kept chunk, not a new one, took chunk 2");
        buffer.receive(2 * chunk, data, 2 * chunk, 2 * chunk, true);
        assertEquals(2 * chunk, buffer.read(out, 2 * chunk, 2 * chunk));
        assertArrayEquals(data, out);
        assertEquals(-1, buffer.read(out, 0, 1));
        assertEquals(0, buffer.chunksHeld(), "a finished stream keeps nothing");
    }

    @Test
    void inOrderDataReadsBackAndEnds() throws Exception {
        byte[] data = bytes(50_000, 1);
        ReceiveBuffer buffer = new ReceiveBuffer(1 << 16);
        assertEquals(0, buffer.read(new byte[10], 0, 10), "nothing yet");
        assertEquals(20_000, buffer.receive(0, data, 0, 20_000, false));
        assertEquals(30_000, buffer.receive(20_000, data, 20_000, 30_000, true));
        assertEquals(50_000, buffer.available());
        assertArrayEquals(data, readAll(buffer, 7_000));
        assertTrue(buffer.isFinished());
        assertEquals(-1, buffer.read(new byte[10], 0, 10));
    }

    @Test
    void emptyFinEndsTheStream() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(100);
        buffer.receive(0, new byte[] {1, 2, 3}, 0, 3, false);
        assertEquals(0, buffer.receive(3, new byte[0], 0, 0, true));
        assertArrayEquals(new byte[] {1, 2, 3}, readAll(buffer, 10));
        assertTrue(buffer.isFinished());
    }

    @Test
    void outOfOrderOverlappingAndDuplicateFramesReadBackExactly() throws Exception {
        for (long seed = 1; seed <= 60; seed++) {
            Random random = new Random(seed);
            byte[] data = bytes(random.nextInt(120_000), seed);
            List<Frame> frames = frames(data.length, random);
            Collections.shuffle(frames, random);
            ReceiveBuffer buffer = new ReceiveBuffer(1 << 17);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long counted = 0;
            for (Frame frame : frames) {
                counted += buffer.receive(frame.offset(), data, frame.offset(), frame.length(), frame.fin());
                readSome(buffer, out, random.nextInt(30_000));
            }
            readSome(buffer, out, Integer.MAX_VALUE);
            assertArrayEquals(data, out.toByteArray(), "seed " + seed);
            assertEquals(data.length, counted, "each byte counted once against connection flow control");
            assertTrue(buffer.isFinished(), "seed " + seed);
            assertEquals(-1, buffer.read(new byte[1], 0, 1));
        }
    }

    @Test
    void windowSizedMemoryWhileCreditUpdatesKeepTheSenderGoing() throws Exception {
        int window = 64 * 1024;
        for (long seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            byte[] data = bytes(3_000_000, seed);
            ReceiveBuffer buffer = new ReceiveBuffer(window);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long limit = window;
            int sent = 0;
            int updates = 0;
            while (out.size() < data.length) {
                // the sender fills what the limit allows in tiny frames, reordered
                int end = (int) Math.min(limit, data.length);
                List<Frame> frames = new ArrayList<>();
                for (int at = sent; at < end; ) {
                    int length = Math.min(1 + random.nextInt(1500), end - at);
                    frames.add(new Frame(at, length, at + length == data.length));
                    at += length;
                }
                sent = end;
                Collections.shuffle(frames, random);
                for (Frame frame : frames) {
                    buffer.receive(frame.offset(), data, frame.offset(), frame.length(), frame.fin());
                    assertTrue(buffer.chunksHeld() <= ReceiveBuffer.maxChunks(window), "memory beyond the window");
                }
                readSome(buffer, out, 1 + random.nextInt(window));
                long update = buffer.maxStreamDataUpdate();
                if (update >= 0) {
                    assertTrue(update > limit, "an update raises the limit");
                    limit = update;
                    updates++;
                }
            }
            assertArrayEquals(data, out.toByteArray(), "seed " + seed);
            assertTrue(updates >= data.length / window, "the limit kept moving: " + updates);
            assertEquals(0, buffer.chunksHeld(), "a finished stream holds nothing");
        }
    }

    @Test
    void dataBeyondTheLimitIsAFlowControlError() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        buffer.receive(0, new byte[1000], 0, 1000, false);
        assertTransportError(FLOW_CONTROL_ERROR, STREAM, () -> buffer.receive(999, new byte[2], 0, 2, false));
        assertTransportError(FLOW_CONTROL_ERROR, STREAM, () -> buffer.receive(5000, new byte[1], 0, 1, false));
    }

    @Test
    void endBeyondTheLargestVarintIsAFrameEncodingError() {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        // RFC 9000 section 19.8: offset + length may not exceed 2^62-1
        assertTransportError(FRAME_ENCODING_ERROR, STREAM, () -> buffer.receive((1L << 62) - 1, new byte[1], 0, 1,
                false));
    }

    @Test
    void finalSizeRules() throws Exception {
        // RFC 9000 section 4.5: a changed final size, data beyond it, or a final size below received data
        ReceiveBuffer changed = new ReceiveBuffer(1000);
        changed.receive(0, new byte[10], 0, 10, true);
        assertTransportError(FINAL_SIZE_ERROR, STREAM, () -> changed.receive(0, new byte[11], 0, 11, true));
        assertTransportError(FINAL_SIZE_ERROR, STREAM, () -> changed.receive(0, new byte[9], 0, 9, true));
        assertTransportError(FINAL_SIZE_ERROR, STREAM, () -> changed.receive(10, new byte[1], 0, 1, false));
        assertTransportError(FINAL_SIZE_ERROR, RESET_STREAM, () -> changed.onReset(11, 0));
        changed.receive(0, new byte[10], 0, 10, true); // the same FIN again is fine

        ReceiveBuffer below = new ReceiveBuffer(1000);
        below.receive(50, new byte[10], 0, 10, false);
        assertTransportError(FINAL_SIZE_ERROR, STREAM, () -> below.receive(0, new byte[20], 0, 20, true));
        assertTransportError(FINAL_SIZE_ERROR, RESET_STREAM, () -> below.onReset(59, 0));

        ReceiveBuffer reset = new ReceiveBuffer(1000);
        reset.onReset(30, 7);
        assertTransportError(FINAL_SIZE_ERROR, RESET_STREAM, () -> reset.onReset(31, 7));
        assertTransportError(FINAL_SIZE_ERROR, STREAM, () -> reset.receive(25, new byte[10], 0, 10, false));
        assertEquals(0, reset.receive(20, new byte[10], 0, 10, true), "data up to the final size stays legal");
    }

    @Test
    void resetBeyondTheLimitIsAFlowControlError() {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        assertTransportError(FLOW_CONTROL_ERROR, RESET_STREAM, () -> buffer.onReset(1001, 0));
    }

    @Test
    void resetDropsUnreadBytesAndReleasesTheirCredit() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        buffer.receive(0, bytes(100, 3), 0, 100, false);
        assertEquals(40, buffer.read(new byte[40], 0, 40));
        ReceiveBuffer.ResetCredit credit = buffer.onReset(300, 42);
        assertEquals(200, credit.newlyCounted(), "final size 300 beyond the highest offset 100");
        assertEquals(260, credit.released(), "bytes 40..300 will never be read");
        StreamResetException e = assertThrows(StreamResetException.class, () -> buffer.read(new byte[1], 0, 1));
        assertEquals(42, e.errorCode());
        assertTrue(buffer.isReset());
        assertEquals(0, buffer.available());
        assertEquals(0, buffer.chunksHeld());
        assertEquals(new ReceiveBuffer.ResetCredit(0, 0), buffer.onReset(300, 42), "a repeated reset does nothing");
        assertEquals(-1, buffer.maxStreamDataUpdate(), "no credit updates once the final size is known");
    }

    @Test
    void resetOfAnEmptyStreamIsSeenAsAReset() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        assertEquals(new ReceiveBuffer.ResetCredit(0, 0), buffer.onReset(0, 9));
        assertTrue(buffer.isReset());
        assertFalse(buffer.isFinished(), "no FIN arrived: the stream did not end cleanly");
        assertEquals(9, assertThrows(StreamResetException.class, () -> buffer.read(new byte[1], 0, 1)).errorCode());
    }

    @Test
    void resetAfterEverythingWasReadChangesNothing() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        buffer.receive(0, new byte[5], 0, 5, true);
        assertEquals(5, buffer.read(new byte[10], 0, 10));
        assertEquals(new ReceiveBuffer.ResetCredit(0, 0), buffer.onReset(5, 1));
        assertFalse(buffer.isReset());
        assertEquals(-1, buffer.read(new byte[10], 0, 10));
    }

    @Test
    void creditUpdateAfterMoreThanHalfTheWindowIsConsumed() throws Exception {
        ReceiveBuffer buffer = new ReceiveBuffer(1000);
        buffer.receive(0, new byte[1000], 0, 1000, false);
        buffer.read(new byte[500], 0, 500);
        assertEquals(-1, buffer.maxStreamDataUpdate(), "exactly half is not more than half");
        buffer.read(new byte[1], 0, 1);
        assertEquals(1501, buffer.maxStreamDataUpdate());
        assertEquals(-1, buffer.maxStreamDataUpdate(), "advertised once");
        assertEquals(1501, buffer.limit());
        buffer.receive(1000, new byte[501], 0, 501, false);
        buffer.growWindow(4000);
        assertEquals(4501, buffer.maxStreamDataUpdate(), "a grown window is advertised right away");
        buffer.receive(1501, new byte[3000], 0, 3000, true);
        assertEquals(-1, buffer.maxStreamDataUpdate(), "no update once the final size is known");
        byte[] rest = readAll(buffer, 1000);
        assertEquals(4501 - 501, rest.length);
    }

    @Test
    void growingTheWindowKeepsBufferedOutOfOrderData() throws Exception {
        byte[] data = bytes(100_000, 9);
        ReceiveBuffer buffer = new ReceiveBuffer(40_000);
        buffer.receive(20_000, data, 20_000, 20_000, false);
        buffer.growWindow(200_000);
        buffer.read(new byte[1], 0, 1); // nothing contiguous yet
        buffer.receive(0, data, 0, 20_000, false);
        assertEquals(40_000, buffer.available());
        assertEquals(200_000, buffer.maxStreamDataUpdate(), "the grown window, though nothing was consumed yet");
        byte[] first = new byte[40_000];
        assertEquals(40_000, buffer.read(first, 0, 40_000));
        assertEquals(-1, buffer.maxStreamDataUpdate(), "40000 is not more than half of the grown window");
        buffer.receive(40_000, data, 40_000, 60_000, true);
        byte[] rest = readAll(buffer, 9_999);
        assertArrayEquals(data, concat(first, rest));
    }

    @Test
    void autoTuningDoublesTheWindowWhenUpdatesComeWithinTwoRoundTrips() throws Exception {
        long rtt = 10_000_000;
        ReceiveBuffer fast = new ReceiveBuffer(100_000, 800_000);
        assertEquals(List.of(100_000L, 200_000L, 400_000L, 800_000L, 800_000L), windowsAfterUpdates(fast, 1_000_000));
        ReceiveBuffer slow = new ReceiveBuffer(100_000, 800_000);
        assertEquals(List.of(100_000L, 100_000L, 100_000L, 100_000L, 100_000L),
                windowsAfterUpdates(slow, 3 * rtt), "a reader slower than the window needs no more of it");
    }

    /** Fills the limit, reads it all, and updates, five times, {@code step} nanoseconds apart; the windows after each. */
    private static List<Long> windowsAfterUpdates(ReceiveBuffer buffer, long step) throws Exception {
        List<Long> windows = new ArrayList<>();
        byte[] data = bytes(1_000_000, 5);
        long offset = 0;
        for (int update = 0; update < 5; update++) {
            int length = (int) (buffer.limit() - offset);
            byte[] piece = Arrays.copyOf(data, length);
            buffer.receive(offset, piece, 0, length, false);
            offset += length;
            assertTrue(buffer.chunksHeld() <= ReceiveBuffer.maxChunks(buffer.window()));
            assertArrayEquals(piece, readAll(buffer, 65_536), "the bytes survive ring resizing");
            long limit = buffer.maxStreamDataUpdate(update * step, 10_000_000);
            assertEquals(offset + buffer.window(), limit, "the limit runs a full window ahead");
            windows.add(buffer.window());
        }
        return windows;
    }

    /** Pieces covering {@code [0, length)} plus random overlapping and repeated ones; those ending the data carry FIN. */
    private static List<Frame> frames(int length, Random random) {
        List<Frame> frames = new ArrayList<>();
        for (int at = 0; at < length; ) {
            int piece = Math.min(1 + random.nextInt(3000), length - at);
            frames.add(new Frame(at, piece, at + piece == length));
            at += piece;
        }
        if (length == 0) {
            frames.add(new Frame(0, 0, true));
        }
        int extra = random.nextInt(1 + frames.size());
        for (int i = 0; i < extra && length > 0; i++) {
            int start = random.nextInt(length);
            int piece = Math.min(1 + random.nextInt(5000), length - start);
            frames.add(new Frame(start, piece, start + piece == length && random.nextBoolean()));
        }
        return frames;
    }

    private static void readSome(ReceiveBuffer buffer, ByteArrayOutputStream out, int max) throws Exception {
        byte[] scratch = new byte[8192];
        int left = max;
        while (left > 0) {
            int n = buffer.read(scratch, 0, Math.min(left, scratch.length));
            if (n <= 0) {
                return;
            }
            out.write(scratch, 0, n);
            left -= n;
        }
    }

    private static byte[] readAll(ReceiveBuffer buffer, int step) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] scratch = new byte[step];
        int n;
        while ((n = buffer.read(scratch, 0, step)) > 0) {
            out.write(scratch, 0, n);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed * 31 + length).nextBytes(data);
        return data;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
