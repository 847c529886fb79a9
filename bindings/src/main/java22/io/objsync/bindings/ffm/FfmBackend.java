package io.objsync.bindings.ffm;

import io.objsync.bindings.NativeLibrary;
import io.objsync.spi.Backend;
import io.objsync.spi.Blake3State;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Foreign Function &amp; Memory backend (Java 22+): downcalls straight into the C ABI of
 * {@code native/include/objsync.h}. Heap memory is passed without copying through critical downcalls
 * ({@link Linker.Option#critical(boolean)} with heap access), which, like JNI critical arrays, hold off the
 * garbage collector for the call; callers keep each call's heap span bounded.
 */
public final class FfmBackend implements Backend {

    static final int MAX_PINNED = 1 << 20;

    static final MethodHandle VERSION;
    static final MethodHandle STATE_SIZE;
    static final MethodHandle INIT;
    static final MethodHandle UPDATE;
    static final MethodHandle FINALIZE;
    static final MethodHandle RESET;
    static final MethodHandle HASH;
    static final MethodHandle SUBTREE_CV;
    static final MethodHandle OUTBOARD;
    static final MethodHandle BAO_VERIFY;
    static final MethodHandle SEAL;
    static final MethodHandle OPEN;
    static final MethodHandle PUBLIC_KEY;
    static final MethodHandle SIGN;
    static final MethodHandle VERIFY;
    static final MethodHandle VERIFY_BATCH;
    static final MethodHandle HMAC;
    static final MethodHandle MALLOC;
    static final MethodHandle FREE;
    static final long STATE_BYTES;

    static {
        NativeLibrary.ensureAvailable();
        Linker linker = Linker.nativeLinker();
        // The library was loaded with System.load by NativeLibrary, i.e. by this class loader.
        SymbolLookup lib = SymbolLookup.loaderLookup();
        Linker.Option critical = Linker.Option.critical(true);
        VERSION = linker.downcallHandle(find(lib, "objsync_version"), FunctionDescriptor.of(ADDRESS));
        STATE_SIZE = linker.downcallHandle(find(lib, "objsync_blake3_state_size"), FunctionDescriptor.of(JAVA_LONG));
        INIT = linker.downcallHandle(find(lib, "objsync_blake3_init"),
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_INT), critical);
        UPDATE = linker.downcallHandle(find(lib, "objsync_blake3_update"),
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG), critical);
        FINALIZE = linker.downcallHandle(find(lib, "objsync_blake3_finalize"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), critical);
        RESET = linker.downcallHandle(find(lib, "objsync_blake3_reset"), FunctionDescriptor.ofVoid(ADDRESS), critical);
        HASH = linker.downcallHandle(find(lib, "objsync_blake3_hash"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), critical);
        SUBTREE_CV = linker.downcallHandle(find(lib, "objsync_blake3_subtree_cv"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS), critical);
        OUTBOARD = linker.downcallHandle(find(lib, "objsync_bao_outboard"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), critical);
        BAO_VERIFY = linker.downcallHandle(find(lib, "objsync_bao_verify"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS), critical);
        SEAL = linker.downcallHandle(find(lib, "objsync_xchacha_seal"),
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS),
                critical);
        OPEN = linker.downcallHandle(find(lib, "objsync_xchacha_open"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS,
                        ADDRESS), critical);
        PUBLIC_KEY = linker.downcallHandle(find(lib, "objsync_ed25519_public_key"),
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS), critical);
        SIGN = linker.downcallHandle(find(lib, "objsync_ed25519_sign"),
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), critical);
        VERIFY = linker.downcallHandle(find(lib, "objsync_ed25519_verify"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), critical);
        VERIFY_BATCH = linker.downcallHandle(find(lib, "objsync_ed25519_verify_batch"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS), critical);
        HMAC = linker.downcallHandle(find(lib, "objsync_hmac_sha256"),
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), critical);
        // Hasher states live in malloc'd memory: an Arena per hasher would make close() cost a handshake.
        SymbolLookup libc = linker.defaultLookup();
        MALLOC = linker.downcallHandle(find(libc, "malloc"), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        FREE = linker.downcallHandle(find(libc, "free"), FunctionDescriptor.ofVoid(ADDRESS));
        try {
            STATE_BYTES = (long) STATE_SIZE.invokeExact();
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("symbol " + name + " not found"));
    }

    private FfmBackend() {
    }

    /** Creates the backend; fails when the library is absent or of another version. */
    public static FfmBackend create() {
        String v;
        try {
            v = ((MemorySegment) VERSION.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw new UnsatisfiedLinkError("objsync_version failed: " + t);
        }
        if (!NativeLibrary.version().equals(v)) {
            throw new UnsatisfiedLinkError("libobjsync version " + v + " does not match the bridge version "
                    + NativeLibrary.version());
        }
        return new FfmBackend();
    }

    @Override
    public String name() {
        return "ffm";
    }

    static MemorySegment seg(byte[] a) {
        return a == null ? MemorySegment.NULL : MemorySegment.ofArray(a);
    }

    static MemorySegment seg(byte[] a, int off, int len) {
        return MemorySegment.ofArray(a).asSlice(off, len);
    }

    /** The buffer's remaining bytes as a segment (heap or direct), without copying. */
    static MemorySegment seg(ByteBuffer b) {
        return MemorySegment.ofBuffer(b);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    @Override
    public Blake3State newBlake3(byte[] key, int flags) {
        return FfmBlake3State.create(key, flags);
    }

    @Override
    public void blake3(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        if (len > MAX_PINNED) {
            try (Blake3State s = newBlake3(key, flags)) {
                s.update(in, off, len);
                s.finalizeXof(0, out, outOff, outLen);
            }
            return;
        }
        try {
            HASH.invokeExact(seg(key), flags, seg(in, off, len), (long) len, seg(out, outOff, outLen), (long) outLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void blake3(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen) {
        if (!in.isDirect() && in.remaining() > MAX_PINNED) {
            try (Blake3State s = newBlake3(key, flags)) {
                s.update(in);
                s.finalizeXof(0, out, outOff, outLen);
            }
            return;
        }
        try {
            HASH.invokeExact(seg(key), flags, seg(in), (long) in.remaining(), seg(out, outOff, outLen), (long) outLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void blake3SubtreeCv(byte[] key, int flags, ByteBuffer in, long chunkCounter, boolean root, byte[] cvOut) {
        try {
            SUBTREE_CV.invokeExact(seg(key), flags, seg(in), (long) in.remaining(), chunkCounter, root ? 1 : 0,
                    seg(cvOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void baoOutboard(ByteBuffer in, long chunkCounter, int blockLog, boolean root, ByteBuffer outboard,
                            byte[] cvOut) {
        try {
            OUTBOARD.invokeExact(seg(in), (long) in.remaining(), chunkCounter, blockLog, root ? 1 : 0, seg(outboard),
                    seg(cvOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public boolean baoVerify(ByteBuffer stream, long chunkCounter, int blockLog, boolean root, byte[] expectedCv) {
        try {
            return (int) BAO_VERIFY.invokeExact(seg(stream), (long) stream.remaining(), chunkCounter, blockLog,
                    root ? 1 : 0, seg(expectedCv)) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void xchachaSeal(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, ByteBuffer out, byte[] tagOut) {
        try {
            SEAL.invokeExact(seg(key), seg(nonce), seg(ad), (long) ad.remaining(), seg(in), (long) in.remaining(),
                    seg(out), seg(tagOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public boolean xchachaOpen(byte[] key, byte[] nonce, ByteBuffer ad, ByteBuffer in, byte[] tag, ByteBuffer out) {
        try {
            int rc = (int) OPEN.invokeExact(seg(key), seg(nonce), seg(ad), (long) ad.remaining(), seg(in),
                    (long) in.remaining(), seg(tag), seg(out));
            return rc == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void ed25519PublicKey(byte[] seed, byte[] publicKeyOut) {
        try {
            PUBLIC_KEY.invokeExact(seg(seed), seg(publicKeyOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void ed25519Sign(byte[] seed, byte[] publicKey, ByteBuffer msg, byte[] signatureOut) {
        try {
            SIGN.invokeExact(seg(seed), seg(publicKey), seg(msg), (long) msg.remaining(), seg(signatureOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, ByteBuffer msg, byte[] signature) {
        try {
            return (int) VERIFY.invokeExact(seg(publicKey), seg(msg), (long) msg.remaining(), seg(signature)) == 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void ed25519VerifyBatch(int count, byte[] publicKeys, byte[] signatures, byte[] messages,
                                   int[] msgOffsets, byte[] results) {
        try {
            int valid = (int) VERIFY_BATCH.invokeExact(count, seg(publicKeys), seg(signatures), seg(messages),
                    MemorySegment.ofArray(msgOffsets), seg(results));
            assert valid >= 0;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void hmacSha256(byte[] key, byte[] msg, int off, int len, byte[] out) {
        try {
            HMAC.invokeExact(seg(key), (long) key.length, seg(msg, off, len), (long) len, seg(out));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
