package io.objsync.net.internal.quic.engine.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chunking, retransmission, FIN and buffer-space rules of one stream's send buffer. */
class SendBufferTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** A chunk as the packetizer saw it. */
    private record Sent(long offset, int length, boolean fin, byte[] bytes) {
    }

    @Test
    void writesAcceptWhatFitsAndAckedPrefixFreesSpace() {
        SendBuffer buffer = new SendBuffer(100);
        assertEquals(60, buffer.write(new byte[60], 0, 60));
        assertEquals(40, buffer.write(new byte[70], 0, 70), "only what fits");
        assertEquals(0, buffer.write(new byte[1], 0, 1), "full");
        assertChunk(take(buffer, 50, NO_LIMIT), 0, 50, false);
        assertChunk(take(buffer, 50, NO_LIMIT), 50, 50, false);
        buffer.onAcked(50, 50, false);
        assertEquals(0, buffer.writable(), "an acknowledged range after a gap frees nothing");
        buffer.onAcked(0, 50, false);
        assertEquals(100, buffer.writable(), "the acknowledged prefix is free again");
    }

    @Test
    void chunksRespectMaxBytesAndTheFlowLimit() {
        SendBuffer buffer = new SendBuffer(10_000);
        buffer.write(new byte[1000], 0, 1000);
        Sent first = take(buffer, 300, 500);
        assertChunk(first, 0, 300, false);
        assertEquals(300, buffer.chunkNewBytes());
        assertChunk(take(buffer, 300, 500), 300, 200, false);
        assertFalse(buffer.nextChunk(300, 500), "blocked at the flow limit");
        assertFalse(buffer.hasChunk(500));
        assertTrue(buffer.hasChunk(501));
        assertChunk(take(buffer, 1000, 700), 500, 200, false);
        assertEquals(700, buffer.sendOffset());
    }

    @Test
    void lostRangesGoFirstWithoutNewCredit() {
        SendBuffer buffer = new SendBuffer(10_000);
        buffer.write(new byte[1000], 0, 1000);
        take(buffer, 400, NO_LIMIT);
        take(buffer, 400, NO_LIMIT);
        buffer.onLost(400, 400, false);
        buffer.onLost(0, 400, false);
        Sent retransmission = take(buffer, 250, 800);
        assertChunk(retransmission, 0, 250, false);
        assertEquals(0, buffer.chunkNewBytes(), "retransmissions use no flow-control credit");
        assertChunk(take(buffer, 1000, 800), 250, 550, false);
        assertChunk(take(buffer, 1000, NO_LIMIT), 800, 200, false);
        assertEquals(200, buffer.chunkNewBytes());
    }

    @Test
    void spuriousLossIsNotResent() {
        SendBuffer buffer = new SendBuffer(10_000);
        buffer.write(new byte[300], 0, 300);
        take(buffer, 100, NO_LIMIT);
        take(buffer, 100, NO_LIMIT);
        take(buffer, 100, NO_LIMIT);
        buffer.onAcked(100, 100, false);
        buffer.onLost(0, 300, false); // an older copy's loss: only 0..100 and 200..300 need resending
        assertChunk(take(buffer, 1000, NO_LIMIT), 0, 100, false);
        buffer.onAcked(200, 100, false); // the lost original arrived after all
        assertFalse(buffer.nextChunk(1000, NO_LIMIT), "acknowledged meanwhile: not resent");
    }

    @Test
    void finRidesTheLastChunkAndMustBeAcknowledged() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(new byte[100], 0, 100);
        buffer.finish();
        assertChunk(take(buffer, 60, NO_LIMIT), 0, 60, false);
        assertChunk(take(buffer, 60, NO_LIMIT), 60, 40, true);
        assertFalse(buffer.nextChunk(60, NO_LIMIT));
        buffer.onAcked(0, 60, false);
        buffer.onAcked(60, 40, false);
        assertFalse(buffer.allAcked(), "the FIN itself was not acknowledged");
        buffer.onAcked(100, 0, true);
        assertTrue(buffer.allAcked());
    }

    @Test
    void finWaitsForFlowCreditWithTheLastBytes() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(new byte[100], 0, 100);
        buffer.finish();
        assertChunk(take(buffer, 1000, 90), 0, 90, false);
        assertChunk(take(buffer, 1000, 100), 90, 10, true);
    }

    @Test
    void finAloneIsSentAndResentAsAnEmptyChunk() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(new byte[10], 0, 10);
        take(buffer, 100, NO_LIMIT);
        buffer.finish();
        assertChunk(take(buffer, 100, NO_LIMIT), 10, 0, true);
        buffer.onAcked(0, 10, false);
        buffer.onLost(10, 0, true);
        assertChunk(take(buffer, 0, NO_LIMIT), 10, 0, true);
        buffer.onLost(10, 0, true);
        buffer.onAcked(10, 0, true); // the first copy's ack: the FIN is no longer lost
        assertFalse(buffer.nextChunk(100, NO_LIMIT));
        assertTrue(buffer.allAcked());
    }

    @Test
    void emptyStreamFinishesWithAnEmptyFin() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.finish();
        Sent fin = take(buffer, 100, 0);
        assertChunk(fin, 0, 0, true);
        buffer.onAcked(0, 0, true);
        assertTrue(buffer.allAcked());
    }

    @Test
    void lostTailResendsItsFin() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(new byte[50], 0, 50);
        buffer.finish();
        assertChunk(take(buffer, 100, NO_LIMIT), 0, 50, true);
        buffer.onLost(0, 50, true);
        assertChunk(take(buffer, 30, NO_LIMIT), 0, 30, false);
        assertChunk(take(buffer, 30, NO_LIMIT), 30, 20, true);
        assertFalse(buffer.nextChunk(30, NO_LIMIT), "the FIN went with the last bytes, not again alone");
    }

    @Test
    void resetStopsSendingAndGivesTheFinalSize() {
        SendBuffer buffer = new SendBuffer(1000);
        buffer.write(new byte[500], 0, 500);
        take(buffer, 200, NO_LIMIT);
        buffer.onLost(0, 200, false);
        assertEquals(200, buffer.reset(), "the highest offset sent");
        assertFalse(buffer.nextChunk(1000, NO_LIMIT));
        buffer.onLost(0, 200, false);
        assertFalse(buffer.hasChunk(NO_LIMIT), "nothing resent after a reset");
        assertThrows(IllegalStateException.class, () -> buffer.write(new byte[1], 0, 1));
    }

    @Test
    void ringWrapsAroundUnderSteadyAcks() {
        byte[] data = ReceiveBufferTest.bytes(1_000_000, 4);
        SendBuffer buffer = new SendBuffer(10_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = 0;
        while (out.size() < data.length) {
            written += buffer.write(data, written, data.length - written);
            while (buffer.nextChunk(1_337, NO_LIMIT)) {
                Sent chunk = sent(buffer);
                out.write(chunk.bytes(), 0, chunk.length());
                buffer.onAcked(chunk.offset(), chunk.length(), chunk.fin());
            }
        }
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void randomLossAndAckSchedulesDeliverEveryByteExactly() throws Exception {
        for (long seed = 1; seed <= 40; seed++) {
            Random random = new Random(seed);
            byte[] data = ReceiveBufferTest.bytes(random.nextInt(300_000), seed);
            int capacity = 1 + random.nextInt(50_000);
            SendBuffer sender = new SendBuffer(capacity);
            ReceiveBuffer receiver = new ReceiveBuffer(1 << 20);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Sent> inFlight = new ArrayList<>();
            long flowLimit = 1 + random.nextInt(10_000);
            int written = 0;
            for (int step = 0; !sender.allAcked(); step++) {
                assertTrue(step < 1_000_000, "no progress, seed " + seed);
                if (written < data.length) {
                    written += sender.write(data, written, Math.min(data.length - written, random.nextInt(20_000)));
                    if (written == data.length) {
                        sender.finish();
                    }
                }
                flowLimit += random.nextInt(5_000);
                for (int n = random.nextInt(8); n > 0 && sender.nextChunk(1 + random.nextInt(3_000), flowLimit); n--) {
                    Sent chunk = sent(sender);
                    assertTrue(chunk.offset() + chunk.length() <= flowLimit, "beyond the flow limit");
                    inFlight.add(chunk);
                }
                // the network delivers, loses or delays each chunk in flight, in random order
                for (int i = inFlight.size() - 1; i >= 0; i--) {
                    int fate = random.nextInt(10);
                    if (fate >= 6) {
                        continue;
                    }
                    Sent chunk = inFlight.remove(i);
                    if (fate < 4) {
                        receiver.receive(chunk.offset(), chunk.bytes(), 0, chunk.length(), chunk.fin());
                        sender.onAcked(chunk.offset(), chunk.length(), chunk.fin());
                    } else if (fate == 4) {
                        sender.onLost(chunk.offset(), chunk.length(), chunk.fin());
                    } else { // delivered, but its ack was lost: declared lost spuriously
                        receiver.receive(chunk.offset(), chunk.bytes(), 0, chunk.length(), chunk.fin());
                        sender.onLost(chunk.offset(), chunk.length(), chunk.fin());
                    }
                }
                drain(receiver, out);
            }
            drain(receiver, out);
            assertArrayEquals(data, out.toByteArray(), "seed " + seed);
            assertTrue(receiver.isFinished(), "seed " + seed);
        }
    }

    private static void drain(ReceiveBuffer receiver, ByteArrayOutputStream out) throws Exception {
        byte[] scratch = new byte[16_384];
        int n;
        while ((n = receiver.read(scratch, 0, scratch.length)) > 0) {
            out.write(scratch, 0, n);
        }
    }

    private static Sent take(SendBuffer buffer, int maxBytes, long flowLimit) {
        assertTrue(buffer.nextChunk(maxBytes, flowLimit), "a chunk expected");
        Sent chunk = sent(buffer);
        assertTrue(chunk.length() <= Math.max(0, maxBytes), "beyond maxBytes");
        return chunk;
    }

    private static Sent sent(SendBuffer buffer) {
        byte[] bytes = new byte[buffer.chunkLength()];
        buffer.copyTo(buffer.chunkOffset(), bytes, 0, bytes.length);
        return new Sent(buffer.chunkOffset(), buffer.chunkLength(), buffer.chunkFin(), bytes);
    }

    private static void assertChunk(Sent chunk, long offset, int length, boolean fin) {
        assertEquals(offset, chunk.offset(), "offset");
        assertEquals(length, chunk.length(), "length");
        assertEquals(fin, chunk.fin(), "fin");
    }
}
