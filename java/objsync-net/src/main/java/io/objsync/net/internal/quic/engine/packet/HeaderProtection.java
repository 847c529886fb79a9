package io.objsync.net.internal.quic.engine.packet;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Header protection (RFC 9001 section 5.4): a 5-byte mask computed from a 16-byte sample of the ciphertext,
 * four bytes after the start of the packet number, hides the low bits of the first byte and the packet number.
 * One instance per header protection key; it reuses its cipher and mask buffer, so it is not thread-safe.
 */
abstract class HeaderProtection {

    /** Length of the ciphertext sample the mask is computed from. */
    static final int SAMPLE_LENGTH = 16;
    /** The sample starts this far after the packet number's first byte, as if it were 4 bytes long. */
    static final int SAMPLE_OFFSET = 4;

    /** The mask of the last sample; AES fills all 16 bytes, only the first 5 are used. */
    final byte[] mask = new byte[SAMPLE_LENGTH];

    /** The header protection of {@code keys}' algorithm with their header protection key. */
    static HeaderProtection of(PacketKeys keys) {
        byte[] key = keys.headerProtectionKey();
        return keys.algorithm() == AeadAlgorithm.CHACHA20_POLY1305 ? new ChaCha20Mask(key) : new AesMask(key);
    }

    /** Computes {@link #mask} from the sample at {@code buf[sampleOffset]}. */
    abstract void computeMask(byte[] buf, int sampleOffset);

    /**
     * Protects a header whose first byte (at {@code packetStart}) still shows the packet number length, and
     * whose packet number starts at {@code pnOffset}, followed by the sealed payload.
     */
    final void apply(byte[] buf, int packetStart, int pnOffset) {
        int pnLength = (buf[packetStart] & 0x03) + 1;
        computeMask(buf, pnOffset + SAMPLE_OFFSET);
        buf[packetStart] ^= (byte) (mask[0] & protectedBits(buf[packetStart]));
        xorPacketNumber(buf, pnOffset, pnLength);
    }

    /** Removes the protection {@link #apply} added, and returns the packet number length it revealed. */
    final int remove(byte[] buf, int packetStart, int pnOffset) {
        computeMask(buf, pnOffset + SAMPLE_OFFSET);
        buf[packetStart] ^= (byte) (mask[0] & protectedBits(buf[packetStart]));
        int pnLength = (buf[packetStart] & 0x03) + 1;
        xorPacketNumber(buf, pnOffset, pnLength);
        return pnLength;
    }

    /** Long headers (form bit set) protect 4 low bits, short headers 5 (including the key phase). */
    private static int protectedBits(byte firstByte) {
        return (firstByte & 0x80) != 0 ? 0x0f : 0x1f;
    }

    private void xorPacketNumber(byte[] buf, int pnOffset, int pnLength) {
        for (int i = 0; i < pnLength; i++) {
            buf[pnOffset + i] ^= mask[1 + i];
        }
    }

    /** AES suites: the mask is AES-ECB of the sample under the header protection key. */
    private static final class AesMask extends HeaderProtection {

        private final Cipher cipher;

        AesMask(byte[] key) {
            try {
                cipher = Cipher.getInstance("AES/ECB/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks AES-ECB", e);
            }
        }

        @Override
        void computeMask(byte[] buf, int sampleOffset) {
            try {
                cipher.doFinal(buf, sampleOffset, SAMPLE_LENGTH, mask, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-ECB failed on one block", e);
            }
        }
    }

    /** ChaCha20: the mask is the keystream for counter = sample[0..4) little-endian, nonce = sample[4..16). */
    private static final class ChaCha20Mask extends HeaderProtection {

        private final ChaCha20Block block;

        ChaCha20Mask(byte[] key) {
            block = new ChaCha20Block(key);
        }

        @Override
        void computeMask(byte[] buf, int sampleOffset) {
            block.keystream(ChaCha20Block.littleEndianInt(buf, sampleOffset), buf, sampleOffset + 4, mask, 0, 5);
        }
    }
}
