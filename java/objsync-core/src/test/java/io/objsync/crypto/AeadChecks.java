package io.objsync.crypto;

import static io.objsync.crypto.TestBuffers.concat;
import static io.objsync.crypto.TestBuffers.peek;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Runs one known (key, nonce, associated data, plaintext, ciphertext, tag) case through every form of
 * {@link Aead}: arrays and buffers of every kind, combined and detached, separate and in place; and a known
 * forgery through every open form, checking that nothing but zeros reaches the output.
 */
final class AeadChecks {

    private AeadChecks() {
    }

    /** Every seal form gives {@code ct || tag}; every open form gives {@code msg} back. */
    static void sealsAndOpens(Aead aead, byte[] nonce, byte[] ad, byte[] msg, byte[] ct, byte[] tag, String what)
            throws AeadBadTagException {
        byte[] sealed = concat(ct, tag);
        int len = msg.length;
        assertArrayEquals(sealed, aead.seal(nonce, msg, ad), what);
        assertArrayEquals(msg, aead.open(nonce, sealed, ad), what);

        // Arrays at offsets, detached.
        byte[] out = TestBuffers.filled(len + 9);
        assertArrayEquals(tag, aead.sealDetached(nonce, msg, 0, len, out, 4, ad), what);
        assertArrayEquals(ct, Arrays.copyOfRange(out, 4, 4 + len), what);
        byte[] plain = TestBuffers.filled(len + 2);
        aead.openDetached(nonce, out, 4, len, tag, plain, 1, ad);
        assertArrayEquals(msg, Arrays.copyOfRange(plain, 1, 1 + len), what);

        // In place in one array, combined then detached.
        byte[] buf = Arrays.copyOf(concat(new byte[3], msg), 3 + len + tag.length);
        assertEquals(len + tag.length, aead.seal(nonce, buf, 3, len, buf, 3, ad), what);
        assertArrayEquals(sealed, Arrays.copyOfRange(buf, 3, 3 + len + tag.length), what);
        assertEquals(len, aead.open(nonce, buf, 3, len + tag.length, buf, 3, ad), what);
        assertArrayEquals(msg, Arrays.copyOfRange(buf, 3, 3 + len), what);
        assertArrayEquals(tag, aead.sealDetached(nonce, buf, 3, len, buf, 3, ad), what);
        aead.openDetached(nonce, buf, 3, len, tag, buf, 3, ad);
        assertArrayEquals(msg, Arrays.copyOfRange(buf, 3, 3 + len), what);

        // Overlapping at different offsets in one array: the input is read before it is overwritten.
        byte[] shifted = concat(msg, new byte[tag.length + 5]);
        aead.seal(nonce, shifted, 0, len, shifted, 5, ad);
        assertArrayEquals(sealed, Arrays.copyOfRange(shifted, 5, 5 + sealed.length), what);

        // Buffers of every kind.
        for (Function<byte[], ByteBuffer> inKind : TestBuffers.inputs()) {
            for (Function<Integer, ByteBuffer> outKind : TestBuffers.outputs()) {
                String w = what + " [" + inKind.apply(msg) + " -> " + outKind.apply(0) + "]";
                ByteBuffer in = inKind.apply(msg);
                ByteBuffer o = outKind.apply(len + tag.length);
                int start = o.position();
                aead.seal(nonce, in, o, ad);
                assertEquals(in.limit(), in.position(), w);
                assertEquals(start + len + tag.length, o.position(), w);
                assertArrayEquals(sealed, peek(o.position(start), sealed.length), w);

                in = inKind.apply(msg);
                o = outKind.apply(len);
                assertArrayEquals(tag, aead.sealDetached(nonce, in, o, ad), w);
                assertEquals(start + len, o.position(), w);
                assertArrayEquals(ct, peek(o.position(start), len), w);

                in = inKind.apply(sealed);
                o = outKind.apply(len);
                aead.open(nonce, in, o, ad);
                assertEquals(in.limit(), in.position(), w);
                assertEquals(start + len, o.position(), w);
                assertArrayEquals(msg, peek(o.position(start), len), w);

                in = inKind.apply(ct);
                o = outKind.apply(len);
                aead.openDetached(nonce, in, tag, o, ad);
                assertArrayEquals(msg, peek(o.position(start), len), w);
            }
        }

        // In place over buffers: one buffer and its duplicate, heap and direct.
        for (Function<byte[], ByteBuffer> kind : TestBuffers.inputs().subList(0, 4)) {
            ByteBuffer data = kind.apply(concat(msg, new byte[tag.length]));
            int start = data.position();
            ByteBuffer in = data.duplicate().limit(start + len);
            aead.seal(nonce, in, data, ad);
            assertArrayEquals(sealed, peek(data.position(start), sealed.length), what + " in place " + data);
            aead.open(nonce, data.duplicate(), data, ad);
            assertArrayEquals(msg, peek(data.position(start), len), what + " in place " + data);
        }
    }

    /** Every open form rejects {@code ct || tag}: typed exception, zeroed output, buffers unmoved. */
    static void rejects(Aead aead, byte[] nonce, byte[] ad, byte[] ct, byte[] tag, String what) {
        byte[] sealed = concat(ct, tag);
        int len = ct.length;
        assertThrows(AeadBadTagException.class, () -> aead.open(nonce, sealed, ad), what);

        byte[] out = TestBuffers.filled(len + 6);
        assertThrows(AeadBadTagException.class, () -> aead.open(nonce, sealed, 0, sealed.length, out, 3, ad), what);
        assertZeroedWindow(out, 3, len, what);
        byte[] out2 = TestBuffers.filled(len + 6);
        assertThrows(AeadBadTagException.class, () -> aead.openDetached(nonce, ct, 0, len, tag, out2, 3, ad), what);
        assertZeroedWindow(out2, 3, len, what);

        // In place: the ciphertext itself is wiped.
        byte[] buf = sealed.clone();
        assertThrows(AeadBadTagException.class, () -> aead.open(nonce, buf, 0, buf.length, buf, 0, ad), what);
        assertArrayEquals(new byte[len], Arrays.copyOf(buf, len), what);

        for (Function<byte[], ByteBuffer> inKind : TestBuffers.inputs()) {
            for (Function<Integer, ByteBuffer> outKind : TestBuffers.outputs()) {
                ByteBuffer in = inKind.apply(sealed);
                ByteBuffer o = outKind.apply(len);
                int inPos = in.position();
                int outPos = o.position();
                String w = what + " [" + in + " -> " + o + "]";
                assertThrows(AeadBadTagException.class, () -> aead.open(nonce, in, o, ad), w);
                assertEquals(inPos, in.position(), w);
                assertEquals(outPos, o.position(), w);
                assertZeroedWindow(TestBuffers.whole(o), outPos, len, w);

                ByteBuffer inD = inKind.apply(ct);
                ByteBuffer oD = outKind.apply(len);
                assertThrows(AeadBadTagException.class, () -> aead.openDetached(nonce, inD, tag, oD, ad), w);
                assertZeroedWindow(TestBuffers.whole(oD), outPos, len, w);
            }
        }
    }

    /** {@code b[from, from+len)} is zero and every other byte still holds the 0x5A filler. */
    static void assertZeroedWindow(byte[] b, int from, int len, String what) {
        for (int i = 0; i < b.length; i++) {
            byte expected = i >= from && i < from + len ? 0 : (byte) 0x5A;
            if (b[i] != expected) { // the message is built only on failure: windows can be megabytes
                assertEquals(expected, b[i], what + " at " + i);
            }
        }
    }
}
