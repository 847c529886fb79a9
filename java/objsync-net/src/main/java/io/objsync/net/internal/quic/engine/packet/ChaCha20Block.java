package io.objsync.net.internal.quic.engine.packet;

/**
 * The ChaCha20 block function (RFC 8439 section 2.3) for one 32-byte key, computed without allocating. Header
 * protection needs only five bytes of one block per packet; doing that here rather than through
 * {@code javax.crypto} avoids a parameter object per packet, and Java 17's ChaCha20 cipher refusing to be
 * initialised twice in a row with the same key and nonce (which a duplicated or forged packet would cause).
 * Not thread-safe: the working state is reused.
 */
final class ChaCha20Block {

    private static final int[] SIGMA = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574}; // "expand 32-byte k"

    private final int[] initial = new int[16];
    private final int[] working = new int[16];

    /** A block function for a 32-byte key. */
    ChaCha20Block(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 takes a 32-byte key, not " + key.length);
        }
        System.arraycopy(SIGMA, 0, initial, 0, 4);
        for (int i = 0; i < 8; i++) {
            initial[4 + i] = littleEndianInt(key, 4 * i);
        }
    }

    /**
     * Computes the block for {@code counter} and the 12-byte nonce at {@code nonce[nonceOffset]}, and writes its
     * first {@code length} (at most 64) keystream bytes to {@code out[outOffset]}.
     */
    void keystream(int counter, byte[] nonce, int nonceOffset, byte[] out, int outOffset, int length) {
        int[] x = working;
        initial[12] = counter;
        initial[13] = littleEndianInt(nonce, nonceOffset);
        initial[14] = littleEndianInt(nonce, nonceOffset + 4);
        initial[15] = littleEndianInt(nonce, nonceOffset + 8);
        System.arraycopy(initial, 0, x, 0, 16);
        for (int round = 0; round < 10; round++) {
            quarterRound(x, 0, 4, 8, 12);
            quarterRound(x, 1, 5, 9, 13);
            quarterRound(x, 2, 6, 10, 14);
            quarterRound(x, 3, 7, 11, 15);
            quarterRound(x, 0, 5, 10, 15);
            quarterRound(x, 1, 6, 11, 12);
            quarterRound(x, 2, 7, 8, 13);
            quarterRound(x, 3, 4, 9, 14);
        }
        for (int i = 0; i < length; i++) {
            int word = x[i >>> 2] + initial[i >>> 2];
            out[outOffset + i] = (byte) (word >>> (8 * (i & 3)));
        }
    }

    /** The first four bytes at {@code offset} as a little-endian int, as ChaCha20 reads its inputs. */
    static int littleEndianInt(byte[] b, int offset) {
        return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16
                | (b[offset + 3] & 0xff) << 24;
    }

    private static void quarterRound(int[] x, int a, int b, int c, int d) {
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }
}
