package io.objsync.lmdb.internal;

import jnr.ffi.Pointer;
import jnr.ffi.provider.MemoryManager;
import org.lmdbjava.BufferProxy;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Byte arrays in and out of LMDB, like lmdbjava's {@code ByteArrayProxy}, but the native copy of each array
 * handed in stays strongly reachable until well after the call that reads it. lmdbjava 0.9.1's proxy drops its
 * only reference to that memory before {@code mdb_put}/{@code mdb_get} run, so a garbage collection in between
 * frees it (lmdbjava issue 252: a crash in {@code mdb_put}, seen here building a 100k-blob store); 0.9.2 fixes
 * it but its bundled LMDB needs glibc 2.38. Each thread keeps its last {@value #KEEP} copies: one LMDB call takes
 * at most two (key and value), and a thread makes its calls one at a time.
 */
public final class PinnedByteArrayProxy extends BufferProxy<byte[]> {

    /** The one instance: stateless but for per-thread keep-alive slots. */
    public static final PinnedByteArrayProxy INSTANCE = new PinnedByteArrayProxy();

    private static final int KEEP = 8;
    private static final MemoryManager MEMORY = jnr.ffi.Runtime.getSystemRuntime().getMemoryManager();
    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    /** The last copies made on this thread; slot {@code count % KEEP} is replaced next. */
    private static final class Recent {
        final Pointer[] pointers = new Pointer[KEEP];
        int count;
    }

    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    private PinnedByteArrayProxy() {
    }

    @Override
    protected byte[] allocate() {
        return new byte[0];
    }

    @Override
    protected void deallocate(byte[] buffer) {
        // nothing to free: arrays are copied in and out
    }

    @Override
    protected byte[] getBytes(byte[] buffer) {
        return buffer.clone();
    }

    @Override
    protected Comparator<byte[]> getSignedComparator() {
        return Arrays::compare;
    }

    @Override
    protected Comparator<byte[]> getUnsignedComparator() {
        return UNSIGNED;
    }

    @Override
    protected void in(byte[] buffer, Pointer ptr, long ptrAddr) {
        Pointer copy = MEMORY.allocateDirect(Math.max(1, buffer.length));
        copy.put(0, buffer, 0, buffer.length);
        Recent recent = RECENT.get();
        recent.pointers[recent.count++ % KEEP] = copy;
        ptr.putLong(STRUCT_FIELD_OFFSET_SIZE, buffer.length);
        ptr.putAddress(STRUCT_FIELD_OFFSET_DATA, copy.address());
    }

    @Override
    protected void in(byte[] buffer, int size, Pointer ptr, long ptrAddr) {
        // MDB_RESERVE is not used with byte arrays
    }

    @Override
    protected byte[] out(byte[] buffer, Pointer ptr, long ptrAddr) {
        long address = ptr.getAddress(STRUCT_FIELD_OFFSET_DATA);
        int size = (int) ptr.getLong(STRUCT_FIELD_OFFSET_SIZE);
        byte[] out = new byte[size];
        MEMORY.newPointer(address, size).get(0, out, 0, size);
        return out;
    }
}
