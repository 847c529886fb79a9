package io.objsync.bindings.jni;

import io.objsync.spi.Blake3State;

import java.nio.ByteBuffer;

/** A reference blake3_hasher in native memory; freed by {@link #close()}. */
final class JniBlake3State implements Blake3State {

    private long state;

    JniBlake3State(long state) {
        this.state = state;
    }

    private long live() {
        if (state == 0) {
            throw new IllegalStateException("BLAKE3 state is closed");
        }
        return state;
    }

    @Override
    public void update(byte[] in, int off, int len) {
        long s = live();
        // Bounded critical sections: pin at most MAX_PINNED bytes per native call.
        while (len > JniBackend.MAX_PINNED) {
            JniNative.stateUpdateArray(s, in, off, JniBackend.MAX_PINNED);
            off += JniBackend.MAX_PINNED;
            len -= JniBackend.MAX_PINNED;
        }
        JniNative.stateUpdateArray(s, in, off, len);
    }

    @Override
    public void update(ByteBuffer in) {
        if (in.isDirect()) {
            JniNative.stateUpdateDirect(live(), in, in.position(), in.remaining());
        } else if (in.hasArray()) {
            update(in.array(), in.arrayOffset() + in.position(), in.remaining());
        } else {
            // A read-only heap buffer hides its array: stream it through a bounded copy.
            ByteBuffer src = in.duplicate();
            byte[] chunk = new byte[Math.min(src.remaining(), 1 << 16)];
            while (src.hasRemaining()) {
                int n = Math.min(chunk.length, src.remaining());
                src.get(chunk, 0, n);
                update(chunk, 0, n);
            }
        }
    }

    @Override
    public void finalizeXof(long seek, byte[] out, int off, int len) {
        JniNative.stateFinalize(live(), seek, out, off, len);
    }

    @Override
    public void reset() {
        JniNative.stateReset(live());
    }

    @Override
    public Blake3State copy() {
        return new JniBlake3State(JniNative.stateCopy(live()));
    }

    @Override
    public void close() {
        long s = state;
        state = 0;
        if (s != 0) {
            JniNative.stateFree(s);
        }
    }
}
