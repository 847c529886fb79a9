package io.objsync.net.internal.quic.engine.packet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) with TLS 1.3's labels (RFC 8446 section 7.1), and the QUIC v1 Initial secrets
 * (RFC 9001 section 5.2). Used when keys change, never per packet.
 */
public final class KeySchedule {

    /** The QUIC v1 Initial salt, RFC 9001 section 5.2. */
    private static final byte[] INITIAL_SALT_V1 = {
        0x38, 0x76, 0x2c, (byte) 0xf7, (byte) 0xf5, 0x59, 0x34, (byte) 0xb3, 0x4d, 0x17,
        (byte) 0x9a, (byte) 0xe6, (byte) 0xa4, (byte) 0xc8, 0x0c, (byte) 0xad, (byte) 0xcc, (byte) 0xbb, 0x7f, 0x0a
    };
    private static final byte[] NO_CONTEXT = new byte[0];
    private static final byte[] LABEL_PREFIX = "tls13 ".getBytes(StandardCharsets.US_ASCII);

    private KeySchedule() {
    }

    /** HKDF-Extract with the HMAC of {@code suite}'s hash. */
    public static byte[] extract(AeadAlgorithm suite, byte[] salt, byte[] inputKeyMaterial) {
        Mac mac = mac(suite, salt.length == 0 ? new byte[suite.hashLength()] : salt);
        return mac.doFinal(inputKeyMaterial);
    }

    /**
     * HKDF-Expand-Label: {@code length} bytes expanded from {@code secret} with the label "tls13 " + {@code label}
     * and the given context (empty for all of QUIC's own labels).
     */
    public static byte[] expandLabel(AeadAlgorithm suite, byte[] secret, String label, byte[] context, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        int fullLabelLength = LABEL_PREFIX.length + labelBytes.length;
        if (length > 0xffff || fullLabelLength > 255 || context.length > 255) {
            throw new IllegalArgumentException("HKDF label out of range");
        }
        // struct HkdfLabel { uint16 length; opaque label<7..255>; opaque context<0..255>; }
        byte[] info = new byte[2 + 1 + fullLabelLength + 1 + context.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabelLength;
        System.arraycopy(LABEL_PREFIX, 0, info, 3, LABEL_PREFIX.length);
        System.arraycopy(labelBytes, 0, info, 3 + LABEL_PREFIX.length, labelBytes.length);
        info[3 + fullLabelLength] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + fullLabelLength, context.length);
        return expand(suite, secret, info, length);
    }

    /** HKDF-Expand-Label with an empty context, as QUIC's labels use it. */
    static byte[] expandLabel(AeadAlgorithm suite, byte[] secret, String label, int length) {
        return expandLabel(suite, secret, label, NO_CONTEXT, length);
    }

    /**
     * The QUIC v1 Initial secret of one side ("client in" or "server in"), from the destination connection id of
     * the client's first Initial packet. Initial packets always use AES-128-GCM with SHA-256.
     */
    public static byte[] initialSecret(byte[] destinationConnectionId, boolean client) {
        byte[] initial = extract(AeadAlgorithm.AES_128_GCM, INITIAL_SALT_V1, destinationConnectionId);
        return expandLabel(AeadAlgorithm.AES_128_GCM, initial, client ? "client in" : "server in",
                AeadAlgorithm.AES_128_GCM.hashLength());
    }

    private static byte[] expand(AeadAlgorithm suite, byte[] pseudoRandomKey, byte[] info, int length) {
        if (length > 255 * suite.hashLength()) {
            throw new IllegalArgumentException("HKDF-Expand length too large: " + length);
        }
        Mac mac = mac(suite, pseudoRandomKey);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, n);
            written += n;
        }
        return out;
    }

    private static Mac mac(AeadAlgorithm suite, byte[] key) {
        try {
            Mac mac = Mac.getInstance(suite.hmacAlgorithm());
            mac.init(new SecretKeySpec(key, suite.hmacAlgorithm()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + suite.hmacAlgorithm(), e);
        }
    }
}
