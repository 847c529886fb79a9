package io.objsync.spi;

import java.nio.ByteBuffer;

/**
 * A backend's streaming BLAKE3 state. Not thread-safe. Native states hold native memory until
 * {@link #close()}; the public {@code Blake3Hasher} guards against use after close.
 */
public interface Blake3State extends AutoCloseable {

    /** Absorbs {@code in[off, off+len)}. */
    void update(byte[] in, int off, int len);

    /** Absorbs {@code in}'s remaining bytes without moving its position. */
    void update(ByteBuffer in);

    /** Writes {@code len} bytes of extended output starting at output byte {@code seek}; the state is unchanged. */
    void finalizeXof(long seek, byte[] out, int off, int len);

    /** Returns to the state right after creation (same key and flags). */
    void reset();

    /** An independent copy of this state. */
    Blake3State copy();

    /** Frees native memory, if any. Idempotent. */
    @Override
    void close();
}
