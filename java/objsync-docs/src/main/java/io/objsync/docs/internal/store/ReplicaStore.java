package io.objsync.docs.internal.store;

import io.objsync.docs.DocStoreException;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.internal.EntryCodec;
import io.objsync.docs.internal.tree.Node;
import io.objsync.docs.internal.tree.NodeCodec;
import io.objsync.docs.internal.tree.NodeSource;
import io.objsync.docs.internal.tree.TreeReader;
import io.objsync.docs.internal.tree.TreeWriter;
import io.objsync.docs.internal.tree.Xor256;
import io.objsync.internal.postcard.PostcardException;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica's data in a {@link StoreEnv}: a counted B+tree over the entries' keys ({@code author ‖ key}, the
 * record identifier without the shared namespace) with their fingerprints, and the entries themselves keyed by
 * a value reference: a number from an ever-growing counter, so new rows append to the entries table. Decoded
 * nodes are cached; the cache changes only after a commit succeeded.
 */
public final class ReplicaStore {
    private static final int CACHE_NODES = 4096;

    private final StoreEnv env;
    private final int number;
    private final byte[] namespace;
    private volatile byte[] secret;
    private long root;
    private long nextId;
    private final Map<Long, Node> cache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Node> eldest) {
            return size() > CACHE_NODES;
        }
    };

    ReplicaStore(StoreEnv env, int number, byte[] namespace, byte[] secret, long root, long nextId) {
        this.env = env;
        this.number = number;
        this.namespace = namespace;
        this.secret = secret;
        this.root = root;
        this.nextId = nextId;
    }

    /** The 32-byte namespace id. */
    public byte[] namespace() {
        return namespace.clone();
    }

    /** The namespace secret kept with the replica, or null for a read-only replica. */
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    /** Keeps {@code seed} as this replica's namespace secret (a read-only replica becomes writable). */
    public void storeSecret(Txn<byte[]> txn, byte[] seed) {
        env.replicas.put(txn, namespace, record(number, seed, root, nextId));
        secret = seed.clone();
    }

    /** The environment. */
    public StoreEnv env() {
        return env;
    }

    static byte[] record(int number, byte[] secret, long root, long nextId) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 8 + 1 + (secret == null ? 0 : 32));
        b.putInt(number).putLong(root).putLong(nextId).put((byte) (secret == null ? 0 : 1));
        if (secret != null) {
            b.put(secret);
        }
        return b.array();
    }

    static ReplicaStore fromRecord(StoreEnv env, byte[] namespace, byte[] rec) {
        ByteBuffer b = ByteBuffer.wrap(rec);
        int number = b.getInt();
        long root = b.getLong();
        long nextId = b.getLong();
        byte[] secret = null;
        if (b.get() == 1) {
            secret = new byte[32];
            b.get(secret);
        }
        return new ReplicaStore(env, number, namespace, secret, root, nextId);
    }

    private byte[] nodeKey(long id) {
        return ByteBuffer.allocate(12).putInt(number).putLong(id).array();
    }

    byte[] entryKey(long ref) {
        return ByteBuffer.allocate(12).putInt(number).putLong(ref).array();
    }

    byte[] authorKey(byte[] ik) {
        byte[] k = new byte[36];
        ByteBuffer.wrap(k).putInt(number);
        System.arraycopy(ik, 0, k, 4, 32);
        return k;
    }

    NodeSource nodes(Txn<byte[]> txn) {
        return id -> {
            Node n = cache.get(id);
            if (n == null) {
                byte[] raw = env.nodes.get(txn, nodeKey(id));
                if (raw == null) {
                    throw new DocStoreException("corrupt store: tree node " + id + " of replica " + number
                            + " is missing");
                }
                try {
                    n = NodeCodec.decode(raw);
                } catch (PostcardException e) {
                    throw new DocStoreException("corrupt store: tree node " + id + ": " + e.getMessage(), e);
                }
                cache.put(id, n);
            }
            return n;
        };
    }

    /** A read view; use inside {@link StoreEnv#read}. */
    public View view(Txn<byte[]> txn) {
        if (root == 0) {
            return new View(txn, null);
        }
        return new View(txn, new TreeReader(nodes(txn), root));
    }

    /** Starts changes; use inside {@link StoreEnv#write} and call {@link Batch#flush()} before returning. */
    public Batch batch(Txn<byte[]> txn) {
        return new Batch(txn, new TreeWriter(nodes(txn), root, nextId));
    }

    /** Queries over one transaction's snapshot. */
    public class View {
        final Txn<byte[]> txn;
        final TreeReader tree;

        View(Txn<byte[]> txn, TreeReader tree) {
            this.txn = txn;
            this.tree = tree;
        }

        /** Number of entries. */
        public long size() {
            return tree == null ? 0 : tree.size();
        }

        /** Entries whose internal key is below {@code ik}; XORs their fingerprints into {@code acc}. */
        public long rank(byte[] ik, long[] acc) {
            return tree == null ? 0 : tree.rank(ik, acc);
        }

        /** XORs the fingerprints of the first {@code count} entries into {@code acc}. */
        public void xorOfFirst(long count, long[] acc) {
            if (tree != null) {
                tree.xorOfFirst(count, acc);
            }
        }

        /** XOR of all fingerprints into {@code acc}. */
        public void totalXor(long[] acc) {
            if (tree != null) {
                tree.totalXor(acc);
            }
        }

        /** The internal key ({@code author ‖ key}) at {@code index}. */
        public byte[] keyAt(long index) {
            return tree.keyAt(index);
        }

        /** The entry stored under internal key {@code ik}, or null. */
        public SignedEntry get(byte[] ik) {
            TreeReader.Slot s = tree == null ? null : tree.find(ik);
            return s == null ? null : load(s.ref());
        }

        SignedEntry load(long ref) {
            byte[] raw = env.entries.get(txn, entryKey(ref));
            if (raw == null) {
                throw new DocStoreException("corrupt store: an indexed entry of replica " + number + " is missing");
            }
            try {
                return EntryCodec.decode(raw);
            } catch (PostcardException e) {
                throw new DocStoreException("corrupt store: entry bytes: " + e.getMessage(), e);
            }
        }

        /**
         * Visits up to {@code limit} entries in key order from {@code index}, stopping early when the visitor
         * returns false.
         */
        public void scan(long index, long limit, EntryVisitor visitor) {
            if (tree == null) {
                return;
            }
            TreeReader.Cursor c = tree.cursor(index);
            for (long i = 0; i < limit && c.hasNext(); i++) {
                byte[] key = c.key();
                if (!visitor.visit(key, load(c.ref()))) {
                    return;
                }
                c.advance();
            }
        }

        /** Visits up to {@code limit} internal keys in order from {@code index}; stops when the visitor says so. */
        public void scanKeys(long index, long limit, java.util.function.Predicate<byte[]> visitor) {
            if (tree == null) {
                return;
            }
            TreeReader.Cursor c = tree.cursor(index);
            for (long i = 0; i < limit && c.hasNext(); i++) {
                if (!visitor.test(c.key())) {
                    return;
                }
                c.advance();
            }
        }

        /**
         * The first position in {@code [index, index+limit)} whose fingerprint is {@code fingerprint}, or -1;
         * reads tree leaves only, never entries.
         */
        public long find(long[] fingerprint, long index, long limit) {
            if (tree == null) {
                return -1;
            }
            TreeReader.Cursor c = tree.cursor(index);
            long[] fp = new long[4];
            for (long i = 0; i < limit && c.hasNext(); i++) {
                c.fingerprint(fp);
                if (Arrays.equals(fp, fingerprint)) {
                    return index + i;
                }
                c.advance();
            }
            return -1;
        }

        /** Visits the entries whose internal key starts with {@code prefix}, in order. */
        public void scanPrefix(byte[] prefix, EntryVisitor visitor) {
            if (tree == null) {
                return;
            }
            TreeReader.Cursor c = tree.cursor(prefix);
            while (c.hasNext() && startsWith(c.key(), prefix)) {
                if (!visitor.visit(c.key(), load(c.ref()))) {
                    return;
                }
                c.advance();
            }
        }

        /**
         * True when {@code e} is newer by (timestamp, hash) than every entry of its author under its key or a
         * prefix of it: the first half of the insert rule, and all a peer's entry must pass before its
         * signatures are worth checking.
         */
        public boolean newerThanPrefixes(SignedEntry e) {
            if (tree == null) {
                return true;
            }
            byte[] ik = internalKey(e);
            byte[] candidate = ik;
            while (candidate.length >= 32) {
                byte[] q = tree.floor(candidate);
                if (q == null || q.length < 32 || !Arrays.equals(q, 0, 32, ik, 0, 32)) {
                    return true;
                }
                if (startsWith(candidate, q)) {
                    if (e.record().compareTo(get(q).record()) <= 0) {
                        return false;
                    }
                    candidate = Arrays.copyOf(q, q.length - 1);
                } else {
                    candidate = Arrays.copyOf(candidate, Arrays.mismatch(q, candidate));
                }
            }
            return true;
        }

        /** Authors with at least one entry, as 32-byte ids, in order. */
        public List<byte[]> authors() {
            List<byte[]> out = new ArrayList<>();
            byte[] from = authorKey(new byte[32]);
            try (CursorIterable<byte[]> it = env.authors.iterate(txn, KeyRange.atLeast(from))) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    byte[] k = kv.key();
                    if (ByteBuffer.wrap(k).getInt() != number) {
                        break;
                    }
                    out.add(Arrays.copyOfRange(k, 4, 36));
                }
            }
            return out;
        }
    }

    /** Receives entries of a scan with their internal keys. */
    @FunctionalInterface
    public interface EntryVisitor {
        /** Returns false to stop. */
        boolean visit(byte[] internalKey, SignedEntry entry);
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The outcome of one insert under the reference rule. */
    public record Outcome(boolean inserted, int removed) {
        static final Outcome NOT_INSERTED = new Outcome(false, 0);
    }

    /** Changes in one write transaction. */
    public final class Batch extends View {
        private final TreeWriter writer;
        private final Map<ByteBuffer, Long> authorDelta = new LinkedHashMap<>();

        Batch(Txn<byte[]> txn, TreeWriter writer) {
            super(txn, writer);
            this.writer = writer;
        }

        /**
         * Inserts {@code e} (already validated) by the reference rule: only when newer by (timestamp, hash) than
         * every entry of its author whose key is a prefix of its key; then drops that author's entries under its
         * key that are not newer than it.
         */
        public Outcome insert(SignedEntry e) {
            byte[] ik = internalKey(e);
            if (!newerThanPrefixes(e)) {
                return Outcome.NOT_INSERTED;
            }
            List<byte[]> doomed = new ArrayList<>();
            scanPrefix(ik, (k, old) -> {
                if (e.record().compareTo(old.record()) >= 0) {
                    doomed.add(k);
                }
                return true;
            });
            for (byte[] k : doomed) {
                remove(k);
            }
            long ref = writer.allocateRef();
            writer.put(ik, Xor256.of(e.entry().fingerprint()), ref);
            env.entries.put(txn, entryKey(ref), EntryCodec.encode(e));
            authorDelta.merge(ByteBuffer.wrap(ik, 0, 32), 1L, Long::sum);
            return new Outcome(true, doomed.size());
        }

        private void remove(byte[] ik) {
            TreeReader.Slot s = writer.remove(ik);
            env.entries.delete(txn, entryKey(s.ref()));
            authorDelta.merge(ByteBuffer.wrap(ik, 0, 32), -1L, Long::sum);
        }

        /** Writes the changed nodes, counts and the replica record; the transaction commits after this. */
        public void flush() {
            for (Map.Entry<Long, byte[]> n : writer.dirtyEncoded().entrySet()) {
                env.nodes.put(txn, nodeKey(n.getKey()), n.getValue());
            }
            for (long id : writer.freed()) {
                env.nodes.delete(txn, nodeKey(id));
            }
            for (Map.Entry<ByteBuffer, Long> d : authorDelta.entrySet()) {
                if (d.getValue() == 0) {
                    continue;
                }
                byte[] ak = authorKey(Arrays.copyOfRange(d.getKey().array(), d.getKey().position(),
                        d.getKey().position() + 32));
                byte[] old = env.authors.get(txn, ak);
                long n = (old == null ? 0 : ByteBuffer.wrap(old).getLong()) + d.getValue();
                if (n <= 0) {
                    env.authors.delete(txn, ak);
                } else {
                    env.authors.put(txn, ak, ByteBuffer.allocate(8).putLong(n).array());
                }
            }
            env.replicas.put(txn, namespace, record(number, secret, writer.root(), writer.nextId()));
        }

        /** After the commit succeeded: the replica moves to the new tree and the cache learns its nodes. */
        public void published() {
            for (long id : writer.freed()) {
                cache.remove(id);
            }
            cache.putAll(writer.dirty());
            root = writer.root();
            nextId = writer.nextId();
        }
    }

    /** {@code author ‖ key}: the tree key of an entry. */
    public static byte[] internalKey(SignedEntry e) {
        return e.entry().authorAndKey();
    }
}
