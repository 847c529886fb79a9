package io.objsync.bindings.ffm;

import io.objsync.spi.Blake3State;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

import static io.objsync.bindings.ffm.FfmBackend.rethrow;
import static io.objsync.bindings.ffm.FfmBackend.seg;

/** A reference blake3_hasher in malloc'd memory; freed by {@link #close()}. */
final class FfmBlake3State implements Blake3State {

    private MemorySegment state;

    private FfmBlake3State(MemorySegment state) {
        this.state = state;
    }

    private static MemorySegment allocate() {
        try {
            MemorySegment m = (MemorySegment) FfmBackend.MALLOC.invokeExact(FfmBackend.STATE_BYTES);
            if (m.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("BLAKE3 state");
            }
            return m.reinterpret(FfmBackend.STATE_BYTES);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static FfmBlake3State create(byte[] key, int flags) {
        MemorySegment m = allocate();
        try {
            FfmBackend.INIT.invokeExact(m, seg(key), flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        return new FfmBlake3State(m);
    }

    private MemorySegment live() {
        if (state == null) {
            throw new IllegalStateException("BLAKE3 state is closed");
        }
        return state;
    }

    @Override
    public void update(byte[] in, int off, int len) {
        MemorySegment s = live();
        try {
            // Bounded critical sections: at most MAX_PINNED heap bytes per downcall.
            while (len > 0) {
                int n = Math.min(len, FfmBackend.MAX_PINNED);
                FfmBackend.UPDATE.invokeExact(s, seg(in, off, n), (long) n);
                off += n;
                len -= n;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void update(ByteBuffer in) {
        if (!in.isDirect() && in.hasArray()) {
            update(in.array(), in.arrayOffset() + in.position(), in.remaining());
            return;
        }
        try {
            FfmBackend.UPDATE.invokeExact(live(), seg(in), (long) in.remaining());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void finalizeXof(long seek, byte[] out, int off, int len) {
        try {
            FfmBackend.FINALIZE.invokeExact(live(), seek, FfmBackend.seg(out, off, len), (long) len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void reset() {
        try {
            FfmBackend.RESET.invokeExact(live());
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public Blake3State copy() {
        MemorySegment m = allocate();
        m.copyFrom(live());
        return new FfmBlake3State(m);
    }

    @Override
    public void close() {
        MemorySegment s = state;
        state = null;
        if (s != null) {
            try {
                FfmBackend.FREE.invokeExact(s);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }
}
