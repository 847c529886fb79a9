package io.objsync.store.internal;

import io.objsync.bao.BaoException;
import io.objsync.bao.ChunkRanges;
import io.objsync.internal.postcard.PostcardException;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The record of one blob in the {@code blobs} table (key: the 32-byte hash), postcard-encoded:
 * {@code u8 kind, varint size}, then for {@link Kind#INLINE} the blob's bytes, for {@link Kind#PARTIAL}
 * {@code bool sizeVerified} and the verified chunks as a RangeSpec, for {@link Kind#REFERENCE}
 * {@code varint mtimeNanos, string path} of the user's file. A {@link Kind#FILE} blob's data and outboard are
 * files named after its hash; a reference's outboard is such a file, its data the user's file. Immutable.
 */
public final class BlobEntry {

    /** Where the bytes are and whether they are all there. */
    public enum Kind {
        /** Complete, bytes in the record (blobs of at most one chunk group, whose outboard is empty). */
        INLINE(1),
        /** Complete, bytes and outboard in files. */
        FILE(2),
        /** Being received: files hold the verified chunks (and the outboard pairs above them). */
        PARTIAL(3),
        /** Complete, outboard in a file, bytes in a user's file the store does not own ({@link ExternalFile}). */
        REFERENCE(4);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private final Kind kind;
    private final long size;
    private final boolean sizeVerified;
    private final ChunkRanges verified;
    private final byte[] inline;
    private final ExternalFile external;

    private BlobEntry(Kind kind, long size, boolean sizeVerified, ChunkRanges verified, byte[] inline,
            ExternalFile external) {
        this.kind = kind;
        this.size = size;
        this.sizeVerified = sizeVerified;
        this.verified = verified;
        this.inline = inline;
        this.external = external;
    }

    public static BlobEntry inline(byte[] data) {
        return new BlobEntry(Kind.INLINE, data.length, true, null, data, null);
    }

    public static BlobEntry file(long size) {
        return new BlobEntry(Kind.FILE, size, true, null, null, null);
    }

    public static BlobEntry partial(long size, boolean sizeVerified, ChunkRanges verified) {
        return new BlobEntry(Kind.PARTIAL, size, sizeVerified, verified, null, null);
    }

    public static BlobEntry reference(ExternalFile file) {
        return new BlobEntry(Kind.REFERENCE, file.size(), true, null, null, file);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isComplete() {
        return kind != Kind.PARTIAL;
    }

    public long size() {
        return size;
    }

    public boolean sizeVerified() {
        return sizeVerified;
    }

    /** Verified chunks: all of them for a complete blob. */
    public ChunkRanges verified() {
        return kind == Kind.PARTIAL ? verified : ChunkRanges.of(0, chunks(size));
    }

    /** The inline bytes (not copied). */
    public byte[] inlineData() {
        return inline;
    }

    /** The user's file of a {@link Kind#REFERENCE}, else null. */
    public ExternalFile external() {
        return external;
    }

    /** Whether the blob's data lives in a user's file (which the store must never write or delete). */
    public boolean isReference() {
        return kind == Kind.REFERENCE;
    }

    /** Whether the blob's bytes live in files (a reference: its outboard is the store's, its data not). */
    public boolean hasFiles() {
        return kind != Kind.INLINE;
    }

    /** Chunks in a blob of {@code size} bytes (the empty blob has one, empty). */
    public static long chunks(long size) {
        return size == 0 ? 1 : (size - 1) / 1024 + 1;
    }

    public byte[] encode() {
        PostcardWriter w = new PostcardWriter().u8(kind.code).varint(size);
        switch (kind) {
            case INLINE:
                w.raw(inline, 0, inline.length);
                break;
            case PARTIAL:
                w.bool(sizeVerified).raw(verified.encodeRangeSpec(), 0, verified.encodeRangeSpec().length);
                break;
            case REFERENCE:
                w.varint(external.mtimeNanos()).string(external.path());
                break;
            default:
                break;
        }
        return w.toByteArray();
    }

    /** @throws MetadataCorruptedException when the record cannot be read */
    public static BlobEntry decode(byte[] b) throws MetadataCorruptedException {
        try {
            PostcardReader r = new PostcardReader(b);
            int kind = r.u8();
            long size = r.u64();
            if (kind == Kind.INLINE.code) {
                byte[] data = Arrays.copyOfRange(b, r.position(), b.length);
                if (data.length != size) {
                    throw new MetadataCorruptedException("inline record of " + size + " bytes holds " + data.length);
                }
                return inline(data);
            } else if (kind == Kind.FILE.code) {
                r.expectEnd();
                return file(size);
            } else if (kind == Kind.PARTIAL.code) {
                boolean sizeVerified = r.bool();
                ByteBuffer rest = ByteBuffer.wrap(b, r.position(), b.length - r.position());
                ChunkRanges verified = ChunkRanges.decodeRangeSpec(rest);
                if (rest.hasRemaining()) {
                    throw new MetadataCorruptedException("trailing bytes in a partial blob record");
                }
                return partial(size, sizeVerified, verified);
            } else if (kind == Kind.REFERENCE.code) {
                long mtime = r.u64();
                String path = r.string();
                r.expectEnd();
                return reference(new ExternalFile(path, size, mtime));
            }
            throw new MetadataCorruptedException("unknown blob record kind " + kind);
        } catch (PostcardException | BaoException e) {
            throw new MetadataCorruptedException("unreadable blob record: " + e.getMessage());
        }
    }
}
