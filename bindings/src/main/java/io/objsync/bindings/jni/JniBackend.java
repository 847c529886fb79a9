package io.objsync.bindings.jni;

import io.objsync.bindings.NativeLibrary;
import io.objsync.spi.Backend;
import io.objsync.spi.Blake3State;

import java.nio.ByteBuffer;

/**
 * The JNI backend (Java 17+). Heap arrays are pinned with GetPrimitiveArrayCritical for one call at a time;
 * callers (the public API) keep each call's heap span bounded, and this class splits the streaming updates
 * itself, so no single critical section covers more than {@link #MAX_PINNED} bytes.
 */
public final class JniBackend implements Backend {

    /** The most bytes of a heap array one streaming call pins; a 1 MiB hash takes ~0.3 ms. */
    static final int MAX_PINNED = 1 << 20;
    /** One-shot outputs up to this size are returned through a stack buffer in C. */
    private static final int ONE_SHOT_OUT = 64;

    private JniBackend() {
    }

    /** Creates the backend; fails when the library is absent or of another version. */
    public static JniBackend create() {
        NativeLibrary.ensureAvailable();
        String v = JniNative.version();
        if (!NativeLibrary.version().equals(v)) {
            throw new UnsatisfiedLinkError("libobjsync version " + v + " does not match the bridge version "
                    + NativeLibrary.version());
        }
        return new JniBackend();
    }

    /** The BLAKE3 SIMD variant the library chose for this CPU. */
    public static String simd() {
        return JniNative.simd();
    }

    @Override
    public String name() {
        return "jni";
    }

    @Override
    public Blake3State newBlake3(byte[] key, int flags) {
        return new JniBlake3State(JniNative.stateNew(key, flags));
    }

    @Override
    public void blake3(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        if (len <= MAX_PINNED && outLen <= ONE_SHOT_OUT) {
            JniNative.hashArray(key, flags, in, off, len, out, outOff, outLen);
            return;
        }
        try (Blake3State s = newBlake3(key, flags)) {
            s.update(in, off, len);
            s.finalizeXof(0, out, outOff, outLen);
        }
    }

    @Override
    public void blake3(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen) {
        in = readable(in);
        if (!in.isDirect()) {
            blake3(key, flags, in.array(), in.arrayOffset() + in.position(), in.remaining(), out, outOff, outLen);
        } else if (outLen <= ONE_SHOT_OUT) {
            JniNative.hashDirect(key, flags, in, in.position(), in.remaining(), out, outOff, outLen);
        } else {
            try (Blake3State s = newBlake3(key, flags)) {
                s.update(in);
                s.finalizeXof(0, out, outOff, outLen);
            }
        }
    }

    @Override
    public void blake3SubtreeCv(byte[] key, int flags, ByteBuffer in, long chunkCounter, boolean root, byte[] cvOut) {
        in = readable(in);
        if (in.isDirect()) {
            JniNative.subtreeCv(key, flags, null, in, in.position(), in.remaining(), chunkCounter, root, cvOut);
        } else {
            JniNative.subtreeCv(key, flags, in.array(), null, in.arrayOffset() + in.position(), in.remaining(),
                    chunkCounter, root, cvOut);
        }
    }

    @Override
    public void baoOutboard(ByteBuffer in, long chunkCounter, int blockLog, boolean root, ByteBuffer outboard,
                            byte[] cvOut) {
        in = readable(in);
        JniNative.baoOutboard(arr(in), buf(in), off(in), in.remaining(), chunkCounter, blockLog, root,
                arr(outboard), buf(outboard), off(outboard), cvOut);
    }

    @Override
    public boolean baoVerify(ByteBuffer stream, long chunkCounter, int blockLog, boolean root, byte[] expectedCv) {
        stream = readable(stream);
        return JniNative.baoVerify(arr(stream), buf(stream), off(stream), stream.remaining(), chunkCounter, blockLog,
                root, expectedCv);
    }

    @Override
    public void xchachaSeal(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, ByteBuffer out, byte[] tagOut) {
        ad = readable(ad);
        in = readable(in);
        JniNative.xchachaSeal(key, nonce, arr(ad), buf(ad), off(ad), ad.remaining(), arr(in), buf(in), off(in),
                in.remaining(), arr(out), buf(out), off(out), tagOut);
    }

    @Override
    public boolean xchachaOpen(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, byte[] tag, ByteBuffer out) {
        ad = readable(ad);
        in = readable(in);
        return JniNative.xchachaOpen(key, nonce, arr(ad), buf(ad), off(ad), ad.remaining(), arr(in), buf(in),
                off(in), in.remaining(), tag, arr(out), buf(out), off(out));
    }

    @Override
    public void ed25519PublicKey(byte[] seed, byte[] publicKeyOut) {
        JniNative.ed25519PublicKey(seed, publicKeyOut);
    }

    @Override
    public void ed25519Sign(byte[] seed, byte[] publicKey, ByteBuffer msg, byte[] signatureOut) {
        msg = readable(msg);
        JniNative.ed25519Sign(seed, publicKey, arr(msg), buf(msg), off(msg), msg.remaining(), signatureOut);
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, ByteBuffer msg, byte[] signature) {
        msg = readable(msg);
        return JniNative.ed25519Verify(publicKey, arr(msg), buf(msg), off(msg), msg.remaining(), signature);
    }

    @Override
    public void ed25519VerifyBatch(int count, byte[] publicKeys, byte[] signatures, byte[] messages,
                                   int[] msgOffsets, byte[] results) {
        JniNative.ed25519VerifyBatch(count, publicKeys, signatures, messages, msgOffsets, results);
    }

    @Override
    public void hmacSha256(byte[] key, byte[] msg, int off, int len, byte[] out) {
        JniNative.hmacSha256(key, msg, off, len, out);
    }

    // A buffer as the (array, direct buffer, offset) triple the C side expects. Inputs go through
    // readable() first, so a heap buffer reaching arr() always has an accessible array.

    /** A read-only heap buffer hides its array: such an input is copied (rare; callers mostly pass arrays). */
    static ByteBuffer readable(ByteBuffer b) {
        if (b.isDirect() || b.hasArray()) {
            return b;
        }
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return ByteBuffer.wrap(copy);
    }

    static byte[] arr(ByteBuffer b) {
        return b.isDirect() ? null : b.array();
    }

    static ByteBuffer buf(ByteBuffer b) {
        return b.isDirect() ? b : null;
    }

    static long off(ByteBuffer b) {
        if (b.isDirect()) {
            return b.position();
        }
        return b.arrayOffset() + b.position();
    }
}
