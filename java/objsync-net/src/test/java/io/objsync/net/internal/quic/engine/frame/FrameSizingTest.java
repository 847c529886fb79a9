package io.objsync.net.internal.quic.engine.frame;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sizing helpers agree with what the writer writes, so a packetizer can fill a packet to the byte. */
class FrameSizingTest {

    private static final long[] IDS = {0, 63, 64, 16383, 16384, 1L << 30};
    private static final long[] OFFSETS = {0, 1, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30};
    /** Past 16384 + a few headers, so every varint size step of the length field is crossed. */
    private static final int MAX_SPACE = 16500;

    private final byte[] src = new byte[MAX_SPACE];
    private final byte[] dst = new byte[MAX_SPACE + 32];

    /** With a length field: the answer fits, one more byte does not, and the writer writes exactly that. */
    @Test
    void streamDataThatFitsWithLengthIsTheLargestThatFits() {
        for (long id : IDS) {
            for (long offset : OFFSETS) {
                for (int space = 0; space <= MAX_SPACE; space++) {
                    int data = FrameWriter.streamDataThatFits(id, offset, space, true);
                    if (data < 0) {
                        assertEquals(-1, data);
                        assertTrue(FrameWriter.streamFrameHeaderLength(id, offset, 0) > space);
                        continue;
                    }
                    int size = FrameWriter.streamFrameHeaderLength(id, offset, data) + data;
                    assertTrue(size <= space, id + "/" + offset + "/" + space);
                    assertTrue(FrameWriter.streamFrameHeaderLength(id, offset, data + 1) + data + 1 > space,
                            "one more byte would have fit: " + id + "/" + offset + "/" + space);
                    if (space % 97 == 0) {
                        assertEquals(size, FrameWriter.writeStream(dst, 0, id, offset, src, 0, data, true, true));
                    }
                }
            }
        }
    }

    /** Without a length field the frame fills the space exactly. */
    @Test
    void streamDataThatFitsWithoutLengthFillsTheSpace() {
        for (long id : IDS) {
            for (long offset : OFFSETS) {
                int header = FrameWriter.streamFrameHeaderLength(id, offset);
                for (int space = 0; space <= 100; space++) {
                    int data = FrameWriter.streamDataThatFits(id, offset, space, false);
                    if (space < header) {
                        assertEquals(-1, data);
                    } else {
                        assertEquals(space, FrameWriter.writeStream(dst, 0, id, offset, src, 0, data, false, false));
                    }
                }
            }
        }
    }

    @Test
    void cryptoDataThatFitsIsTheLargestThatFits() {
        for (long offset : OFFSETS) {
            for (int space = 0; space <= MAX_SPACE; space++) {
                int data = FrameWriter.cryptoDataThatFits(offset, space);
                if (data < 0) {
                    assertTrue(FrameWriter.cryptoFrameHeaderLength(offset, 0) > space);
                    continue;
                }
                int size = FrameWriter.cryptoFrameHeaderLength(offset, data) + data;
                assertTrue(size <= space);
                assertTrue(FrameWriter.cryptoFrameHeaderLength(offset, data + 1) + data + 1 > space);
                if (space % 89 == 0) {
                    assertEquals(size, FrameWriter.writeCrypto(dst, 0, offset, src, 0, data));
                }
            }
        }
    }

    /** Random well-formed range sets (fixed seed): the predicted ACK length is the written length. */
    @Test
    void ackFrameLengthMatchesTheWriter() {
        Random random = new Random(9002);
        long[] ranges = new long[64];
        for (int round = 0; round < 2000; round++) {
            int count = 1 + random.nextInt(32);
            long next = VarInt.MAX >> random.nextInt(62);
            int made = 0;
            while (made < count && next >= 0) {
                long largest = next;
                long smallest = Math.max(0, largest - (random.nextBoolean() ? random.nextInt(3) : random.nextInt(100000)));
                ranges[2 * made] = smallest;
                ranges[2 * made + 1] = largest;
                made++;
                next = smallest - 2 - (random.nextBoolean() ? 0 : random.nextInt(70000));
            }
            long delay = random.nextInt(1 << 20);
            long ect0 = random.nextBoolean() ? -1 : random.nextInt(1000);
            int length = FrameWriter.ackFrameLength(ranges, made, delay, ect0, 5, 6);
            assertEquals(length, FrameWriter.writeAck(dst, 0, ranges, made, delay, ect0, 5, 6));
        }
    }

    @Test
    void connectionCloseLengthsMatchTheWriter() {
        assertEquals(FrameWriter.connectionCloseLength(0x10a, 0x1c, 300),
                FrameWriter.writeConnectionClose(dst, 0, 0x10a, 0x1c, src, 0, 300));
        assertEquals(FrameWriter.applicationCloseLength(1L << 40, 63),
                FrameWriter.writeApplicationClose(dst, 0, 1L << 40, src, 0, 63));
    }
}
