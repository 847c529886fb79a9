package io.objsync.net.internal.quic;

import tech.kwik.agent15.extension.Extension;
import tech.kwik.agent15.extension.UnknownExtension;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * RFC 7250's {@code client_certificate_type} (19) and {@code server_certificate_type} (20) extensions, offering
 * or selecting only RawPublicKey (2). agent15 parses them as {@link UnknownExtension}s; {@link #selects} and
 * {@link #offers} read those.
 */
final class CertificateTypeExtension extends Extension {

    static final int CLIENT = 19;
    static final int SERVER = 20;
    static final byte RAW_PUBLIC_KEY = 2;

    private final byte[] bytes;

    private CertificateTypeExtension(int type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + data.length);
        b.putShort((short) type).putShort((short) data.length).put(data);
        this.bytes = b.array();
    }

    /** The ClientHello form: a list holding RawPublicKey only. */
    static CertificateTypeExtension offer(int type) {
        return new CertificateTypeExtension(type, new byte[] {1, RAW_PUBLIC_KEY});
    }

    /** The EncryptedExtensions form: the one type selected, RawPublicKey. */
    static CertificateTypeExtension select(int type) {
        return new CertificateTypeExtension(type, new byte[] {RAW_PUBLIC_KEY});
    }

    /** Whether a ClientHello's extensions offer RawPublicKey for {@code type}. */
    static boolean offers(List<Extension> extensions, int type) {
        byte[] data = dataOf(extensions, type);
        if (data == null || data.length < 1 || (data[0] & 0xFF) != data.length - 1) {
            return false;
        }
        for (int i = 1; i < data.length; i++) {
            if (data[i] == RAW_PUBLIC_KEY) {
                return true;
            }
        }
        return false;
    }

    /** Whether EncryptedExtensions select RawPublicKey for {@code type}. */
    static boolean selects(List<Extension> extensions, int type) {
        byte[] data = dataOf(extensions, type);
        return data != null && data.length == 1 && data[0] == RAW_PUBLIC_KEY;
    }

    private static byte[] dataOf(List<Extension> extensions, int type) {
        for (Extension e : extensions) {
            if (e instanceof UnknownExtension && ((UnknownExtension) e).getType() == type) {
                byte[] whole = ((UnknownExtension) e).getData(); // with the 4-byte type and length header
                return java.util.Arrays.copyOfRange(whole, 4, whole.length);
            }
        }
        return null;
    }

    @Override
    public byte[] getBytes() {
        return bytes.clone();
    }
}
