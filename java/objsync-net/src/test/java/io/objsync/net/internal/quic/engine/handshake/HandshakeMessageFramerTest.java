package io.objsync.net.internal.quic.engine.handshake;

import io.objsync.net.internal.quic.engine.QuicTransportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeMessageFramerTest {

    private static byte[] message(int type, int bodyLength, Random random) {
        byte[] m = new byte[4 + bodyLength];
        random.nextBytes(m);
        m[0] = (byte) type;
        m[1] = (byte) (bodyLength >>> 16);
        m[2] = (byte) (bodyLength >>> 8);
        m[3] = (byte) bodyLength;
        return m;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void messagesSplitAnywhereComeOutWholeAndInOrder() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<byte[]> sent = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
                byte[] m = message(1 + i, random.nextInt(3000), random);
                sent.add(m);
                stream.write(m);
            }
            byte[] all = stream.toByteArray();
            HandshakeMessageFramer framer = new HandshakeMessageFramer(4096);
            List<byte[]> got = new ArrayList<>();
            for (int off = 0; off < all.length; ) {
                int len = Math.min(all.length - off, random.nextInt(1500));
                framer.accept(all, off, len, m -> got.add(bytes(m)));
                off += len;
            }
            assertEquals(sent.size(), got.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), got.get(i));
            }
            assertTrue(framer.atMessageBoundary());
        }
    }

    @Test
    void anUnfinishedMessageIsHeldUntilItsLastByte() throws Exception {
        byte[] m = message(11, 10, new Random(1));
        HandshakeMessageFramer framer = new HandshakeMessageFramer(64);
        List<byte[]> got = new ArrayList<>();
        framer.accept(m, 0, 13, x -> got.add(bytes(x)));
        assertEquals(0, got.size());
        assertFalse(framer.atMessageBoundary());
        framer.accept(m, 13, 1, x -> got.add(bytes(x)));
        assertArrayEquals(m, got.get(0));
    }

    @Test
    void aMessageOverTheLimitIsCryptoBufferExceeded() {
        byte[] header = {8, 0, 16, 0}; // a 4096-byte EncryptedExtensions
        HandshakeMessageFramer framer = new HandshakeMessageFramer(4096);
        QuicTransportException e = assertThrows(QuicTransportException.class,
                () -> framer.accept(header, 0, 4, m -> { }));
        assertEquals(HandshakeMessageFramer.CRYPTO_BUFFER_EXCEEDED, e.errorCode());
        // header split across two calls: same refusal once the length is known
        HandshakeMessageFramer split = new HandshakeMessageFramer(4096);
        assertThrows(QuicTransportException.class, () -> {
            split.accept(header, 0, 2, m -> { });
            split.accept(header, 2, 2, m -> { });
        });
    }

    @Test
    void aHandlerErrorComesOut() {
        byte[] m = message(2, 3, new Random(3));
        HandshakeMessageFramer framer = new HandshakeMessageFramer(64);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> framer.accept(m, 0, m.length, x -> {
                    throw new IllegalStateException("alert");
                }));
        assertEquals("alert", e.getMessage());
    }
}
