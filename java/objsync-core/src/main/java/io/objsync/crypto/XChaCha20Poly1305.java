package io.objsync.crypto;

import io.objsync.internal.BackendRegistry;
import io.objsync.internal.Limits;
import io.objsync.spi.Backend;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * XChaCha20-Poly1305 (IETF variant, libsodium's {@code crypto_aead_xchacha20poly1305_ietf}): ChaCha20 with a
 * 192-bit nonce, authenticated by Poly1305. The nonce is long enough to be drawn at random for every message
 * ({@link #encrypt(byte[], byte[])} does so). Immutable and thread-safe; every backend gives identical bytes.
 *
 * <pre>{@code
 * Aead aead = XChaCha20Poly1305.create(XChaCha20Poly1305Key.generate());
 * byte[] sealed = aead.encrypt(plaintext, associatedData);   // nonce || ciphertext || tag
 * byte[] back = aead.decrypt(sealed, associatedData);        // or AeadBadTagException
 * }</pre>
 *
 * <p>See {@link Aead} for the forms, in-place use and argument checks.
 */
public final class XChaCha20Poly1305 implements Aead {

    /** Bytes in a nonce. */
    public static final int NONCE_LENGTH = 24;
    /** Bytes in a tag. */
    public static final int TAG_LENGTH = 16;

    private static final byte[] NO_DATA = new byte[0];

    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    private final Backend backend;
    private final XChaCha20Poly1305Key key;

    XChaCha20Poly1305(Backend backend, XChaCha20Poly1305Key key) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The cipher under {@code key}, on the active backend. */
    public static XChaCha20Poly1305 create(XChaCha20Poly1305Key key) {
        return new XChaCha20Poly1305(BackendRegistry.active(), key);
    }

    @Override
    public int nonceLength() {
        return NONCE_LENGTH;
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] out = new byte[NONCE_LENGTH + sealedLength(plaintext.length)];
        byte[] nonce = new byte[NONCE_LENGTH];
        Random.INSTANCE.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 0, NONCE_LENGTH);
        seal(nonce, plaintext, 0, plaintext.length, out, NONCE_LENGTH, associatedData);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws AeadBadTagException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length < NONCE_LENGTH + TAG_LENGTH) {
            throw new IllegalArgumentException("ciphertext must hold at least a " + NONCE_LENGTH + "-byte nonce and a "
                    + TAG_LENGTH + "-byte tag, got " + ciphertext.length + " bytes");
        }
        byte[] nonce = Arrays.copyOf(ciphertext, NONCE_LENGTH);
        byte[] out = new byte[ciphertext.length - NONCE_LENGTH - TAG_LENGTH];
        open(nonce, ciphertext, NONCE_LENGTH, ciphertext.length - NONCE_LENGTH, out, 0, associatedData);
        return out;
    }

    @Override
    public byte[] seal(byte[] nonce, byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] out = new byte[sealedLength(plaintext.length)];
        seal(nonce, plaintext, 0, plaintext.length, out, 0, associatedData);
        return out;
    }

    @Override
    public int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff, byte[] associatedData) {
        Args.range(in, inOff, len, "in");
        Args.range(out, outOff, sealedLength(len), "out");
        byte[] tag = sealDetached(nonce, in, inOff, len, out, outOff, associatedData);
        System.arraycopy(tag, 0, out, outOff + len, TAG_LENGTH);
        return len + TAG_LENGTH;
    }

    @Override
    public void seal(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData) {
        Objects.requireNonNull(in, "in");
        checkBuffers(in, out, sealedLength(in.remaining()));
        int len = in.remaining();
        byte[] tag = sealCore(nonce, in, out, associatedData);
        out.put(out.position() + len, tag);
        in.position(in.limit());
        out.position(out.position() + len + TAG_LENGTH);
    }

    @Override
    public byte[] sealDetached(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff,
                               byte[] associatedData) {
        Args.range(in, inOff, len, "in");
        Args.range(out, outOff, len, "out");
        return sealCore(nonce, ByteBuffer.wrap(in, inOff, len), ByteBuffer.wrap(out, outOff, len), associatedData);
    }

    @Override
    public byte[] sealDetached(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData) {
        checkBuffers(in, out, in.remaining());
        byte[] tag = sealCore(nonce, in, out, associatedData);
        out.position(out.position() + in.remaining());
        in.position(in.limit());
        return tag;
    }

    @Override
    public byte[] open(byte[] nonce, byte[] ciphertext, byte[] associatedData) throws AeadBadTagException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        byte[] out = new byte[openedLength(ciphertext.length)];
        open(nonce, ciphertext, 0, ciphertext.length, out, 0, associatedData);
        return out;
    }

    @Override
    public int open(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff, byte[] associatedData)
            throws AeadBadTagException {
        Args.range(in, inOff, len, "in");
        int plainLen = openedLength(len);
        byte[] tag = Arrays.copyOfRange(in, inOff + plainLen, inOff + len);
        openDetached(nonce, in, inOff, plainLen, tag, out, outOff, associatedData);
        return plainLen;
    }

    @Override
    public void open(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData) throws AeadBadTagException {
        Objects.requireNonNull(in, "in");
        int plainLen = openedLength(in.remaining());
        checkBuffers(in, out, plainLen);
        byte[] tag = new byte[TAG_LENGTH];
        in.get(in.position() + plainLen, tag);
        ByteBuffer ciphertext = in.duplicate();
        ciphertext.limit(in.position() + plainLen);
        openCore(nonce, ciphertext, tag, out, associatedData);
        in.position(in.limit());
        out.position(out.position() + plainLen);
    }

    @Override
    public void openDetached(byte[] nonce, byte[] in, int inOff, int len, byte[] tag, byte[] out, int outOff,
                             byte[] associatedData) throws AeadBadTagException {
        Args.range(in, inOff, len, "in");
        Args.range(out, outOff, len, "out");
        openCore(nonce, ByteBuffer.wrap(in, inOff, len), tag, ByteBuffer.wrap(out, outOff, len), associatedData);
    }

    @Override
    public void openDetached(byte[] nonce, ByteBuffer in, byte[] tag, ByteBuffer out, byte[] associatedData)
            throws AeadBadTagException {
        checkBuffers(in, out, in.remaining());
        int len = in.remaining();
        openCore(nonce, in, tag, out, associatedData);
        in.position(in.limit());
        out.position(out.position() + len);
    }

    /** Seals {@code in}'s remaining bytes into {@code out} from its position; moves neither. Returns the tag. */
    private byte[] sealCore(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData) {
        Call call = new Call(nonce, in, out, associatedData);
        byte[] tag = new byte[TAG_LENGTH];
        backend.xchachaSeal(key.bytesRef(), call.nonce, call.ad, call.src, call.staged, tag);
        call.publish();
        return tag;
    }

    /** Opens {@code in}'s remaining bytes into {@code out} from its position; moves neither. */
    private void openCore(byte[] nonce, ByteBuffer in, byte[] tag, ByteBuffer out, byte[] associatedData)
            throws AeadBadTagException {
        byte[] t = Args.exact(tag, TAG_LENGTH, "tag");
        Call call = new Call(nonce, in, out, associatedData);
        if (!backend.xchachaOpen(key.bytesRef(), call.nonce, call.ad, call.src, t, call.staged)) {
            call.wipe();
            throw new AeadBadTagException("XChaCha20-Poly1305 tag mismatch: wrong key, nonce or associated data, "
                    + "or altered ciphertext");
        }
        call.publish();
    }

    /**
     * One backend call's checked nonce and its buffers made safe to hand over: the input separated from the
     * output when they partly overlap, and heap spans above {@link Limits#MAX_CRITICAL_BYTES} staged in direct
     * memory.
     */
    private static final class Call {
        final byte[] nonce;
        final ByteBuffer ad;
        final ByteBuffer src;
        /** The caller's output window. */
        final ByteBuffer dst;
        /** Where the backend writes: {@link #dst} itself, or direct memory standing in for it. */
        final ByteBuffer staged;

        Call(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData) {
            this.nonce = Args.exact(nonce, NONCE_LENGTH, "nonce");
            this.ad = Args.bounded(ByteBuffer.wrap(associatedData == null ? NO_DATA : associatedData));
            int len = in.remaining();
            this.src = Args.bounded(separate(in, out));
            ByteBuffer w = out.duplicate();
            w.limit(w.position() + len);
            this.dst = w;
            this.staged = w.isDirect() || len <= Limits.MAX_CRITICAL_BYTES ? w : ByteBuffer.allocateDirect(len);
        }

        /** Copies staged output to the caller's window. */
        void publish() {
            if (staged != dst) {
                dst.put(dst.position(), staged, 0, dst.remaining());
            }
        }

        /** Zeroes the caller's window after a failed open (the backend zeroed what it wrote to). */
        void wipe() {
            if (staged != dst) {
                dst.put(dst.position(), new byte[dst.remaining()]);
            }
        }
    }

    /**
     * {@code in}, or a copy of it when the backend could not tell it apart from {@code out}: a heap input that
     * overlaps the output at another offset, or a read-only heap input (whose array cannot be inspected).
     */
    private static ByteBuffer separate(ByteBuffer in, ByteBuffer out) {
        boolean copy;
        if (in.isDirect()) {
            copy = false;
        } else if (!in.hasArray()) {
            copy = true;
        } else {
            int inStart = in.arrayOffset() + in.position();
            int outStart = out.hasArray() ? out.arrayOffset() + out.position() : -1;
            int len = in.remaining();
            copy = out.hasArray() && in.array() == out.array() && inStart != outStart
                    && inStart < outStart + len && outStart < inStart + len;
        }
        if (!copy) {
            return in;
        }
        byte[] c = new byte[in.remaining()];
        in.get(in.position(), c);
        return ByteBuffer.wrap(c);
    }

    private static void checkBuffers(ByteBuffer in, ByteBuffer out, int outNeeded) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        if (in == out) {
            throw new IllegalArgumentException("in and out must be distinct buffer objects; for in-place use pass "
                    + "buf.duplicate() as one of them");
        }
        if (out.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (out.remaining() < outNeeded) {
            throw new IllegalArgumentException("out has " + out.remaining() + " bytes remaining, needs " + outNeeded);
        }
    }

    private static int sealedLength(int plainLen) {
        if (plainLen > Integer.MAX_VALUE - NONCE_LENGTH - TAG_LENGTH) {
            throw new IllegalArgumentException("plaintext too long for an array: " + plainLen + " bytes");
        }
        return plainLen + TAG_LENGTH;
    }

    private static int openedLength(int sealedLen) {
        if (sealedLen < TAG_LENGTH) {
            throw new IllegalArgumentException("ciphertext must hold at least the " + TAG_LENGTH + "-byte tag, got "
                    + sealedLen + " bytes");
        }
        return sealedLen - TAG_LENGTH;
    }

    /** Names the algorithm only; the key never appears. */
    @Override
    public String toString() {
        return "XChaCha20Poly1305[key=<redacted>]";
    }
}
