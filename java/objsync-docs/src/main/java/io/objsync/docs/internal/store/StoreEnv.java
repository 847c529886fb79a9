package io.objsync.docs.internal.store;

import io.objsync.docs.DocStoreException;
import io.objsync.lmdb.internal.PinnedByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The LMDB environment of a document store and its tables. Byte-array buffers (no {@code --add-opens} needed).
 * One lock orders every transaction, so the node caches always match the last committed state and insert events
 * are published in commit order.
 */
public final class StoreEnv implements AutoCloseable {
    final Env<byte[]> env;
    /** namespace id → replica record (see {@link ReplicaStore}). */
    final Dbi<byte[]> replicas;
    /** replica number ‖ node id → encoded tree node. */
    final Dbi<byte[]> nodes;
    /** replica number ‖ value reference (u64, ever-growing) → postcard {@code SignedEntry}. */
    final Dbi<byte[]> entries;
    /** replica number ‖ author → number of entries by that author. */
    final Dbi<byte[]> authors;
    /** content hash → bytes, for values kept beside the entries. */
    final Dbi<byte[]> content;
    /** store-wide counters. */
    final Dbi<byte[]> meta;
    private final ReentrantLock lock = new ReentrantLock();

    private StoreEnv(Env<byte[]> env) {
        this.env = env;
        this.replicas = env.openDbi("replicas", DbiFlags.MDB_CREATE);
        this.nodes = env.openDbi("nodes", DbiFlags.MDB_CREATE);
        this.entries = env.openDbi("entries", DbiFlags.MDB_CREATE);
        this.authors = env.openDbi("authors", DbiFlags.MDB_CREATE);
        this.content = env.openDbi("content", DbiFlags.MDB_CREATE);
        this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
    }

    /** Opens (creating) the store in directory {@code dir} with room for {@code mapSize} bytes. */
    public static StoreEnv open(Path dir, long mapSize) {
        try {
            Files.createDirectories(dir);
            Env<byte[]> env = Env.create(PinnedByteArrayProxy.INSTANCE).setMapSize(mapSize).setMaxDbs(8)
                    .setMaxReaders(126).open(dir.toFile(), EnvFlags.MDB_NOTLS);
            return new StoreEnv(env);
        } catch (IOException e) {
            throw new DocStoreException("cannot create " + dir + ": " + e.getMessage(), e);
        } catch (LmdbException e) {
            throw new DocStoreException("cannot open the store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code body} in a read transaction under the store lock. */
    public <T> T read(Function<Txn<byte[]>, T> body) {
        lock.lock();
        try (Txn<byte[]> txn = env.txnRead()) {
            return body.apply(txn);
        } catch (LmdbException e) {
            throw failure("read", e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} in a write transaction under the store lock and commits; nothing is kept on failure. */
    public <T> T write(Function<Txn<byte[]>, T> body) {
        return write(body, r -> { });
    }

    /**
     * Like {@link #write(Function)}, then runs {@code afterCommit} with the result while still holding the lock,
     * so what it publishes is ordered like the commits.
     */
    public <T> T write(Function<Txn<byte[]>, T> body, java.util.function.Consumer<T> afterCommit) {
        lock.lock();
        try (Txn<byte[]> txn = env.txnWrite()) {
            T result = body.apply(txn);
            txn.commit();
            afterCommit.accept(result);
            return result;
        } catch (LmdbException e) {
            throw failure("write", e);
        } finally {
            lock.unlock();
        }
    }

    /** The stored record of replica {@code namespace}, or null. */
    public byte[] replicaRecord(Txn<byte[]> txn, byte[] namespace) {
        return replicas.get(txn, namespace);
    }

    /** Visits every replica's namespace id in order. */
    public void forEachReplica(Txn<byte[]> txn, java.util.function.Consumer<byte[]> visitor) {
        try (org.lmdbjava.CursorIterable<byte[]> it = replicas.iterate(txn)) {
            for (org.lmdbjava.CursorIterable.KeyVal<byte[]> kv : it) {
                visitor.accept(kv.key());
            }
        }
    }

    /** Opens replica {@code namespace}, creating it (with {@code secret}, which may be null) when absent. */
    public ReplicaStore openReplica(Txn<byte[]> txn, byte[] namespace, byte[] secret, byte[] counterKey) {
        byte[] rec = replicas.get(txn, namespace);
        if (rec == null) {
            byte[] c = meta.get(txn, counterKey);
            int number = c == null ? 1 : java.nio.ByteBuffer.wrap(c).getInt();
            meta.put(txn, counterKey, java.nio.ByteBuffer.allocate(4).putInt(number + 1).array());
            rec = ReplicaStore.record(number, secret, 0, 1);
            replicas.put(txn, namespace, rec);
        }
        ReplicaStore rs = ReplicaStore.fromRecord(this, namespace.clone(), rec);
        if (secret != null && rs.secret() == null) {
            rs.storeSecret(txn, secret);
        }
        return rs;
    }

    /** Stores content bytes under their hash. */
    public Object putContent(Txn<byte[]> txn, byte[] hash, byte[] bytes) {
        content.put(txn, hash, bytes);
        return null;
    }

    /** Content bytes under {@code hash}, or null. */
    public byte[] content(Txn<byte[]> txn, byte[] hash) {
        return content.get(txn, hash);
    }

    /** The store lock, for work that spans a transaction and what follows it (publishing events). */
    ReentrantLock lock() {
        return lock;
    }

    static DocStoreException failure(String what, LmdbException e) {
        if (e instanceof Env.MapFullException) {
            return new DocStoreException("the store is full (raise the map size): " + what + " failed", e);
        }
        return new DocStoreException("store " + what + " failed: " + e.getMessage(), e);
    }

    /** True once closed. */
    public boolean isClosed() {
        return env.isClosed();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!env.isClosed()) {
                env.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
