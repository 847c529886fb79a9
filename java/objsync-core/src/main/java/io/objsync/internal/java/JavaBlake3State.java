package io.objsync.internal.java;

import io.objsync.spi.Blake3State;

import java.nio.ByteBuffer;

/** Pure-Java streaming BLAKE3 state. */
final class JavaBlake3State implements Blake3State {
    JavaBlake3State(byte[] key, int flags) {
        throw new UnsupportedOperationException("TODO");
    }

    @Override public void update(byte[] in, int off, int len) { throw new UnsupportedOperationException(); }
    @Override public void update(ByteBuffer in) { throw new UnsupportedOperationException(); }
    @Override public void finalizeXof(long seek, byte[] out, int off, int len) { throw new UnsupportedOperationException(); }
    @Override public void reset() { throw new UnsupportedOperationException(); }
    @Override public Blake3State copy() { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
