package io.objsync.store.internal;

import io.objsync.hash.Hash;
import io.objsync.lmdb.internal.PinnedByteArrayProxy;
import io.objsync.store.BlobFormat;
import io.objsync.store.StoreException;
import io.objsync.store.Tag;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's metadata in LMDB: tables {@code blobs} (hash → {@link BlobEntry}), {@code tags} (UTF-8 name →
 * {@code u8 format ‖ 32-byte hash}) and {@code pending} (u64 big-endian sequence → {@link FileOps}). Byte arrays
 * in and out ({@link PinnedByteArrayProxy}), so no JVM flags are needed. Every commit is durable (LMDB's default
 * sync); read transactions are not tied to threads ({@code MDB_NOTLS}), so any thread may read.
 */
public final class MetaDb implements AutoCloseable {

    private final Env<byte[]> env;
    private final Dbi<byte[]> blobs;
    private final Dbi<byte[]> tags;
    private final Dbi<byte[]> pending;
    private final AtomicLong nextPending;

    private MetaDb(Env<byte[]> env) {
        this.env = env;
        this.blobs = env.openDbi("blobs", DbiFlags.MDB_CREATE);
        this.tags = env.openDbi("tags", DbiFlags.MDB_CREATE);
        this.pending = env.openDbi("pending", DbiFlags.MDB_CREATE);
        long next = 0;
        try (Txn<byte[]> txn = env.txnRead(); CursorIterable<byte[]> it = pending.iterate(txn)) {
            for (CursorIterable.KeyVal<byte[]> kv : it) {
                next = ByteBuffer.wrap(kv.key()).getLong() + 1; // keys ascend: the last one wins
            }
        }
        this.nextPending = new AtomicLong(next);
    }

    /** Opens (creating) the database in {@code dir}. */
    public static MetaDb open(Path dir, long mapSize) throws StoreException {
        try {
            Files.createDirectories(dir);
            Env<byte[]> env = Env.create(PinnedByteArrayProxy.INSTANCE).setMapSize(mapSize).setMaxDbs(4)
                    .setMaxReaders(1024).open(dir.toFile(), EnvFlags.MDB_NOTLS);
            return new MetaDb(env);
        } catch (LmdbException | IOException e) {
            throw new StoreException("cannot open the store's metadata in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A transaction's work. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws IOException;
    }

    /** Runs {@code work} in a read-only snapshot. */
    public <T> T read(Work<T> work) throws IOException {
        try (Txn<byte[]> txn = env.txnRead()) {
            return work.run(new Tx(txn));
        } catch (LmdbException e) {
            throw new StoreException("metadata read failed: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in a write transaction and commits it durably, or aborts if it throws. */
    public <T> T write(Work<T> work) throws IOException {
        try (Txn<byte[]> txn = env.txnWrite()) {
            T result = work.run(new Tx(txn));
            txn.commit();
            return result;
        } catch (Env.MapFullException e) {
            throw new StoreException("the store's metadata is full (raise StoreOptions.mapSize)", e);
        } catch (LmdbException e) {
            throw new StoreException("metadata write failed: " + e.getMessage(), e);
        }
    }

    /** The entry of {@code hash}, or null. */
    public BlobEntry entry(Hash hash) throws IOException {
        return read(tx -> tx.entry(hash));
    }

    @Override
    public void close() {
        env.close();
    }

    /** Typed access to the tables inside one transaction. */
    public final class Tx {
        private final Txn<byte[]> txn;

        Tx(Txn<byte[]> txn) {
            this.txn = txn;
        }

        public BlobEntry entry(Hash hash) throws MetadataCorruptedException {
            byte[] v = blobs.get(txn, hash.toBytes());
            return v == null ? null : BlobEntry.decode(v);
        }

        public void putEntry(Hash hash, BlobEntry entry) {
            blobs.put(txn, hash.toBytes(), entry.encode());
        }

        public void deleteEntry(Hash hash) {
            blobs.delete(txn, hash.toBytes());
        }

        /** Every blob, in hash order. */
        public void forEachEntry(EntryVisitor visitor) throws IOException {
            try (CursorIterable<byte[]> it = blobs.iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    visitor.visit(Hash.of(kv.key()), kv.val());
                }
            }
        }

        /** Hashes of every blob. */
        public List<Hash> hashes() {
            List<Hash> out = new ArrayList<>();
            try (CursorIterable<byte[]> it = blobs.iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    out.add(Hash.of(kv.key()));
                }
            }
            return out;
        }

        public long blobCount() {
            return blobs.stat(txn).entries;
        }

        public Tag tag(String name) throws MetadataCorruptedException {
            byte[] v = tags.get(txn, name.getBytes(StandardCharsets.UTF_8));
            return v == null ? null : decodeTag(name, v);
        }

        public void putTag(Tag tag) {
            byte[] v = new byte[1 + Hash.LENGTH];
            v[0] = (byte) tag.format().ordinal();
            System.arraycopy(tag.hash().toBytes(), 0, v, 1, Hash.LENGTH);
            tags.put(txn, tag.name().getBytes(StandardCharsets.UTF_8), v);
        }

        public boolean deleteTag(String name) {
            return tags.delete(txn, name.getBytes(StandardCharsets.UTF_8));
        }

        /** Every tag by name, in byte order of the names. */
        public Map<String, Tag> tags() throws MetadataCorruptedException {
            Map<String, Tag> out = new LinkedHashMap<>();
            try (CursorIterable<byte[]> it = tags.iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    String name = new String(kv.key(), StandardCharsets.UTF_8);
                    out.put(name, decodeTag(name, kv.val()));
                }
            }
            return out;
        }

        /** Records file operations to carry out after this transaction commits; returns their key. */
        public long addPending(FileOps ops) {
            long id = nextPending.getAndIncrement();
            pending.put(txn, key(id), ops.encode());
            return id;
        }

        public void deletePending(long id) {
            pending.delete(txn, key(id));
        }

        /** Every recorded operation list by key, oldest first. */
        public Map<Long, FileOps> pending() throws MetadataCorruptedException {
            Map<Long, FileOps> out = new LinkedHashMap<>();
            try (CursorIterable<byte[]> it = pending.iterate(txn)) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    out.put(ByteBuffer.wrap(kv.key()).getLong(), FileOps.decode(kv.val()));
                }
            }
            return out;
        }

        private byte[] key(long id) {
            return ByteBuffer.allocate(8).putLong(id).array();
        }

        private Tag decodeTag(String name, byte[] v) throws MetadataCorruptedException {
            if (v.length != 1 + Hash.LENGTH || v[0] < 0 || v[0] >= BlobFormat.values().length) {
                throw new MetadataCorruptedException("unreadable tag " + name);
            }
            return new Tag(name, Hash.of(v, 1), BlobFormat.values()[v[0]]);
        }
    }

    /** Receives raw blob records. */
    @FunctionalInterface
    public interface EntryVisitor {
        void visit(Hash hash, byte[] record) throws IOException;
    }
}
