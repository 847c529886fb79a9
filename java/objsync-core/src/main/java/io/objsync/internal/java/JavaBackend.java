package io.objsync.internal.java;

import io.objsync.spi.Backend;
import io.objsync.spi.Blake3State;

import java.nio.ByteBuffer;

/** The pure-Java backend: always available, the fallback and the baseline the native ones are measured against. */
public final class JavaBackend implements Backend {

    public static final JavaBackend INSTANCE = new JavaBackend();

    private JavaBackend() {
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Blake3State newBlake3(byte[] key, int flags) {
        return new JavaBlake3State(key, flags);
    }

    @Override
    public void blake3(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        JavaBlake3.hash(key, flags, in, off, len, out, outOff, outLen);
    }

    @Override
    public void blake3(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen) {
        JavaBlake3.hash(key, flags, in, out, outOff, outLen);
    }

    @Override
    public void blake3SubtreeCv(byte[] key, int flags, ByteBuffer in, long chunkCounter, boolean root, byte[] cvOut) {
        JavaBlake3.subtreeCv(key, flags, in, chunkCounter, root, cvOut);
    }

    @Override
    public void baoOutboard(ByteBuffer in, long chunkCounter, int blockLog, boolean root, ByteBuffer outboard,
                            byte[] cvOut) {
        JavaBlake3.baoOutboard(in, chunkCounter, blockLog, root, outboard, cvOut);
    }

    @Override
    public boolean baoVerify(ByteBuffer stream, long chunkCounter, int blockLog, boolean root, byte[] expectedCv) {
        return JavaBlake3.baoVerify(stream, chunkCounter, blockLog, root, expectedCv);
    }

    @Override
    public void xchachaSeal(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, ByteBuffer out, byte[] tagOut) {
        JavaXChaCha20Poly1305.seal(key, nonce, ad, in, out, tagOut);
    }

    @Override
    public boolean xchachaOpen(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, byte[] tag, ByteBuffer out) {
        return JavaXChaCha20Poly1305.open(key, nonce, ad, in, tag, out);
    }

    @Override
    public void ed25519PublicKey(byte[] seed, byte[] publicKeyOut) {
        JavaEd25519.publicKey(seed, publicKeyOut);
    }

    @Override
    public void ed25519Sign(byte[] seed, byte[] publicKey, ByteBuffer msg, byte[] signatureOut) {
        JavaEd25519.sign(seed, publicKey, msg, signatureOut);
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, ByteBuffer msg, byte[] signature) {
        return JavaEd25519.verify(publicKey, msg, signature);
    }

    @Override
    public void ed25519VerifyBatch(int count, byte[] publicKeys, byte[] signatures, byte[] messages,
                                   int[] msgOffsets, byte[] results) {
        JavaEd25519.verifyBatch(count, publicKeys, signatures, messages, msgOffsets, results);
    }

    @Override
    public void hmacSha256(byte[] key, byte[] msg, int off, int len, byte[] out) {
        JavaHmacSha256.mac(key, msg, off, len, out);
    }
}
