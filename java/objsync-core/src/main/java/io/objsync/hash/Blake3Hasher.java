package io.objsync.hash;

import io.objsync.internal.CloseGuard;
import io.objsync.spi.Blake3State;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A streaming BLAKE3 hasher: feed input with {@code update}, read the hash (or any amount of extended output)
 * with {@code finalize*} at any time; finalizing does not change the state, so more input may follow.
 *
 * <p><b>Not thread-safe:</b> use one hasher from one thread at a time. It may hold native memory: close it
 * (try-with-resources), after which every method but {@link #close()} throws {@link IllegalStateException}.
 * Closing twice is harmless, and a close that races with a running call never frees memory in use.
 */
public final class Blake3Hasher implements AutoCloseable {

    private final Blake3State state;
    private final CloseGuard guard;

    Blake3Hasher(Blake3State state) {
        this.state = state;
        this.guard = new CloseGuard("Blake3Hasher", state::close);
    }

    /** Absorbs {@code input}. */
    public Blake3Hasher update(byte[] input) {
        Objects.requireNonNull(input, "input");
        return update(input, 0, input.length);
    }

    /** Absorbs {@code input[off, off+len)}. */
    public Blake3Hasher update(byte[] input, int off, int len) {
        Blake3Engine.checkRange(input, off, len);
        guard.acquire();
        try {
            Blake3Engine.feed(state, input, off, len);
        } finally {
            guard.release();
        }
        return this;
    }

    /** Absorbs {@code input}'s remaining bytes (heap or direct buffer) and moves its position to its limit. */
    public Blake3Hasher update(ByteBuffer input) {
        Objects.requireNonNull(input, "input");
        guard.acquire();
        try {
            Blake3Engine.feed(state, input);
        } finally {
            guard.release();
        }
        input.position(input.limit());
        return this;
    }

    /** The hash of everything absorbed so far. */
    public Hash finalizeHash() {
        byte[] out = new byte[Hash.LENGTH];
        finalizeXof(0, out, 0, out.length);
        return Hash.wrap(out);
    }

    /** The first {@code outputLength} bytes of extended output. */
    public byte[] finalizeXof(int outputLength) {
        if (outputLength < 0) {
            throw new IllegalArgumentException("negative output length " + outputLength);
        }
        byte[] out = new byte[outputLength];
        finalizeXof(0, out, 0, outputLength);
        return out;
    }

    /**
     * Writes {@code len} bytes of extended output, starting at output byte {@code seek}, into
     * {@code out[off, off+len)}. Output bytes {@code [0, 32)} are the hash.
     *
     * @throws IllegalArgumentException when {@code seek < 0}
     */
    public void finalizeXof(long seek, byte[] out, int off, int len) {
        if (seek < 0) {
            throw new IllegalArgumentException("negative seek " + seek);
        }
        Objects.requireNonNull(out, "out");
        Objects.checkFromIndexSize(off, len, out.length);
        guard.acquire();
        try {
            Blake3Engine.squeeze(state, seek, out, off, len);
        } finally {
            guard.release();
        }
    }

    /** Forgets all input: the hasher is as new, with the same key or context. */
    public void reset() {
        guard.acquire();
        try {
            state.reset();
        } finally {
            guard.release();
        }
    }

    /** An independent hasher with the same state; each must be closed. */
    public Blake3Hasher fork() {
        guard.acquire();
        try {
            return new Blake3Hasher(state.copy());
        } finally {
            guard.release();
        }
    }

    /** Frees the hasher's resources. Idempotent. */
    @Override
    public void close() {
        guard.close();
    }
}
