package io.objsync.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Verified bytes {@code [start, end)} of a stored blob, read 1 MiB at a time (whole groups, each verified before
 * any of its bytes is returned). Owns the {@link StoredBlob} and closes it.
 */
public final class BlobInputStream extends InputStream {

    private static final int PIECE = 1 << 20;

    private final StoredBlob blob;
    private final long end;
    private final byte[] buffer = new byte[PIECE];
    private long bufferStart;
    private int bufferLen;
    private long position;
    private boolean closed;

    public BlobInputStream(StoredBlob blob, long start, long end) {
        this.blob = blob;
        this.position = start;
        this.end = end;
        this.bufferStart = start;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (position >= end) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (position >= bufferStart + bufferLen) {
            fill();
        }
        int n = (int) Math.min(len, bufferStart + bufferLen - position);
        System.arraycopy(buffer, (int) (position - bufferStart), b, off, n);
        position += n;
        return n;
    }

    /** Reads the piece holding {@code position}: aligned to groups, so no group is verified twice. */
    private void fill() throws IOException {
        long from = position / StoredBlob.GROUP_BYTES * StoredBlob.GROUP_BYTES;
        int n = (int) Math.min(PIECE, end - from);
        blob.readBytes(from, buffer, 0, n);
        bufferStart = from;
        bufferLen = n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, end - position));
        position += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, bufferStart + bufferLen - position));
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            blob.close();
        }
    }
}
