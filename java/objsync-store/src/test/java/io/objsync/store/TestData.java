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

    /** A stream that returns few bytes per read, as a socket may. */
    static InputStream trickle(byte[] data, long seed) {
        Random rnd = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + rnd.nextInt(70_000)));
            }
        };
    }

    /** The response {@code store} serves for {@code ranges} of {@code hash}. */
    static byte[] response(BlobStore store, Hash hash, ChunkRanges ranges) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.serve(hash, ranges, out);
        return out.toByteArray();
    }
}
