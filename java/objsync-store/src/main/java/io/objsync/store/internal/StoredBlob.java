package io.objsync.store.internal;

import io.objsync.bao.BaoData;
import io.objsync.bao.BaoDecoder;
import io.objsync.bao.BaoEncoder;
import io.objsync.bao.BaoVerificationException;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.hash.Hash;
import io.objsync.store.BlobNotFoundException;
import io.objsync.store.DataCorruptedException;
import io.objsync.store.RangeNotAvailableException;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * One blob opened for reading: its data and outboard as the {@link BaoEncoder} wants them. Every read goes
 * through the encoder's verified walk, so a byte reaches a caller only after its chunk group and the pairs above
 * it matched the hash; damage surfaces as {@link DataCorruptedException}. Reads cover whole chunk groups, the unit
 * the store verifies and records. Thread-safe (positional reads); close it when done.
 */
public final class StoredBlob implements AutoCloseable {

    public static final int GROUP_BYTES = 16 * 1024;
    public static final int GROUP_CHUNKS = 16;

    private final Hash hash;
    private final BlobEntry entry;
    private final FileChannel channel;
    private final BaoData data;
    private final Outboard outboard;

    private StoredBlob(Hash hash, BlobEntry entry, FileChannel channel, BaoData data, Outboard outboard) {
        this.hash = hash;
        this.entry = entry;
        this.channel = channel;
        this.data = data;
        this.outboard = outboard;
    }

    /**
     * Opens the blob {@code entry} describes. A reference's file must still have its recorded size and time.
     *
     * @throws io.objsync.store.ExternalFileChangedException when a referenced file changed or is gone
     */
    public static StoredBlob open(StoreFiles files, Hash hash, BlobEntry entry) throws IOException {
        if (!entry.hasFiles()) {
            byte[] bytes = entry.inlineData();
            return new StoredBlob(hash, entry, null, BaoData.of(bytes),
                    Outboard.of(hash, bytes.length, Outboard.DEFAULT_BLOCK_LOG, ByteBuffer.allocate(0)));
        }
        long obLen = Outboard.sizeOf(entry.size(), Outboard.DEFAULT_BLOCK_LOG);
        ByteBuffer ob = ByteBuffer.allocate(Math.toIntExact(obLen));
        if (entry.isReference()) {
            entry.external().check(hash);
        }
        FileChannel ch = null;
        try (FileChannel obCh = FileChannel.open(files.outboard(hash), StandardOpenOption.READ)) {
            while (ob.hasRemaining()) {
                if (obCh.read(ob, ob.position()) < 0) {
                    break; // a short outboard: the missing pairs read as zeros and fail verification
                }
            }
            ch = openData(files, hash, entry);
        } catch (NoSuchFileException e) {
            if (ch != null) {
                ch.close();
            }
            if (entry.isComplete()) {
                throw new DataCorruptedException(hash, 0, entry.size(), e);
            }
            throw new RangeNotAvailableException(hash, ChunkRanges.all()); // a partial blob not yet written
        }
        ob.clear();
        return new StoredBlob(hash, entry, ch, new FileData(ch, entry.size()), Outboard.of(hash, entry.size(),
                Outboard.DEFAULT_BLOCK_LOG, ob));
    }

    /** The data file: the store's, or the user's file a reference names (only ever opened for reading). */
    private static FileChannel openData(StoreFiles files, Hash hash, BlobEntry entry) throws IOException {
        if (!entry.isReference()) {
            return FileChannel.open(files.data(hash), StandardOpenOption.READ);
        }
        try {
            return FileChannel.open(entry.external().file(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw entry.external().changed(hash, 0, entry.size(), "is gone", e);
        }
    }

    /** The error for bytes that failed verification: a changed user's file, or damage in the store. */
    private DataCorruptedException damaged(long start, long end, Throwable cause) {
        if (entry.isReference()) {
            return entry.external().changed(hash, start, end, "no longer holds the blob's bytes ["
                    + start + ", " + end + ")", cause);
        }
        return new DataCorruptedException(hash, start, end, cause);
    }

    public BlobEntry entry() {
        return entry;
    }

    public long size() {
        return entry.size();
    }

    /** The chunk groups holding bytes {@code [start, end)}, as chunk ranges (the empty blob: its one chunk). */
    public static ChunkRanges groupsOf(long start, long end) {
        long first = start / GROUP_BYTES * GROUP_CHUNKS;
        long last = end <= start ? first + 1 : ((end - 1) / GROUP_BYTES + 1) * GROUP_CHUNKS;
        return ChunkRanges.of(first, last);
    }

    /** Fails unless the store holds verified data for {@code ranges}. */
    public void checkAvailable(ChunkRanges ranges) throws RangeNotAvailableException {
        ChunkRanges wanted = ranges.intersection(ChunkRanges.of(0, BlobEntry.chunks(entry.size())));
        ChunkRanges missing = wanted.difference(entry.verified());
        if (!missing.isEmpty()) {
            throw new RangeNotAvailableException(hash, missing);
        }
    }

    /** Hands the verified leaves of {@code ranges} (whole groups) to {@code listener}. */
    public void read(ChunkRanges ranges, BaoDecoder.Listener listener) throws IOException {
        checkAvailable(ranges);
        try {
            BaoEncoder.read(data, outboard, ranges, listener);
        } catch (BaoVerificationException e) {
            throw damaged(e.offset(), e.endOffset(), e);
        } catch (ShortFile e) {
            throw damaged(e.start, e.end, e);
        }
    }

    /** Copies verified bytes {@code [offset, offset + len)} into {@code dst[off, off + len)}. */
    public void readBytes(long offset, byte[] dst, int off, int len) throws IOException {
        if (offset < 0 || len < 0 || offset > entry.size() - len) {
            throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + len) + ") are outside a blob of "
                    + entry.size() + " bytes");
        }
        if (len == 0) {
            return;
        }
        long end = offset + len;
        read(groupsOf(offset, end), (at, leaf) -> {
            long from = Math.max(at, offset);
            long to = Math.min(at + leaf.remaining(), end);
            if (from < to) {
                leaf.get(leaf.position() + (int) (from - at), dst, off + (int) (from - offset), (int) (to - from));
            }
        });
    }

    /**
     * Writes the response stream for {@code ranges} (without the size prefix), verifying as it goes.
     * A partly covered group is sent chunk by chunk, so the whole group must be stored.
     */
    public long encode(ChunkRanges ranges, OutputStream out) throws IOException {
        checkAvailable(roundToGroups(ranges));
        try {
            return BaoEncoder.encode(data, outboard, ranges, out);
        } catch (BaoVerificationException e) {
            throw damaged(e.offset(), e.endOffset(), e);
        } catch (ShortFile e) {
            throw damaged(e.start, e.end, e);
        }
    }

    /**
     * The groups a request touches, clipped to the blob (a request past the end means the last chunk).
     */
    public ChunkRanges roundToGroups(ChunkRanges ranges) {
        long chunks = BlobEntry.chunks(entry.size());
        ChunkRanges r = ranges;
        if (!r.intersection(ChunkRanges.from(chunks)).isEmpty()) {
            r = r.union(ChunkRanges.chunk(chunks - 1));
        }
        r = r.intersection(ChunkRanges.of(0, chunks));
        long[] b = r.boundaries();
        long[] out = new long[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = i % 2 == 0 ? b[i] / GROUP_CHUNKS * GROUP_CHUNKS
                    : Math.min(chunks, (b[i] + GROUP_CHUNKS - 1) / GROUP_CHUNKS * GROUP_CHUNKS);
        }
        ChunkRanges rounded = ChunkRanges.empty();
        for (int i = 0; i + 1 < out.length; i += 2) {
            rounded = rounded.union(ChunkRanges.of(out[i], out[i + 1]));
        }
        return rounded;
    }

    /** Throws when the blob is missing from the store. */
    public static BlobEntry require(Hash hash, BlobEntry entry) throws BlobNotFoundException {
        if (entry == null) {
            throw new BlobNotFoundException(hash);
        }
        return entry;
    }

    /** A data file that ends before the bytes a read wants (truncated behind the store's back). */
    private static final class ShortFile extends EOFException {
        private static final long serialVersionUID = 1L;
        final long start;
        final long end;

        ShortFile(long start, long end) {
            super("the data file ends inside bytes [" + start + ", " + end + ")");
            this.start = start;
            this.end = end;
        }
    }

    /** Positional reads of a data file, telling which bytes were missing when it is short. */
    private record FileData(FileChannel ch, long size) implements BaoData {
        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            long end = offset + dst.remaining();
            long at = offset;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n < 0) {
                    throw new ShortFile(offset, end);
                }
                at += n;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
