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
 */
public final class Receiver implements BaoDecoder.Listener {

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
        files.write(outboard, outboardPath, pair, outboardIndex * 64);
    }

    @Override
    public void onData(long offset, ByteBuffer leaf) throws IOException {
        int len = leaf.remaining();
        boolean wholeGroup = offset % StoredBlob.GROUP_BYTES == 0
                && (len == StoredBlob.GROUP_BYTES || offset + len == size);
        if (!wholeGroup) {
            return;
        }
        files.write(data, dataPath, leaf, offset);
        unrecorded = unrecorded.union(StoredBlob.groupsOf(offset, offset + len));
        unsynced += len;
        if (unsynced >= syncBytes) {
            recordInBackground();
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
}
