package io.objsync.crypto;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;

/** The kinds of buffers the crypto tests feed through every API path. */
final class TestBuffers {

    private TestBuffers() {
    }

    /** Readable inputs: heap, heap window at an array offset, direct, direct window, and read-only views. */
    static List<Function<byte[], ByteBuffer>> inputs() {
        return List.of(
                ByteBuffer::wrap,
                TestBuffers::heapWindow,
                TestBuffers::direct,
                TestBuffers::directWindow,
                data -> ByteBuffer.wrap(data).asReadOnlyBuffer(),
                data -> directWindow(data).asReadOnlyBuffer());
    }

    /** Writable outputs of {@code len} bytes remaining, filled with 0x5A: heap and direct, plain and windowed. */
    static List<Function<Integer, ByteBuffer>> outputs() {
        return List.of(
                len -> ByteBuffer.wrap(filled(len)),
                len -> heapWindow(filled(len)),
                len -> direct(filled(len)),
                len -> directWindow(filled(len)));
    }

    static byte[] filled(int len) {
        byte[] b = new byte[len];
        java.util.Arrays.fill(b, (byte) 0x5A);
        return b;
    }

    /** A heap buffer over {@code data} at array offset 7, with bytes before and after it. */
    static ByteBuffer heapWindow(byte[] data) {
        byte[] big = filled(data.length + 13);
        System.arraycopy(data, 0, big, 7, data.length);
        return ByteBuffer.wrap(big, 3, data.length + 8).position(7).slice().limit(data.length);
    }

    static ByteBuffer direct(byte[] data) {
        ByteBuffer b = ByteBuffer.allocateDirect(data.length);
        b.put(data).flip();
        return b;
    }

    /** A direct buffer holding {@code data} from position 5, with bytes before and after it. */
    static ByteBuffer directWindow(byte[] data) {
        ByteBuffer b = ByteBuffer.allocateDirect(data.length + 10);
        b.put(filled(5)).put(data).put(filled(5));
        return b.position(5).limit(5 + data.length);
    }

    /** The {@code len} bytes after {@code buf}'s position, without moving it. */
    static byte[] peek(ByteBuffer buf, int len) {
        byte[] out = new byte[len];
        buf.get(buf.position(), out);
        return out;
    }

    /** The bytes of {@code buf} from 0 to its capacity (for checking what lies around a window). */
    static byte[] whole(ByteBuffer buf) {
        ByteBuffer d = buf.duplicate().clear();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /** {@code len} bytes from a generator seeded with {@code seed}. */
    static byte[] random(int len, long seed) {
        return random(new java.util.Random(seed), len);
    }

    /** The next {@code len} bytes of {@code rnd}. */
    static byte[] random(java.util.Random rnd, int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
