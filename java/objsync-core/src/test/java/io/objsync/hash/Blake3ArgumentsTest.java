package io.objsync.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.objsync.spi.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Bad arguments get typed exceptions before any backend call: the backend here fails every call. */
class Blake3ArgumentsTest {

    private static final Backend UNTOUCHABLE = (Backend) Proxy.newProxyInstance(
            Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                throw new AssertionError("backend called: " + method.getName());
            });
    private static final Blake3Engine E = Blake3Engine.of(UNTOUCHABLE);

    private static <T extends Throwable> void rejects(Class<T> type, Executable call) {
        assertThrows(type, call);
    }

    @Test
    void nulls() {
        rejects(NullPointerException.class, () -> E.hash((byte[]) null));
        rejects(NullPointerException.class, () -> E.hash(null, 0, 0));
        rejects(NullPointerException.class, () -> E.hash((ByteBuffer) null));
        rejects(NullPointerException.class, () -> E.hash((Path) null));
        rejects(NullPointerException.class, () -> E.xof(null, 3));
        rejects(NullPointerException.class, () -> E.keyedHash(null, new byte[1]));
        rejects(NullPointerException.class, () -> E.keyedHash(new byte[32], (byte[]) null));
        rejects(NullPointerException.class, () -> E.keyedHash(new byte[32], (ByteBuffer) null));
        rejects(NullPointerException.class, () -> E.keyedHash(null, ByteBuffer.allocate(1)));
        rejects(NullPointerException.class, () -> E.deriveKey(null, new byte[1], 32));
        rejects(NullPointerException.class, () -> E.deriveKey("ctx", null, 32));
        rejects(NullPointerException.class, () -> E.newKeyedHasher(null));
        rejects(NullPointerException.class, () -> E.newDeriveKeyHasher(null));
        rejects(NullPointerException.class, () -> E.parallel(2).hash((byte[]) null));
        rejects(NullPointerException.class, () -> E.parallel(2).hash((ByteBuffer) null));
        rejects(NullPointerException.class, () -> E.parallel(2).hash((Path) null));
        rejects(NullPointerException.class, () -> E.parallel(2).withKey(null));
        rejects(NullPointerException.class, () -> Blake3Engine.of(null));
    }

    @Test
    void ranges() {
        byte[] in = new byte[10];
        rejects(IndexOutOfBoundsException.class, () -> E.hash(in, -1, 2));
        rejects(IndexOutOfBoundsException.class, () -> E.hash(in, 2, -1));
        rejects(IndexOutOfBoundsException.class, () -> E.hash(in, 5, 6));
        rejects(IndexOutOfBoundsException.class, () -> E.hash(in, Integer.MAX_VALUE, 2));
        rejects(IndexOutOfBoundsException.class, () -> E.keyedHash(new byte[32], in, 11, 0));
        rejects(IndexOutOfBoundsException.class, () -> E.parallel(3).hash(in, 9, 2));
    }

    @Test
    void keysAndLengths() {
        for (int bad : new int[] {0, 16, 31, 33, 64}) {
            rejects(IllegalArgumentException.class, () -> E.keyedHash(new byte[bad], new byte[1]));
            rejects(IllegalArgumentException.class, () -> E.keyedHash(new byte[bad], ByteBuffer.allocate(1)));
            rejects(IllegalArgumentException.class, () -> E.keyedHash(new byte[bad], new byte[1], 0, 1));
            rejects(IllegalArgumentException.class, () -> E.newKeyedHasher(new byte[bad]));
            rejects(IllegalArgumentException.class, () -> E.parallel(1).withKey(new byte[bad]));
        }
        rejects(IllegalArgumentException.class, () -> E.xof(new byte[1], -1));
        rejects(IllegalArgumentException.class, () -> E.deriveKey("ctx", new byte[1], -1));
        rejects(IllegalArgumentException.class, () -> E.parallel(0));
    }

    @Test
    void aRejectedCallLeavesTheBufferAlone() {
        ByteBuffer buf = ByteBuffer.allocate(8);
        rejects(IllegalArgumentException.class, () -> E.keyedHash(new byte[3], buf));
        assertEquals(0, buf.position());
    }
}
