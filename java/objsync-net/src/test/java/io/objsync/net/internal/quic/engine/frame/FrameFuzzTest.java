package io.objsync.net.internal.quic.engine.frame;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and mutated payloads (fixed seeds): the parser only ever returns or throws {@link
 * QuicTransportException}, and whatever it passes on keeps its promises (slices inside the payload, ACK ranges
 * ordered and non-negative, stream ends within 2^62-1; {@link RecordingVisitor} checks those).
 */
class FrameFuzzTest {

    /** Every type the parser knows, so random payloads get past the type byte often. */
    private static final int[] TYPES = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
        0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x30, 0x31};

    private final FrameParser parser = new FrameParser(4);
    private final byte[] buf = new byte[1600];
    private int parsedWithoutError;
    private int rejected;

    @Test
    void randomPayloads() {
        Random random = new Random(9000);
        for (int round = 0; round < 30000; round++) {
            int start = random.nextInt(8);
            int length = 1 + random.nextInt(120);
            random.nextBytes(buf);
            // start frames at known types often, with small varints, so parsing goes deep
            for (int i = start; i < start + length; i++) {
                if (random.nextInt(4) == 0) {
                    buf[i] = (byte) TYPES[random.nextInt(TYPES.length)];
                } else if (random.nextBoolean()) {
                    buf[i] &= 0x3f;
                }
            }
            parseSafely(start, start + length);
        }
        assertTrue(parsedWithoutError > 100, "some random payloads should be well formed: " + parsedWithoutError);
        assertTrue(rejected > 100, "most random payloads should be rejected: " + rejected);
    }

    @Test
    void mutatedValidPayloads() {
        Random random = new Random(9221);
        for (int round = 0; round < 20000; round++) {
            int start = random.nextInt(8);
            int end = writeValidPayload(random, start);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = start + random.nextInt(end - start);
                switch (random.nextInt(4)) {
                    case 0 -> buf[at] = (byte) random.nextInt(256);
                    case 1 -> buf[at] ^= (byte) (1 << random.nextInt(8));
                    case 2 -> buf[at] = (byte) (buf[at] | 0xc0); // a length prefix turned 8-byte
                    default -> end = Math.max(start + 1, at); // truncated
                }
            }
            parseSafely(start, end);
        }
        assertTrue(parsedWithoutError > 100, "some mutations should stay well formed: " + parsedWithoutError);
        assertTrue(rejected > 1000, "most mutations should be rejected: " + rejected);
    }

    private void parseSafely(int start, int end) {
        RecordingVisitor visitor = new RecordingVisitor().payload(start, end);
        try {
            parser.parse(buf, start, end, visitor);
            parsedWithoutError++;
        } catch (QuicTransportException e) {
            rejected++;
        }
    }

    /** Some frames of random types and values, as the writer makes them. */
    private int writeValidPayload(Random random, int pos) {
        int frames = 1 + random.nextInt(6);
        byte[] data = new byte[64];
        random.nextBytes(data);
        for (int i = 0; i < frames; i++) {
            long a = randomVarInt(random);
            long b = randomVarInt(random);
            int n = random.nextInt(40);
            pos = switch (random.nextInt(14)) {
                case 0 -> FrameWriter.writePing(buf, pos);
                case 1 -> FrameWriter.writePadding(buf, pos, 1 + n);
                case 2 -> FrameWriter.writeAck(buf, pos, new long[] {b / 2 + 10, b / 2 + 10 + n, 3, 7, 0, 1}, 3,
                        a, random.nextBoolean() ? -1 : a, b, n);
                case 3 -> FrameWriter.writeResetStream(buf, pos, a, b, n);
                case 4 -> FrameWriter.writeCrypto(buf, pos, b / 2, data, 0, n);
                case 5 -> FrameWriter.writeStream(buf, pos, a, b / 2, data, 0, n, random.nextBoolean(), true);
                case 6 -> FrameWriter.writeMaxStreamData(buf, pos, a, b);
                case 7 -> FrameWriter.writeMaxStreams(buf, pos, random.nextBoolean(), b >> 2);
                case 8 -> FrameWriter.writeNewConnectionId(buf, pos, a, a / 2, data, 0, 1 + n % 20, data, 20);
                case 9 -> FrameWriter.writePathChallenge(buf, pos, a);
                case 10 -> FrameWriter.writeConnectionClose(buf, pos, a, b, data, 0, n);
                case 11 -> FrameWriter.writeApplicationClose(buf, pos, a, data, 0, n);
                case 12 -> FrameWriter.writeStreamsBlocked(buf, pos, random.nextBoolean(), b >> 2);
                default -> FrameWriter.writeHandshakeDone(buf, pos);
            };
        }
        return pos;
    }

    private static long randomVarInt(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(64);
            case 1 -> random.nextInt(16384);
            case 2 -> random.nextInt(1 << 30);
            default -> random.nextLong() >>> 2;
        };
    }
}
