package io.objsync.hash;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Inputs and feeding patterns shared by the BLAKE3 tests. */
final class Blake3Inputs {

    private Blake3Inputs() {
    }

    /** The official vectors' input: bytes {@code i % 251}. */
    static byte[] vectorInput(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    static byte[] random(Random rnd, int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    /** Every kind of buffer a caller may pass, each holding {@code data} between position and limit. */
    static List<Function<byte[], ByteBuffer>> bufferKinds() {
        return List.of(
                ByteBuffer::wrap,
                data -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(data.length);
                    b.put(data).flip();
                    return b;
                },
                data -> ByteBuffer.wrap(data).asReadOnlyBuffer(),
                data -> {
                    // A heap buffer with a non-zero array offset and bytes around the window.
                    byte[] big = new byte[data.length + 13];
                    System.arraycopy(data, 0, big, 7, data.length);
                    return ByteBuffer.wrap(big, 3, data.length + 8).position(7).slice().limit(data.length);
                },
                data -> {
                    // A direct buffer whose window does not start at 0.
                    ByteBuffer b = ByteBuffer.allocateDirect(data.length + 10);
                    b.position(5);
                    b.put(data);
                    return b.flip().position(5);
                });
    }

    /**
     * Random cut points of {@code len} bytes: mostly small and block/chunk-sized pieces, sometimes a big one,
     * sometimes empty.
     */
    static List<Integer> randomSplits(Random rnd, int len) {
        List<Integer> pieces = new ArrayList<>();
        int left = len;
        while (left > 0) {
            int n;
            switch (rnd.nextInt(6)) {
                case 0: n = rnd.nextInt(3); break;
                case 1: n = 63 + rnd.nextInt(3); break;
                case 2: n = 1023 + rnd.nextInt(3); break;
                case 3: n = rnd.nextInt(5000); break;
                case 4: n = 1 + rnd.nextInt(Math.max(1, left)); break;
                default: n = rnd.nextInt(200); break;
            }
            n = Math.min(n, left);
            pieces.add(n);
            left -= n;
        }
        return pieces;
    }

    /**
     * Feeds {@code data} to {@code hasher} in random pieces, alternating byte arrays, heap and direct buffers.
     */
    static void feedRandomly(Blake3Hasher hasher, byte[] data, Random rnd) {
        int off = 0;
        for (int n : randomSplits(rnd, data.length)) {
            switch (rnd.nextInt(3)) {
                case 0:
                    hasher.update(data, off, n);
                    break;
                case 1:
                    hasher.update(ByteBuffer.wrap(data, off, n));
                    break;
                default:
                    ByteBuffer d = ByteBuffer.allocateDirect(n);
                    d.put(data, off, n).flip();
                    hasher.update(d);
                    break;
            }
            off += n;
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
