package io.objsync.internal;

/** Size limits the public API enforces when it hands memory to a backend. */
public final class Limits {

    /**
     * The most bytes of a Java heap array (a {@code byte[]} or a heap {@code ByteBuffer}) that the public API
     * passes to a backend in one call: 1 MiB. Native backends keep such an array pinned (a JNI critical section)
     * for the whole call, which can stall the garbage collector, so larger heap inputs are fed in slices of at
     * most this size (or split into subtrees of at most this size). Direct buffers and mapped files are not
     * pinned and have no such limit.
     */
    public static final int MAX_CRITICAL_BYTES = 1 << 20;

    private Limits() {
    }
}
