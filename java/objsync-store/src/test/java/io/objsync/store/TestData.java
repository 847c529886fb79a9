package io.objsync.store;

import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/** Inputs and helpers shared by the store tests. */
final class TestData {

    /** Sizes around the inline limit, group and chunk boundaries, and a few multi-piece blobs. */
    static final int[] SIZES = {0, 1, 1024, 16383, 16384, 16385, 32768, 100_000, 1 << 20, (5 << 20) + 12345};

    private TestData() {
    }

    static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A stream whose reads return between 1 byte and 70 KB, as a socket may. */
    static InputStream trickle(byte[] data, long seed) {
        return new Trickle(data, seed);
    }

    private static final class Trickle extends java.io.FilterInputStream {
        private final Random rnd;

        Trickle(byte[] data, long seed) {
            super(new ByteArrayInputStream(data));
            this.rnd = new Random(seed);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int most = 1 + rnd.nextInt(70_000);
            return in.read(b, off, len < most ? len : most);
        }
    }

    /** Imports each of {@code blobs} (unpinned afterwards) and returns their hashes. */
    static Hash[] add(BlobStore store, byte[]... blobs) throws IOException {
        Hash[] out = new Hash[blobs.length];
        for (int i = 0; i < blobs.length; i++) {
            try (TempPin p = store.add(blobs[i])) {
                out[i] = p.hash();
            }
        }
        return out;
    }

    /** The response {@code store} serves for {@code ranges} of {@code hash}. */
    static byte[] response(BlobStore store, Hash hash, ChunkRanges ranges) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.serve(hash, ranges, out);
        return out.toByteArray();
    }
}
