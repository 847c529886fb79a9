package io.objsync.store;

import io.objsync.bao.BaoDecoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.bao.Outboard;
import io.objsync.bao.SizePrefix;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.store.internal.BlobEntry;
import io.objsync.store.internal.BlobInputStream;
import io.objsync.store.internal.FileOps;
import io.objsync.store.internal.MetaDb;
import io.objsync.store.internal.Receiver;
import io.objsync.store.internal.ReferenceImport;
import io.objsync.store.internal.Spool;
import io.objsync.store.internal.StoreFiles;
import io.objsync.store.internal.StoreLock;
import io.objsync.store.internal.StoredBlob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * A content-addressed store of blobs in one directory, owned by one process at a time.
 *
 * <p>Blobs of at most one 16 KiB chunk group live inside the metadata database (LMDB); larger ones are a data
 * file and a pre-order outboard file named after the hash. A blob is complete, or partial while it is received:
 * then the store knows which chunk groups have verified. Every byte handed out, exported or served is verified
 * against the hash on the way out; damage raises {@link DataCorruptedException}, never wrong bytes.
 *
 * <p>Import ({@code add}) reads its input once, hashing and writing together; a file is copied in the kernel
 * and the copy is hashed ({@link #addReference} instead leaves a file's data where it is and reads it from there).
 * An imported blob is on disk when {@code add} returns, unless the store was opened with
 * {@link StoreOptions#importDurability} {@link Durability#PROCESS_CRASH_SAFE}. Receiving
 * ({@link #receive}) records verified groups durably as they arrive, so an interrupted download, even by a
 * killed process, resumes from what verified. Garbage collection ({@link #gc()}) removes blobs that no
 * {@linkplain #setTag tag} or {@linkplain TempPin temporary pin} keeps. See {@code docs/architecture.md} for the
 * layout and the order of writes.
 *
 * <p>Thread-safe: any number of threads may import, read, receive and collect at once.
 */
public final class BlobStore implements AutoCloseable {

    private static final int STRIPES = 64;

    private final Path dir;
    private final StoreOptions options;
    private final StoreLock lock;
    private final MetaDb db;
    private final StoreFiles files;
    /** Readers: anything that adds liveness (import commit, tag, pin). Writer: garbage collection. */
    private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
    /** Readers: every operation. Writer: close, so the database never closes under a running operation. */
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
    private final Map<Hash, int[]> pins = new ConcurrentHashMap<>();
    private final ReentrantLock[] blobLocks = new ReentrantLock[STRIPES];
    private boolean closed;

    private BlobStore(Path dir, StoreOptions options, StoreLock lock, MetaDb db, StoreFiles files) {
        this.dir = dir;
        this.options = options;
        this.lock = lock;
        this.db = db;
        this.files = files;
        for (int i = 0; i < STRIPES; i++) {
            blobLocks[i] = new ReentrantLock();
        }
    }

    /** Opens (creating if needed) the store in {@code dir} with default options. */
    public static BlobStore open(Path dir) throws IOException {
        return open(dir, StoreOptions.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code dir}. Opening does not scan the blobs; it only finishes
     * file operations a crash interrupted and clears the temporary directory.
     *
     * @throws StoreLockedException when another process (or another open store object) holds it
     */
    public static BlobStore open(Path dir, StoreOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Files.createDirectories(dir);
        String[] holder = new String[1];
        StoreLock lock = StoreLock.tryAcquire(dir.resolve("LOCK"), holder);
        if (lock == null) {
            throw new StoreLockedException(dir, holder[0]);
        }
        MetaDb db = null;
        try {
            StoreFiles files = new StoreFiles(dir, options.writeHook());
            files.createLayout();
            db = MetaDb.open(dir.resolve("meta"), options.mapSize());
            Map<Long, FileOps> pending = db.read(MetaDb.Tx::pending);
            for (FileOps ops : pending.values()) {
                files.apply(ops);
            }
            if (!pending.isEmpty()) {
                db.write(tx -> {
                    pending.keySet().forEach(tx::deletePending);
                    return null;
                });
            }
            files.clearTmp();
            return new BlobStore(dir, options, lock, db, files);
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            lock.close();
            throw e;
        }
    }

    /** The store's directory. */
    public Path directory() {
        return dir;
    }

    // ---- import ---------------------------------------------------------------------------------------------

    /** Imports {@code data}; returns a pin on it (close it once the blob is tagged or no longer needed). */
    public TempPin add(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        return add(Channels.newChannel(new java.io.ByteArrayInputStream(data)), data.length, ImportProgress.NONE);
    }

    /** Imports everything {@code in} yields until its end ({@code in} stays open). */
    public TempPin add(InputStream in, ImportProgress progress) throws IOException {
        Objects.requireNonNull(in, "in");
        return add(Channels.newChannel(in), -1, progress);
    }

    /**
     * Imports a file: copies it into the store in the kernel while the copy is hashed, so the blob is exactly the
     * bytes stored even if the file changes meanwhile (it then holds what was copied, to the file's end).
     */
    public TempPin add(Path file, ImportProgress progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            enter();
            try {
                return commit(List.of(Spool.runFile(files, ch, progress, sync()))).get(0);
            } finally {
                exit();
            }
        }
    }

    /**
     * Imports a file by reference, without copying its data: the file is read once to compute the hash and the
     * outboard (stored by the store), and the store records the file's absolute path (symbolic links resolved),
     * size and modification time. Reads, exports and serving then read the file and verify every byte, as for
     * any blob; once the file is changed, truncated or deleted they raise {@link ExternalFileChangedException},
     * never other bytes, {@link #status} reports the blob incomplete when its size or time differ, and
     * {@link #validate()} drops the reference. The store never writes, truncates or deletes the file: garbage
     * collection and validation drop only the record and the outboard, and a download of the same blob is
     * stored as the store's own copy.
     *
     * <p>A file of at most one chunk group (16 KiB) is copied as by {@link #add(Path, ImportProgress)}: it lives
     * inside the metadata anyway. When the store already holds the content as its own copy, that copy is kept and
     * no reference is recorded; adding the content by copy later replaces a reference with the copy.
     *
     * @throws StoreException when the file changed while it was read (nothing is recorded)
     */
    public TempPin addReference(Path file, ImportProgress progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        enter();
        try {
            Spool.Result r = ReferenceImport.run(files, file, progress, sync());
            // serialised with receive and validate of the blob: a reference replaces a partial blob's files
            ReentrantLock blobLock = blobLock(r.outboard().root());
            blobLock.lock();
            try {
                return commit(List.of(r)).get(0);
            } finally {
                blobLock.unlock();
            }
        } finally {
            exit();
        }
    }

    private TempPin add(ReadableByteChannel source, long total, ImportProgress progress) throws IOException {
        Objects.requireNonNull(progress, "progress");
        enter();
        try {
            return commit(List.of(Spool.run(files, source, total, progress, sync()))).get(0);
        } finally {
            exit();
        }
    }

    /** Whether imports flush their files before they commit ({@link StoreOptions#importDurability}). */
    private boolean sync() {
        return options.importDurability() == Durability.SYNC;
    }

    /**
     * Records imported blobs: pinned first (so no collection can remove them before the caller sees them), then
     * their records and, for file blobs, the renames of their temporary files, in one transaction; the renames
     * run after the commit (redone by the next open if a crash comes between). Identical content is kept once:
     * the store's own copy wins over a reference, and a newer reference replaces an older one.
     */
    private List<TempPin> commit(List<Spool.Result> results) throws IOException {
        List<TempPin> pins = new ArrayList<>(results.size());
        boolean done = false;
        gcLock.readLock().lock();
        try {
            for (Spool.Result r : results) {
                pins.add(pinLocked(r.outboard().root(), BlobFormat.RAW));
            }
            FileOps ops = new FileOps();
            long id = db.write(tx -> {
                for (Spool.Result r : results) {
                    Hash hash = r.outboard().root();
                    BlobEntry e = tx.entry(hash);
                    if (e != null && e.isComplete() && !e.isReference()) {
                        continue;
                    }
                    if (r.inline() != null) {
                        tx.putEntry(hash, BlobEntry.inline(r.inline()));
                        if (e != null) { // a partial record under a wrong size claim had files
                            ops.delete(files.relative(files.data(hash)))
                                    .delete(files.relative(files.outboard(hash)));
                        }
                    } else if (r.reference() != null) {
                        tx.putEntry(hash, BlobEntry.reference(r.reference()));
                        if (e != null && !e.isReference()) { // a partial blob's data
                            ops.delete(files.relative(files.data(hash)));
                        }
                        ops.rename(files.relative(r.outboardTmp()), files.relative(files.outboard(hash)));
                    } else {
                        tx.putEntry(hash, BlobEntry.file(r.outboard().size()));
                        ops.rename(files.relative(r.dataTmp()), files.relative(files.data(hash)))
                                .rename(files.relative(r.outboardTmp()), files.relative(files.outboard(hash)));
                    }
                }
                return ops.isEmpty() ? -1L : tx.addPending(ops);
            });
            applyPending(id, ops);
            done = true;
            return pins;
        } finally {
            gcLock.readLock().unlock();
            for (Spool.Result r : results) {
                deleteTmp(r); // gone after the rename; left after a dedup or failure
            }
            if (!done) {
                pins.forEach(TempPin::close);
            }
        }
    }

    private static void deleteTmp(Spool.Result r) throws IOException {
        if (r.dataTmp() != null) {
            Files.deleteIfExists(r.dataTmp());
        }
        if (r.outboardTmp() != null) {
            Files.deleteIfExists(r.outboardTmp());
        }
    }

    /**
     * Imports many blobs with one metadata commit (each commit is a disk flush, which dominates the cost of
     * importing small blobs one by one). Returns their pins, in order.
     */
    public List<TempPin> addAll(List<byte[]> blobs) throws IOException {
        enter();
        List<Spool.Result> spooled = new ArrayList<>(blobs.size());
        boolean committed = false;
        try {
            for (byte[] b : blobs) {
                spooled.add(Spool.run(files, Channels.newChannel(new java.io.ByteArrayInputStream(b)), b.length,
                        ImportProgress.NONE, sync()));
            }
            List<TempPin> pins = commit(spooled);
            committed = true;
            return pins;
        } finally {
            if (!committed) {
                for (Spool.Result r : spooled) {
                    deleteTmp(r);
                }
            }
            exit();
        }
    }

    /**
     * Imports a collection: its metadata blob and its hash sequence (the listed blobs need not be in the store).
     * Returns a {@link BlobFormat#HASH_SEQ} pin on the hash sequence, whose hash names the collection.
     */
    public TempPin addCollection(Collection collection) throws IOException {
        Objects.requireNonNull(collection, "collection");
        byte[] metadata = collection.metadataBlob();
        List<TempPin> both = addAll(List.of(metadata, collection.hashSeq(Blake3.hash(metadata))));
        try {
            return pin(both.get(1).hash(), BlobFormat.HASH_SEQ);
        } finally {
            both.forEach(TempPin::close);
        }
    }

    /**
     * Imports every regular file under {@code dir} (names are paths relative to it with {@code /}, sorted) and
     * a collection of them. Returns a {@link BlobFormat#HASH_SEQ} pin on the collection.
     *
     * @param progress told the bytes of all files imported so far and their total
     */
    public TempPin addDirectory(Path dir, ImportProgress progress) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        long total = 0;
        for (Path p : paths) {
            total += Files.size(p);
        }
        List<TempPin> held = new ArrayList<>();
        List<Spool.Result> batch = new ArrayList<>();
        enter();
        try {
            List<Collection.Entry> entries = new ArrayList<>();
            long before = 0;
            for (Path p : paths) {
                long base = before;
                long all = total;
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    batch.add(Spool.runFile(files, ch, (done, t) -> progress.onProgress(base + done, all), sync()));
                    before += ch.size();
                }
                String name = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                entries.add(new Collection.Entry(name, batch.get(batch.size() - 1).outboard().root()));
                if (batch.size() == 256) { // small files share commits: each is a disk flush
                    held.addAll(commit(batch));
                    batch.clear();
                }
            }
            held.addAll(commit(batch));
            batch.clear();
            return addCollection(Collection.of(entries));
        } finally {
            for (Spool.Result r : batch) {
                deleteTmp(r);
            }
            held.forEach(TempPin::close);
            exit();
        }
    }

    // ---- query ----------------------------------------------------------------------------------------------

    /** Whether the store holds all of the blob. */
    public boolean has(Hash hash) throws IOException {
        Optional<BlobStatus> s = status(hash);
        return s.isPresent() && s.get().isComplete();
    }

    /**
     * What the store holds of the blob, if anything. A blob {@linkplain #addReference referring} to a file whose
     * size or modification time changed is reported with nothing verified (a download then stores a copy).
     */
    public Optional<BlobStatus> status(Hash hash) throws IOException {
        Objects.requireNonNull(hash, "hash");
        enter();
        try {
            BlobEntry e = db.entry(hash);
            return e == null ? Optional.empty() : Optional.of(toStatus(hash, e));
        } finally {
            exit();
        }
    }

    /** Every blob the store holds (complete or partial), in hash order. */
    public List<BlobStatus> list() throws IOException {
        enter();
        try {
            List<BlobStatus> out = new ArrayList<>();
            db.read(tx -> {
                tx.forEachEntry((h, record) -> out.add(toStatus(h, BlobEntry.decode(record))));
                return null;
            });
            return out;
        } finally {
            exit();
        }
    }

    private static BlobStatus toStatus(Hash hash, BlobEntry e) {
        if (e.isReference() && !e.external().looksUnchanged()) {
            return new BlobStatus(hash, e.size(), false, true, ChunkRanges.empty());
        }
        return new BlobStatus(hash, e.size(), e.isComplete(), e.sizeVerified(), e.verified());
    }

    // ---- read -----------------------------------------------------------------------------------------------

    /**
     * The verified bytes {@code [offset, offset + len)} of a blob.
     *
     * @throws BlobNotFoundException      when the store does not hold the blob
     * @throws RangeNotAvailableException when a partial blob lacks some of those bytes
     * @throws DataCorruptedException     when stored bytes no longer match the hash
     */
    public byte[] read(Hash hash, long offset, int len) throws IOException {
        enter();
        try (StoredBlob b = openBlob(hash)) {
            byte[] out = new byte[len];
            b.readBytes(offset, out, 0, len);
            return out;
        } finally {
            exit();
        }
    }

    /** The whole blob as a stream of verified bytes (it must be complete); close it when done. */
    public InputStream openStream(Hash hash) throws IOException {
        Optional<BlobStatus> s = status(hash);
        return openStream(hash, 0, s.map(BlobStatus::size).orElse(0L));
    }

    /**
     * Bytes {@code [offset, offset + len)} of a blob as a stream of verified bytes, read a group at a time as
     * the stream is consumed; errors surface from {@code read}. Close it when done.
     */
    public InputStream openStream(Hash hash, long offset, long len) throws IOException {
        enter();
        try {
            StoredBlob b = openBlob(hash);
            if (offset < 0 || len < 0 || offset > b.size() - len) {
                b.close();
                throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + len)
                        + ") are outside a blob of " + b.size() + " bytes");
            }
            return new BlobInputStream(b, offset, offset + len);
        } finally {
            exit();
        }
    }

    /**
     * Writes a complete blob to {@code target} (replaced if it exists), verified on the way: through a
     * temporary file beside it, so a failure never leaves a partly written target.
     */
    public void export(Hash hash, Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".objsync-tmp");
        enter();
        try (StoredBlob b = openBlob(hash)) {
            b.checkAvailable(ChunkRanges.all());
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                b.read(ChunkRanges.all(), (offset, leaf) -> {
                    while (leaf.hasRemaining()) {
                        offset += out.write(leaf, offset);
                    }
                });
                out.force(false);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
            exit();
        }
    }

    private StoredBlob openBlob(Hash hash) throws IOException {
        Objects.requireNonNull(hash, "hash");
        BlobEntry e = StoredBlob.require(hash, db.entry(hash));
        try {
            return StoredBlob.open(files, hash, e);
        } catch (NoSuchFileException gone) {
            throw new BlobNotFoundException(hash); // collected between the lookup and the open
        }
    }

    // ---- serve and receive ----------------------------------------------------------------------------------

    /**
     * Writes the response for {@code ranges} of a blob: its size ({@link SizePrefix}) and the BAO stream, every
     * node verified before it is written. A partial blob serves only ranges it holds whole groups of.
     *
     * @return bytes written, the size prefix included
     * @throws RangeNotAvailableException before writing anything, when the store lacks some of the ranges
     * @throws DataCorruptedException     when stored data fails verification (the stream is then cut short)
     */
    public long serve(Hash hash, ChunkRanges ranges, OutputStream out) throws IOException {
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(out, "out");
        enter();
        try (StoredBlob b = openBlob(hash)) {
            b.checkAvailable(b.roundToGroups(ranges));
            SizePrefix.write(b.size(), out);
            return SizePrefix.LENGTH + b.encode(ranges, out);
        } finally {
            exit();
        }
    }

    /**
     * Receives a response for {@code ranges} of blob {@code hash} from {@code in} (the size prefix and the BAO
     * stream, read exactly, never past its end). Verified chunk groups are stored and recorded durably as they
     * arrive (see {@link StoreOptions#ingestSyncBytes}); when the stream fails or breaks off, what verified
     * before is kept, and a later call for the {@linkplain BlobStatus#missing() missing} ranges resumes. The blob
     * is pinned while it is received; pin or tag it to keep a partial blob across garbage collections.
     *
     * @return the blob's status afterwards
     * @throws io.objsync.bao.BaoVerificationException when the stream does not verify (progress is kept)
     * @throws io.objsync.bao.BaoTruncatedException    when it ends early (progress is kept)
     */
    public BlobStatus receive(Hash hash, ChunkRanges ranges, InputStream in) throws IOException {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(in, "in");
        enter();
        ReentrantLock blobLock = blobLock(hash);
        blobLock.lock();
        try (TempPin pin = pin(hash, BlobFormat.RAW)) {
            long size = SizePrefix.read(in);
            BlobEntry e = db.entry(hash);
            if (e != null && e.isReference() && !e.external().looksUnchanged()) {
                dropReference(hash, e); // received into the store's own files; the user's file is not touched
                e = null;
            }
            if (e != null && e.isComplete()) {
                BaoDecoder.create(hash, size, ranges, (offset, data) -> { }).readFrom(in); // verify, keep nothing
            } else if (size <= Spool.INLINE_MAX) {
                receiveSmall(hash, size, ranges, in);
            } else {
                new Receiver(db, files, hash, size, options.ingestSyncBytes()).run(ranges, in);
            }
            return toStatus(hash, StoredBlob.require(hash, db.entry(hash)));
        } finally {
            blobLock.unlock();
            exit();
        }
    }

    /** A blob of one group arrives whole or not at all: it is kept (inline) only when all of it verified. */
    private void receiveSmall(Hash hash, long size, ChunkRanges ranges, InputStream in) throws IOException {
        byte[] data = new byte[(int) size];
        long[] received = {0};
        BaoDecoder d = BaoDecoder.create(hash, size, ranges, (offset, leaf) -> {
            received[0] += leaf.remaining();
            leaf.get(data, (int) offset, leaf.remaining());
        });
        d.readFrom(in);
        if (received[0] == size && d.isSizeVerified()) {
            // the import path: also removes the files of a partial record made under a wrong, larger claim
            commit(List.of(new Spool.Result(Outboard.compute(data), data, null, null))).get(0).close();
        }
    }

    // ---- tags and pins --------------------------------------------------------------------------------------

    /** Sets (or moves) the tag {@code name} to {@code hash}; the blob need not be in the store yet. */
    public void setTag(String name, Hash hash, BlobFormat format) throws IOException {
        Tag tag = new Tag(name, hash, format);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a tag needs a name");
        }
        enter();
        gcLock.readLock().lock();
        try {
            db.write(tx -> {
                tx.putTag(tag);
                return null;
            });
        } finally {
            gcLock.readLock().unlock();
            exit();
        }
    }

    /** The tag {@code name}, if set. */
    public Optional<Tag> tag(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        enter();
        try {
            return Optional.ofNullable(db.read(tx -> tx.tag(name)));
        } finally {
            exit();
        }
    }

    /** Every tag, by name. */
    public List<Tag> tags() throws IOException {
        enter();
        try {
            return List.copyOf(db.read(MetaDb.Tx::tags).values());
        } finally {
            exit();
        }
    }

    /** Removes the tag {@code name}; returns whether it existed. */
    public boolean deleteTag(String name) throws IOException {
        Objects.requireNonNull(name, "name");
        enter();
        try {
            return db.write(tx -> tx.deleteTag(name));
        } finally {
            exit();
        }
    }

    /** Pins {@code hash} against garbage collection until the pin is closed (or the store). */
    public TempPin pin(Hash hash, BlobFormat format) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(format, "format");
        gcLock.readLock().lock();
        try {
            return pinLocked(hash, format);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    private TempPin pinLocked(Hash hash, BlobFormat format) {
        pins.compute(hash, (h, counts) -> {
            int[] c = counts == null ? new int[BlobFormat.values().length] : counts;
            c[format.ordinal()]++;
            return c;
        });
        return new TempPin(hash, format, () -> pins.computeIfPresent(hash, (h, counts) -> {
            counts[format.ordinal()]--;
            return counts[0] == 0 && counts[1] == 0 ? null : counts;
        }));
    }

    // ---- collections ----------------------------------------------------------------------------------------

    /**
     * Reads the collection named by the hash sequence {@code hash} (the sequence and its metadata blob must be
     * complete).
     *
     * @throws StoreException when the two blobs do not form a collection
     */
    public Collection readCollection(Hash hash) throws IOException {
        byte[] seq = readAll(hash);
        List<Hash> hashes = Collection.parseHashSeq(seq);
        if (hashes.isEmpty()) {
            throw new StoreException("the hash sequence " + hash.toHex() + " is empty: not a collection");
        }
        return Collection.decode(seq, readAll(hashes.get(0)), hashes.get(0));
    }

    /** Whether the collection's hash sequence, metadata and every listed blob are complete in the store. */
    public boolean isCollectionComplete(Hash hash) throws IOException {
        if (!has(hash)) {
            return false;
        }
        for (Hash h : Collection.parseHashSeq(readAll(hash))) {
            if (!has(h)) {
                return false;
            }
        }
        return true;
    }

    private byte[] readAll(Hash hash) throws IOException {
        BlobStatus s = status(hash).orElseThrow(() -> new BlobNotFoundException(hash));
        if (s.size() > Integer.MAX_VALUE - 8) {
            throw new StoreException("blob " + hash.toHex() + " is too large to read into memory");
        }
        return read(hash, 0, (int) s.size());
    }

    // ---- garbage collection ---------------------------------------------------------------------------------

    /**
     * Deletes every blob no tag or temporary pin keeps (a {@link BlobFormat#HASH_SEQ} tag or pin keeps the
     * blobs its verified part lists), then files under {@code blobs/} that no record names. Imports, tags and
     * pins wait while it decides and deletes; reads go on.
     */
    public GcReport gc() throws IOException {
        enter();
        gcLock.writeLock().lock();
        try {
            Set<Hash> live = new HashSet<>();
            for (Tag t : db.read(MetaDb.Tx::tags).values()) {
                markLive(t.hash(), t.format(), live);
            }
            for (Map.Entry<Hash, int[]> p : pins.entrySet()) {
                markLive(p.getKey(), p.getValue()[1] > 0 ? BlobFormat.HASH_SEQ : BlobFormat.RAW, live);
            }
            Map<Hash, BlobEntry> dead = new HashMap<>();
            long[] kept = {0};
            db.read(tx -> {
                tx.forEachEntry((h, record) -> {
                    if (live.contains(h)) {
                        kept[0]++;
                    } else {
                        dead.put(h, BlobEntry.decode(record));
                    }
                });
                return null;
            });
            long bytes = 0;
            List<Hash> batch = new ArrayList<>();
            for (Map.Entry<Hash, BlobEntry> d : dead.entrySet()) {
                bytes += d.getValue().size();
                batch.add(d.getKey());
                if (batch.size() == 1000) {
                    removeBlobs(batch, dead);
                    batch.clear();
                }
            }
            removeBlobs(batch, dead);
            long stray = 0;
            for (Path p : files.allBlobFiles()) {
                String name = p.getFileName().toString();
                Hash h = hashOfFile(name);
                BlobEntry e = h == null ? null : db.entry(h);
                if (e == null || !e.hasFiles() || (e.isReference() && name.endsWith(StoreFiles.DATA))) {
                    Files.deleteIfExists(p);
                    stray++;
                }
            }
            return new GcReport(dead.size(), bytes, kept[0], stray);
        } finally {
            gcLock.writeLock().unlock();
            exit();
        }
    }

    /**
     * Deletes records and, after the commit, their files; the deletions are recorded in the same transaction
     * and cleared before garbage collection lets imports in again, so no later import's file can be hit by a
     * replayed delete.
     */
    private void removeBlobs(List<Hash> batch, Map<Hash, BlobEntry> dead) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        FileOps ops = new FileOps();
        long id = db.write(tx -> {
            for (Hash h : batch) {
                tx.deleteEntry(h);
                if (dead.get(h).hasFiles()) {
                    ops.delete(files.relative(files.data(h))).delete(files.relative(files.outboard(h)));
                }
            }
            return ops.isEmpty() ? -1L : tx.addPending(ops);
        });
        applyPending(id, ops);
    }

    /**
     * Forgets a reference to a changed or missing file: its record and the store's outboard, never the user's
     * file. Like a collection's deletions (and under the same lock), so no import's outboard can be hit.
     */
    private void dropReference(Hash h, BlobEntry stale) throws IOException {
        gcLock.writeLock().lock();
        try {
            FileOps ops = new FileOps();
            long id = db.write(tx -> {
                BlobEntry e = tx.entry(h);
                if (e == null || !e.isReference() || !e.external().equals(stale.external())) {
                    return -1L; // replaced meanwhile
                }
                tx.deleteEntry(h);
                return tx.addPending(ops.delete(files.relative(files.outboard(h))));
            });
            applyPending(id, ops);
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    /** Carries out file operations recorded (under {@code id}, unless negative) in a committed transaction. */
    private void applyPending(long id, FileOps ops) throws IOException {
        if (id < 0) {
            return;
        }
        files.apply(ops);
        db.write(tx -> {
            tx.deletePending(id);
            return null;
        });
    }

    private static Hash hashOfFile(String name) {
        int dot = name.indexOf('.');
        if (dot != 64 || !(name.endsWith(StoreFiles.DATA) || name.endsWith(StoreFiles.OUTBOARD))) {
            return null;
        }
        try {
            return Hash.fromHex(name.substring(0, 64));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Adds {@code hash} and, for a hash sequence, the hashes its verified groups list. */
    private void markLive(Hash hash, BlobFormat format, Set<Hash> live) throws IOException {
        live.add(hash);
        if (format != BlobFormat.HASH_SEQ) {
            return;
        }
        BlobEntry e = db.entry(hash);
        if (e == null) {
            return;
        }
        try (StoredBlob b = StoredBlob.open(files, hash, e)) {
            b.read(e.verified(), (offset, leaf) -> {
                // groups are 16 KiB, a multiple of 32: no hash straddles two
                while (leaf.remaining() >= Hash.LENGTH) {
                    byte[] h = new byte[Hash.LENGTH];
                    leaf.get(h);
                    live.add(Hash.of(h));
                }
            });
        } catch (DataCorruptedException | RangeNotAvailableException damaged) {
            // what verified before the damage was marked; the rest is unknown until validate and refetch
        }
    }

    // ---- validate -------------------------------------------------------------------------------------------

    /**
     * Re-verifies every stored blob against its hash (data and outboard). Damaged chunk groups are marked
     * missing, so they are neither read nor served until fetched again; a damaged small blob is removed. A
     * {@linkplain #addReference reference} whose file changed or is gone is dropped whole (record and outboard;
     * the file is left as it is) and reported with all its chunks damaged: the store holds none of its data.
     */
    public ValidateReport validate() throws IOException {
        enter();
        try {
            List<Hash> hashes = db.read(MetaDb.Tx::hashes);
            Map<Hash, ChunkRanges> damaged = new HashMap<>();
            long bytes = 0;
            for (Hash h : hashes) {
                ReentrantLock blobLock = blobLock(h);
                blobLock.lock();
                try {
                    BlobEntry e = db.entry(h);
                    if (e == null) {
                        continue;
                    }
                    ChunkRanges bad = damagedGroups(h, e);
                    bytes += e.isComplete() ? e.size() : 0;
                    if (!bad.isEmpty()) {
                        bad = e.isReference() ? e.verified() : bad; // a reference is dropped whole
                        damaged.put(h, bad);
                        markMissing(h, bad);
                    }
                } finally {
                    blobLock.unlock();
                }
            }
            return new ValidateReport(hashes.size(), bytes, damaged);
        } finally {
            exit();
        }
    }

    private ChunkRanges damagedGroups(Hash h, BlobEntry e) throws IOException {
        if (!e.hasFiles()) {
            return Blake3.hash(e.inlineData()).equals(h) ? ChunkRanges.empty() : e.verified();
        }
        ChunkRanges toCheck = e.verified();
        ChunkRanges bad = ChunkRanges.empty();
        if (toCheck.isEmpty()) {
            return bad; // a partial record whose files may not exist yet
        }
        try (StoredBlob b = StoredBlob.open(files, h, e)) {
            while (!toCheck.isEmpty()) {
                try {
                    b.read(toCheck, (offset, leaf) -> { });
                    break;
                } catch (DataCorruptedException d) {
                    // everything before the failed node verified; continue after it
                    ChunkRanges failed = StoredBlob.groupsOf(d.start(), d.end());
                    bad = bad.union(toCheck.intersection(failed));
                    long resume = failed.boundaries()[1];
                    toCheck = toCheck.intersection(ChunkRanges.from(resume));
                }
            }
        } catch (DataCorruptedException | RangeNotAvailableException missingFiles) {
            bad = e.verified();
        }
        return bad;
    }

    private void markMissing(Hash h, ChunkRanges bad) throws IOException {
        BlobEntry current = db.entry(h);
        if (current != null && current.isReference()) {
            dropReference(h, current);
            return;
        }
        db.write(tx -> {
            BlobEntry e = tx.entry(h);
            if (e == null) {
                return null;
            }
            if (!e.hasFiles()) {
                tx.deleteEntry(h);
            } else {
                tx.putEntry(h, BlobEntry.partial(e.size(), e.sizeVerified(), e.verified().difference(bad)));
            }
            return null;
        });
    }

    // ---- lifecycle ------------------------------------------------------------------------------------------

    private ReentrantLock blobLock(Hash hash) {
        return blobLocks[Math.floorMod(hash.hashCode(), STRIPES)];
    }

    private void enter() {
        life.readLock().lock();
        if (closed) {
            life.readLock().unlock();
            throw new IllegalStateException("the store is closed");
        }
    }

    private void exit() {
        life.readLock().unlock();
    }

    /** Waits for running operations, then closes the database and releases the directory. */
    @Override
    public void close() throws IOException {
        life.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            db.close();
            lock.close();
        } finally {
            life.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "BlobStore[" + dir + "]";
    }

    /** Test access: the file that holds a blob's data, for damage tests. */
    Path dataFile(Hash hash) {
        return files.data(hash);
    }

    /** Test access: the file that holds a blob's outboard. */
    Path outboardFile(Hash hash) {
        return files.outboard(hash);
    }

    /** Test access: every file under {@code blobs/}. */
    Set<Path> blobFiles() throws IOException {
        return files.allBlobFiles();
    }
}
