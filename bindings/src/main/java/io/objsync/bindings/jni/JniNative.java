package io.objsync.bindings.jni;

import java.nio.ByteBuffer;

/**
 * The JNI entry points of libobjsync (native/jni/objsync_jni.c). Unchecked by design: {@link JniBackend} has
 * validated every argument. A memory region is passed as (array, direct buffer, offset) with exactly one of
 * the first two non-null.
 */
final class JniNative {
    private JniNative() {
    }

    static native String version();

    static native String simd();

    static native long stateNew(byte[] key, int flags);

    static native long stateCopy(long state);

    static native void stateFree(long state);

    static native void stateReset(long state);

    static native void stateUpdateArray(long state, byte[] in, int off, int len);

    static native void stateUpdateDirect(long state, ByteBuffer in, long off, long len);

    static native void stateFinalize(long state, long seek, byte[] out, int off, int len);

    static native void hashArray(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen);

    static native void hashDirect(byte[] key, int flags, ByteBuffer in, long off, long len, byte[] out, int outOff,
                                  int outLen);

    static native void subtreeCv(byte[] key, int flags, byte[] inArr, ByteBuffer inBuf, long off, long len,
                                 long counter, boolean root, byte[] cv);

    static native void baoOutboard(byte[] inArr, ByteBuffer inBuf, long inOff, long len, long counter, int blockLog,
                                   boolean root, byte[] obArr, ByteBuffer obBuf, long obOff, byte[] cv);

    static native boolean baoVerify(byte[] inArr, ByteBuffer inBuf, long off, long len, long counter, int blockLog,
                                    boolean root, byte[] expected);

    static native void xchachaSeal(byte[] key, byte[] nonce, byte[] adArr, ByteBuffer adBuf, long adOff, long adLen,
                                   byte[] inArr, ByteBuffer inBuf, long inOff, long len,
                                   byte[] outArr, ByteBuffer outBuf, long outOff, byte[] tag);

    static native boolean xchachaOpen(byte[] key, byte[] nonce, byte[] adArr, ByteBuffer adBuf, long adOff,
                                      long adLen, byte[] inArr, ByteBuffer inBuf, long inOff, long len, byte[] tag,
                                      byte[] outArr, ByteBuffer outBuf, long outOff);

    static native void ed25519PublicKey(byte[] seed, byte[] pk);

    static native void ed25519Sign(byte[] seed, byte[] pk, byte[] mArr, ByteBuffer mBuf, long mOff, long len,
                                   byte[] sig);

    static native boolean ed25519Verify(byte[] pk, byte[] mArr, ByteBuffer mBuf, long mOff, long len, byte[] sig);

    static native void ed25519VerifyBatch(int count, byte[] pks, byte[] sigs, byte[] msgs, int[] offsets,
                                          byte[] results);

    static native void hmacSha256(byte[] key, byte[] msg, int off, int len, byte[] out);
}
