package io.objsync.docs;

import io.objsync.docs.internal.store.ReplicaStore;
import io.objsync.docs.internal.store.StoreEnv;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * An embedded store of replicas in one LMDB environment (a directory). Thread-safe; close it when done.
 *
 * <pre>{@code
 * try (DocStore store = DocStore.open(dir)) {
 *     Replica doc = store.create(NamespaceSecret.generate());
 *     doc.insert(author, "k".getBytes(UTF_8), store.putContent(bytes), bytes.length);
 * }
 * }</pre>
 */
public final class DocStore implements AutoCloseable {
    /** Default LMDB map size: the most the store may grow to (the file is sparse until used). */
    public static final long DEFAULT_MAP_SIZE = 64L << 30;
    private static final byte[] NEXT_REPLICA = {'n', 'e', 'x', 't'};

    private final StoreEnv env;
    private final LongSupplier clockMicros;
    private final Map<NamespaceId, ReplicaCore> open = new HashMap<>();

    private DocStore(StoreEnv env, LongSupplier clockMicros) {
        this.env = env;
        this.clockMicros = clockMicros;
    }

    /** Opens (creating) the store in {@code dir}. */
    public static DocStore open(Path dir) {
        return open(dir, DEFAULT_MAP_SIZE, Record::nowMicros);
    }

    /**
     * Opens (creating) the store in {@code dir} that may grow to {@code mapSize} bytes, reading the time in
     * microseconds from {@code clockMicros} (local timestamps and the future-timestamp bound).
     */
    public static DocStore open(Path dir, long mapSize, LongSupplier clockMicros) {
        return new DocStore(StoreEnv.open(dir, mapSize), clockMicros);
    }

    /** Creates or opens the replica of {@code namespace}, writable; the secret is kept in the store. */
    public Replica create(NamespaceSecret namespace) {
        return new Replica(core(namespace.id(), namespace.toBytes()), namespace);
    }

    /**
     * Creates or opens the replica {@code id} read-only: it syncs and answers queries but refuses local writes,
     * whatever secret the store may hold.
     */
    public Replica openReadOnly(NamespaceId id) {
        return new Replica(core(id, null), null);
    }

    /** The replica {@code id} if the store has it, read-only. */
    public Optional<Replica> find(NamespaceId id) {
        return contains(id) ? Optional.of(openReadOnly(id)) : Optional.empty();
    }

    /** The namespace secret the store keeps for {@code id}, if any. */
    public Optional<NamespaceSecret> secret(NamespaceId id) {
        if (!contains(id)) {
            return Optional.empty();
        }
        byte[] s = core(id, null).store().secret();
        return s == null ? Optional.empty() : Optional.of(NamespaceSecret.fromBytes(s));
    }

    /** True when the store has a replica {@code id}. */
    public boolean contains(NamespaceId id) {
        synchronized (open) {
            if (open.containsKey(id)) {
                return true;
            }
        }
        return env.read(txn -> env().replicaRecord(txn, id.raw()) != null);
    }

    /** Every replica's id, in order. */
    public List<NamespaceId> list() {
        return env.read(txn -> {
            List<NamespaceId> out = new ArrayList<>();
            env().forEachReplica(txn, ns -> out.add(NamespaceId.of(ns)));
            return out;
        });
    }

    /** Keeps {@code bytes} in the store's content table; returns their BLAKE3 hash. */
    public Hash putContent(byte[] bytes) {
        Hash h = Blake3.hash(bytes);
        env.write(txn -> env().putContent(txn, h.toBytes(), bytes));
        return h;
    }

    /** Content kept by {@link #putContent}, if present. */
    public Optional<byte[]> content(Hash hash) {
        return Optional.ofNullable(env.read(txn -> env().content(txn, hash.toBytes())));
    }

    private StoreEnv env() {
        return env;
    }

    long nowMicros() {
        return clockMicros.getAsLong();
    }

    private ReplicaCore core(NamespaceId id, byte[] secret) {
        synchronized (open) {
            ReplicaCore c = open.get(id);
            if (c == null) {
                ReplicaStore rs = env.write(txn -> env.openReplica(txn, id.raw(), secret, NEXT_REPLICA));
                c = new ReplicaCore(this, rs);
                open.put(id, c);
            } else if (secret != null && c.store().secret() == null) {
                ReplicaStore rs = c.store();
                env.write(txn -> {
                    rs.storeSecret(txn, secret);
                    return null;
                });
            }
            return c;
        }
    }

    StoreEnv storeEnv() {
        return env;
    }

    /** Closes the environment; replicas of this store fail with {@link DocStoreException} afterwards. */
    @Override
    public void close() {
        env.close();
    }

    static long u64(byte[] b) {
        return b == null ? 0 : ByteBuffer.wrap(b).getLong();
    }
}
