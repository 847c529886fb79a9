package io.objsync.store.internal;

import io.objsync.bao.BaoDecoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.hash.Hash;
import io.objsync.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Receives a response stream into a blob larger than one chunk group, durably and resumably. Verified pairs go
 * straight to their slots in the outboard file and verified whole groups to their offsets in the data file;
 * every {@code syncBytes} (and when the stream ends or fails) both files are forced to disk and only then is
 * the grown set of verified groups committed to the metadata. A crash at any moment therefore leaves a record
 * that names only groups whose bytes and pairs are on disk; what came after the last record is fetched again.
 * The periodic records run on a background thread (one at a time), so the disk writes overlap the transfer
 * instead of stalling it; each names only groups written before its forces began. The last record, when the
 * stream ends or fails, waits for the running one and is made on the receiving thread.
 * Chunks of partly requested groups verify but are not kept: the store records whole groups.
 *
 * <p>Writes are gathered: runs of adjacent groups (and of adjacent outboard pairs) are written in pieces of up to
 * {@link #DATA_BATCH} bytes ({@link #OUTBOARD_BATCH} for pairs), not one system call per 16 KiB group and per
 * 64-byte pair, and a group joins the set a record may name only once its bytes and the pairs before it are
 * written. A write that fails drops the gathered groups, so no record ever names them.
 */
public final class Receiver implements BaoDecoder.Listener {

    /** Bytes of adjacent groups written with one call. */
    static final int DATA_BATCH = 1 << 20;
    /** Bytes of adjacent outboard pairs written with one call. */
    static final int OUTBOARD_BATCH = 64 << 10;

    private final MetaDb db;
    private final StoreFiles files;
    private final Hash hash;
    private final long size;
    private final long syncBytes;
    private final Path dataPath;
    private final Path outboardPath;
    private FileChannel data;
    private FileChannel outboard;
    private BaoDecoder decoder;
    private ChunkRanges unrecorded = ChunkRanges.empty();
    /** Groups verified and gathered in {@link #dataBatch}, not yet written. */
    private ChunkRanges unwritten = ChunkRanges.empty();
    private Batch dataBatch;
    private Batch outboardBatch;
    private long unsynced;
    private volatile boolean sizeRecorded;
    private final SerialBackground recorder = new SerialBackground("objsync-store-receive-recorder");

    public Receiver(MetaDb db, StoreFiles files, Hash hash, long size, long syncBytes) {
        this.db = db;
        this.files = files;
        this.hash = hash;
        this.size = size;
        this.syncBytes = syncBytes;
        this.dataPath = files.data(hash);
        this.outboardPath = files.outboard(hash);
    }

    /**
     * Makes sure a partial record for this size exists (before any file is created, so no file is ever without
     * a record), then decodes the stream for {@code ranges} from {@code in}.
     */
    public void run(ChunkRanges ranges, InputStream in) throws IOException {
        boolean reset = db.write(tx -> {
            BlobEntry e = tx.entry(hash);
            if (e != null && e.sizeVerified() && e.size() != size) {
                throw new StoreException("blob " + hash.toHex() + " has a verified size of " + e.size()
                        + " bytes; the sender claims " + size);
            }
            if (e == null || e.size() != size) {
                // New, or a claim that differs from an unverified one: start over, since outboard positions
                // depend on the size.
                tx.putEntry(hash, BlobEntry.partial(size, false, ChunkRanges.empty()));
                return e != null;
            }
            sizeRecorded = e.sizeVerified();
            return false;
        });
        try {
            data = FileChannel.open(dataPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            outboard = FileChannel.open(outboardPath, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (reset) {
                data.truncate(0);
                outboard.truncate(0);
            }
            // no bigger than the blob and its outboard (at most one pair per group): small blobs are many
            dataBatch = new Batch(files, data, dataPath, (int) Math.min(DATA_BATCH, size));
            outboardBatch = new Batch(files, outboard, outboardPath,
                    (int) Math.min(OUTBOARD_BATCH, (size / StoredBlob.GROUP_BYTES + 1) * 64));
            decoder = BaoDecoder.create(hash, size, ranges, this);
            IOException failure = null;
            try {
                decoder.readFrom(in);
            } catch (IOException e) {
                failure = e;
            }
            try {
                record(); // keep what verified, also when the stream broke off
            } catch (IOException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            close();
        }
    }

    @Override
    public void onParent(long outboardIndex, long byteStart, long byteEnd, ByteBuffer pair) throws IOException {
        if (!outboardBatch.add(pair, outboardIndex * 64)) {
            write();
            outboardBatch.add(pair, outboardIndex * 64);
        }
    }

    @Override
    public void onData(long offset, ByteBuffer leaf) throws IOException {
        int len = leaf.remaining();
        boolean wholeGroup = offset % StoredBlob.GROUP_BYTES == 0
                && (len == StoredBlob.GROUP_BYTES || offset + len == size);
        if (!wholeGroup) {
            return;
        }
        if (!dataBatch.add(leaf, offset)) {
            write();
            dataBatch.add(leaf, offset);
        }
        unwritten = unwritten.union(StoredBlob.groupsOf(offset, offset + len));
        unsynced += len;
        if (unsynced >= syncBytes) {
            write();
            recordInBackground();
        }
    }

    /**
     * Writes the gathered pairs, then the gathered groups, which may then be recorded. On failure drops both
     * batches and their groups: what a record names must be on disk.
     */
    private void write() throws IOException {
        boolean done = false;
        try {
            outboardBatch.write();
            dataBatch.write();
            unrecorded = unrecorded.union(unwritten);
            done = true;
        } finally {
            unwritten = ChunkRanges.empty();
            if (!done) {
                outboardBatch.clear();
                dataBatch.clear();
            }
        }
    }

    /** Starts recording what was written so far, unless a record is still running (the next group retries). */
    private void recordInBackground() throws IOException {
        recorder.throwFailure();
        ChunkRanges add = unrecorded;
        boolean sizeVerified = decoder.isSizeVerified();
        if (recorder.tryStart(() -> persist(add, sizeVerified))) {
            unrecorded = ChunkRanges.empty();
            unsynced = 0;
        }
    }

    /**
     * After the running background record, forces data and outboard to disk and records the groups written
     * since the last record, on this thread.
     */
    private void record() throws IOException {
        recorder.finish();
        if (dataBatch != null) {
            write();
        }
        boolean sizeVerified = decoder.isSizeVerified();
        if (unrecorded.isEmpty() && !(sizeVerified && !sizeRecorded)) {
            return;
        }
        ChunkRanges add = unrecorded;
        unrecorded = ChunkRanges.empty();
        unsynced = 0;
        persist(add, sizeVerified);
    }

    /** Forces data and outboard to disk, then adds {@code add} (all written before this call) to the record. */
    private void persist(ChunkRanges add, boolean sizeVerified) throws IOException {
        StoreFiles.force(data, dataPath);
        StoreFiles.force(outboard, outboardPath);
        db.write(tx -> {
            BlobEntry e = tx.entry(hash);
            if (e == null || e.isComplete() || e.size() != size) {
                return null; // imported meanwhile, or replaced: nothing of ours to record
            }
            ChunkRanges verified = e.verified().union(add);
            boolean sv = e.sizeVerified() || sizeVerified;
            ChunkRanges all = ChunkRanges.of(0, BlobEntry.chunks(size));
            tx.putEntry(hash, sv && all.difference(verified).isEmpty()
                    ? BlobEntry.file(size) : BlobEntry.partial(size, sv, verified));
            return null;
        });
        if (sizeVerified) {
            sizeRecorded = true;
        }
    }

    private void close() throws IOException {
        try {
            if (data != null) {
                data.close();
            }
        } finally {
            if (outboard != null) {
                outboard.close();
            }
        }
    }

    /**
     * Adjacent writes to one file gathered in a direct buffer (which also spares the JDK's copy of a heap buffer
     * into a temporary direct one on every write).
     */
    private static final class Batch {
        private final StoreFiles files;
        private final FileChannel ch;
        private final Path path;
        private final ByteBuffer buf;
        private long position;

        Batch(StoreFiles files, FileChannel ch, Path path, int capacity) {
            this.files = files;
            this.ch = ch;
            this.path = path;
            this.buf = ByteBuffer.allocateDirect(capacity);
        }

        /**
         * Gathers {@code bytes} for {@code at}, or says no when they do not follow the gathered ones or do not
         * fit (an empty batch takes anything that fits; what does not fit at all is written at once).
         */
        boolean add(ByteBuffer bytes, long at) throws IOException {
            int len = bytes.remaining();
            if (buf.position() == 0) {
                if (len > buf.capacity()) {
                    files.write(ch, path, bytes, at);
                    return true;
                }
                position = at;
            } else if (at != position + buf.position() || len > buf.remaining()) {
                return false;
            }
            buf.put(bytes);
            return true;
        }

        void write() throws IOException {
            if (buf.position() > 0) {
                buf.flip();
                try {
                    files.write(ch, path, buf, position);
                } finally {
                    buf.clear();
                }
            }
        }

        void clear() {
            buf.clear();
        }
    }
}
