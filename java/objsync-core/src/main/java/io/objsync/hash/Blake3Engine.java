package io.objsync.hash;

import static io.objsync.internal.Limits.MAX_CRITICAL_BYTES;

import io.objsync.internal.BackendRegistry;
import io.objsync.spi.Backend;
import io.objsync.spi.Blake3Flags;
import io.objsync.spi.Blake3State;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The BLAKE3 API bound to one backend: what {@link Blake3} runs on the active backend, and what tests run on
 * each backend. Validates every argument before any backend call and never hands a backend more than
 * {@link io.objsync.internal.Limits#MAX_CRITICAL_BYTES} of a heap array at once.
 */
final class Blake3Engine {

    /** Files smaller than this are read into the heap; mapping costs more than copying them. */
    static final int MAP_THRESHOLD = 64 * 1024;
    /** Files are mapped this much at a time: a power of two, so each full window is a subtree. */
    static final int MAP_WINDOW = 1 << 30;

    private static final class Active {
        static final Blake3Engine INSTANCE = new Blake3Engine(BackendRegistry.active(), MAP_WINDOW);
    }

    private final Backend backend;
    private final int mapWindow;

    private Blake3Engine(Backend backend, int mapWindow) {
        this.backend = backend;
        this.mapWindow = mapWindow;
    }

    /** The engine on the active backend. */
    static Blake3Engine active() {
        return Active.INSTANCE;
    }

    /** The engine on {@code backend} (for tests and benchmarks). */
    static Blake3Engine of(Backend backend) {
        return new Blake3Engine(Objects.requireNonNull(backend, "backend"), MAP_WINDOW);
    }

    /** The same engine mapping files {@code bytes} at a time, a power of two (tests use small windows). */
    Blake3Engine withMapWindow(int bytes) {
        if (Integer.bitCount(bytes) != 1 || bytes < MAP_THRESHOLD) {
            throw new IllegalArgumentException("map window must be a power of two >= " + MAP_THRESHOLD);
        }
        return new Blake3Engine(backend, bytes);
    }

    Backend backend() {
        return backend;
    }

    /** Bytes of a file mapped at a time: a power of two. */
    int mapWindow() {
        return mapWindow;
    }

    // ---- validated entry points, mirrored by Blake3's static methods ----

    Hash hash(byte[] input) {
        Objects.requireNonNull(input, "input");
        return hash(input, 0, input.length);
    }

    Hash hash(byte[] input, int off, int len) {
        checkRange(input, off, len);
        byte[] out = new byte[Hash.LENGTH];
        compute(null, 0, input, off, len, out, 0, out.length);
        return Hash.wrap(out);
    }

    Hash hash(ByteBuffer input) {
        Objects.requireNonNull(input, "input");
        byte[] out = new byte[Hash.LENGTH];
        compute(null, 0, input, out, 0, out.length);
        return Hash.wrap(out);
    }

    Hash hash(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] out = new byte[Hash.LENGTH];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            computeFile(null, 0, ch, out);
        }
        return Hash.wrap(out);
    }

    byte[] xof(byte[] input, int outputLength) {
        Objects.requireNonNull(input, "input");
        checkOutputLength(outputLength);
        byte[] out = new byte[outputLength];
        compute(null, 0, input, 0, input.length, out, 0, outputLength);
        return out;
    }

    Hash keyedHash(byte[] key, byte[] input) {
        Objects.requireNonNull(input, "input");
        return keyedHash(key, input, 0, input.length);
    }

    Hash keyedHash(byte[] key, byte[] input, int off, int len) {
        byte[] k = checkKey(key);
        checkRange(input, off, len);
        byte[] out = new byte[Hash.LENGTH];
        compute(k, Blake3Flags.KEYED_HASH, input, off, len, out, 0, out.length);
        return Hash.wrap(out);
    }

    Hash keyedHash(byte[] key, ByteBuffer input) {
        byte[] k = checkKey(key);
        Objects.requireNonNull(input, "input");
        byte[] out = new byte[Hash.LENGTH];
        compute(k, Blake3Flags.KEYED_HASH, input, out, 0, out.length);
        return Hash.wrap(out);
    }

    byte[] deriveKey(String context, byte[] keyMaterial, int outputLength) {
        Objects.requireNonNull(keyMaterial, "keyMaterial");
        checkOutputLength(outputLength);
        byte[] contextKey = contextKey(context);
        byte[] out = new byte[outputLength];
        compute(contextKey, Blake3Flags.DERIVE_KEY_MATERIAL, keyMaterial, 0, keyMaterial.length, out, 0,
                outputLength);
        return out;
    }

    Blake3Hasher newHasher() {
        return new Blake3Hasher(backend.newBlake3(null, 0));
    }

    Blake3Hasher newKeyedHasher(byte[] key) {
        byte[] k = checkKey(key);
        return new Blake3Hasher(backend.newBlake3(k, Blake3Flags.KEYED_HASH));
    }

    Blake3Hasher newDeriveKeyHasher(String context) {
        byte[] contextKey = contextKey(context);
        return new Blake3Hasher(backend.newBlake3(contextKey, Blake3Flags.DERIVE_KEY_MATERIAL));
    }

    Blake3Parallel parallel(int threads) {
        return new Blake3Parallel(this, threads);
    }

    // ---- argument checks ----

    static void checkRange(byte[] input, int off, int len) {
        Objects.requireNonNull(input, "input");
        Objects.checkFromIndexSize(off, len, input.length);
    }

    /** A private copy of a valid key, so a caller changing its array later cannot affect the hash. */
    static byte[] checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != Blake3.KEY_LENGTH) {
            throw new IllegalArgumentException("a BLAKE3 key is " + Blake3.KEY_LENGTH + " bytes, got " + key.length);
        }
        return key.clone();
    }

    private static void checkOutputLength(int outputLength) {
        if (outputLength < 0) {
            throw new IllegalArgumentException("negative output length " + outputLength);
        }
    }

    /** The derive-key context key: the context string hashed in the DERIVE_KEY_CONTEXT domain. */
    private byte[] contextKey(String context) {
        Objects.requireNonNull(context, "context");
        byte[] c = context.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[Blake3.KEY_LENGTH];
        compute(null, Blake3Flags.DERIVE_KEY_CONTEXT, c, 0, c.length, key, 0, key.length);
        return key;
    }

    // ---- bounded backend calls (arguments already valid) ----

    /** One-shot of a heap range; large inputs or outputs go through a state in bounded slices. */
    void compute(byte[] key, int flags, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        if (len <= MAX_CRITICAL_BYTES && outLen <= MAX_CRITICAL_BYTES) {
            backend.blake3(key, flags, in, off, len, out, outOff, outLen);
            return;
        }
        try (Blake3State state = backend.newBlake3(key, flags)) {
            feed(state, in, off, len);
            squeeze(state, 0, out, outOff, outLen);
        }
    }

    /** One-shot of a buffer's remaining bytes, which it consumes (the position moves to the limit). */
    void compute(byte[] key, int flags, ByteBuffer in, byte[] out, int outOff, int outLen) {
        boolean bounded = in.isDirect() || in.remaining() <= MAX_CRITICAL_BYTES;
        if (bounded && outLen <= MAX_CRITICAL_BYTES) {
            backend.blake3(key, flags, in, out, outOff, outLen);
        } else {
            try (Blake3State state = backend.newBlake3(key, flags)) {
                feed(state, in);
                squeeze(state, 0, out, outOff, outLen);
            }
        }
        in.position(in.limit());
    }

    /**
     * Hashes a whole file: small files are read into the heap, larger ones are mapped window by window so
     * that files of any size work without copying them into the heap.
     */
    void computeFile(byte[] key, int flags, FileChannel ch, byte[] out) throws IOException {
        try (Blake3State state = backend.newBlake3(key, flags)) {
            long size = ch.size();
            if (size < MAP_THRESHOLD) {
                // Also covers files whose size is unknown (reported as 0): read to the end.
                ByteBuffer buf = ByteBuffer.allocate(MAP_THRESHOLD);
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    state.update(buf);
                    buf.clear();
                }
            } else {
                for (long pos = 0; pos < size; pos += mapWindow) {
                    MappedByteBuffer window = ch.map(FileChannel.MapMode.READ_ONLY, pos,
                            Math.min(mapWindow, size - pos));
                    state.update(window);
                }
            }
            state.finalizeXof(0, out, 0, out.length);
        }
    }

    /** Absorbs {@code in[off, off+len)} in slices a native backend may pin. */
    static void feed(Blake3State state, byte[] in, int off, int len) {
        do {
            int n = Math.min(len, MAX_CRITICAL_BYTES);
            state.update(in, off, n);
            off += n;
            len -= n;
        } while (len > 0);
    }

    /** Absorbs a buffer's remaining bytes without moving its position: heap ones in bounded slices. */
    static void feed(Blake3State state, ByteBuffer in) {
        if (in.isDirect()) {
            state.update(in);
        } else if (in.hasArray()) {
            feed(state, in.array(), in.arrayOffset() + in.position(), in.remaining());
        } else {
            ByteBuffer slice = in.duplicate();
            for (int p = in.position(), lim = in.limit(); p < lim; p += MAX_CRITICAL_BYTES) {
                slice.limit(Math.min(lim, p + MAX_CRITICAL_BYTES)).position(p);
                state.update(slice);
            }
        }
    }

    /** Writes extended output from {@code seek} in slices a native backend may pin. */
    static void squeeze(Blake3State state, long seek, byte[] out, int off, int len) {
        do {
            int n = Math.min(len, MAX_CRITICAL_BYTES);
            state.finalizeXof(seek, out, off, n);
            seek += n;
            off += n;
            len -= n;
        } while (len > 0);
    }
}
