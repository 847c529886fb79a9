package io.objsync.docs;

import io.objsync.docs.internal.RangeIndex;
import io.objsync.docs.internal.ReplicaAccess;
import io.objsync.docs.internal.store.ReplicaStore;
import io.objsync.docs.internal.tree.Xor256;
import io.objsync.docs.sync.ContentStatus;
import io.objsync.hash.Hash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A handle on one document: the entries of a namespace, stored in a {@link DocStore}. A handle made with the
 * namespace secret writes; one opened by id alone is read-only (it still syncs and answers queries). Thread-safe.
 *
 * <p>Every author keeps at most one entry per key; a newer write by (timestamp, hash) replaces the older one and
 * removes that author's older entries under keys it prefixes, and an empty entry is a deletion marker. Entries of
 * different authors never replace each other.
 */
public final class Replica {
    static {
        ReplicaAccess.register(new ReplicaAccess.Bridge() {
            @Override
            public <T> T read(Replica replica, Function<RangeIndex, T> body) {
                return replica.readIndex(body);
            }
        });
    }

    private static final Comparator<SignedEntry> BY_KEY_THEN_AUTHOR = (a, b) -> {
        int c = Arrays.compareUnsigned(a.entry().rawKey(), b.entry().rawKey());
        return c != 0 ? c : a.author().compareTo(b.author());
    };

    private final ReplicaCore core;
    private final NamespaceSecret secret;
    private final NamespaceId id;

    Replica(ReplicaCore core, NamespaceSecret secret) {
        this.core = core;
        this.secret = secret;
        this.id = NamespaceId.of(core.store().namespace());
    }

    /** The document's id. */
    public NamespaceId id() {
        return id;
    }

    /** True when this handle may write (it holds the namespace secret). */
    public boolean isWritable() {
        return secret != null;
    }

    /**
     * Writes {@code key → (hash, length)} by {@code author}, dated now.
     *
     * @throws ReadOnlyReplicaException   on a read-only handle
     * @throws InvalidEntryException      with {@code EMPTY_CONTENT} for length 0 or the empty hash
     * @throws NewerEntryExistsException  when the author has a newer entry under this key or a prefix of it
     */
    public SignedEntry insert(AuthorSecret author, byte[] key, Hash hash, long length) {
        if (length == 0 || hash.equals(Record.EMPTY_HASH)) {
            throw new InvalidEntryException(InvalidEntryException.Reason.EMPTY_CONTENT,
                    "a write needs content; delete with deletePrefix");
        }
        return write(author, key, Record.of(hash, length, core.nextLocalTimestamp())).entry;
    }

    /**
     * Writes an entry with an explicit record (its timestamp included), e.g. to import history.
     *
     * @throws InvalidEntryException with {@code INVALID_EMPTY_ENTRY} when the record breaks the empty-entry rule
     */
    public SignedEntry insert(AuthorSecret author, byte[] key, Record record) {
        if (!record.isWellFormed()) {
            throw new InvalidEntryException(InvalidEntryException.Reason.INVALID_EMPTY_ENTRY, record.toString());
        }
        return write(author, key, record).entry;
    }

    /**
     * Deletes {@code author}'s entries whose key starts with {@code prefix} by writing a deletion marker under
     * {@code prefix}; returns how many entries it removed.
     */
    public int deletePrefix(AuthorSecret author, byte[] prefix) {
        return write(author, prefix, Record.empty(core.nextLocalTimestamp())).removed;
    }

    private record Written(SignedEntry entry, int removed) {
    }

    private Written write(AuthorSecret author, byte[] key, Record record) {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(key, "key");
        if (secret == null) {
            throw new ReadOnlyReplicaException(id);
        }
        SignedEntry e = SignedEntry.sign(Entry.of(id, author.id(), key, record), secret, author);
        ReplicaStore.Outcome o = core.commit(List.of(e), false, null).get(0);
        if (!o.inserted()) {
            throw new NewerEntryExistsException("author " + author.id().toHex().substring(0, 10)
                    + " has an entry at least as new under this key or a prefix of it");
        }
        return new Written(e, o.removed());
    }

    /**
     * Stores entries received from a peer: each must belong to this namespace, obey the empty-entry rule, be dated
     * at most 10 minutes ahead, and carry two valid signatures (verified in parallel batches); the valid ones are
     * inserted under the insert rule in one transaction. Refused entries are counted ({@link #rejectedCount()}).
     * Read-only replicas accept these too.
     */
    public IngestResult ingest(List<SignedEntry> entries) {
        return core.ingest(entries, null);
    }

    /** Like {@link #ingest(List)}, with what the peer said about each entry's content (for insert events). */
    public IngestResult ingest(List<SignedEntry> entries, List<ContentStatus> remoteStatus) {
        if (remoteStatus.size() != entries.size()) {
            throw new IllegalArgumentException("one status per entry");
        }
        return core.ingest(entries, remoteStatus);
    }

    /**
     * Stores entries whose signatures were already verified (e.g. a bulk import from a trusted copy), in one
     * transaction under the insert rule, without checking them again; returns how many were inserted.
     */
    public int insertVerified(List<SignedEntry> entries) {
        NamespaceId ns = id;
        for (SignedEntry e : entries) {
            if (!e.entry().namespace().equals(ns) || !e.record().isWellFormed()) {
                throw new InvalidEntryException(!e.entry().namespace().equals(ns)
                        ? InvalidEntryException.Reason.NAMESPACE_MISMATCH
                        : InvalidEntryException.Reason.INVALID_EMPTY_ENTRY, e.toString());
            }
        }
        int n = 0;
        for (ReplicaStore.Outcome o : core.commit(entries, true, null)) {
            n += o.inserted() ? 1 : 0;
        }
        return n;
    }

    /** The entry of {@code author} under exactly {@code key}, deletion markers included. */
    public Optional<SignedEntry> get(AuthorId author, byte[] key) {
        byte[] ik = internalKey(author, key);
        return Optional.ofNullable(core.store().env().read(txn -> core.store().view(txn).get(ik)));
    }

    /** The entries {@code q} selects, sorted by key then author. */
    public List<SignedEntry> query(Query q) {
        List<SignedEntry> out = core.store().env().read(txn -> {
            ReplicaStore.View v = core.store().view(txn);
            List<byte[]> authors = q.author() != null ? List.of(q.author().raw()) : v.authors();
            List<SignedEntry> found = new ArrayList<>();
            Predicate<SignedEntry> keep = e -> q.isIncludeEmpty() || !e.record().isEmpty();
            for (byte[] a : authors) {
                byte[] ik = internalKey(AuthorId.of(a), q.keyBytes());
                if (q.isPrefix()) {
                    v.scanPrefix(ik, (k, e) -> {
                        if (keep.test(e)) {
                            found.add(e);
                        }
                        return true;
                    });
                } else {
                    SignedEntry e = v.get(ik);
                    if (e != null && keep.test(e)) {
                        found.add(e);
                    }
                }
            }
            return found;
        });
        out.sort(BY_KEY_THEN_AUTHOR);
        if (q.isLatestPerKey()) {
            List<SignedEntry> latest = new ArrayList<>();
            for (SignedEntry e : out) {
                SignedEntry last = latest.isEmpty() ? null : latest.get(latest.size() - 1);
                if (last != null && Arrays.equals(last.entry().rawKey(), e.entry().rawKey())) {
                    if (e.record().compareTo(last.record()) > 0) {
                        latest.set(latest.size() - 1, e);
                    }
                } else {
                    latest.add(e);
                }
            }
            out = latest;
        }
        return out.size() > q.maxResults() ? new ArrayList<>(out.subList(0, (int) q.maxResults())) : out;
    }

    /** Number of entries stored, deletion markers included. */
    public long size() {
        return core.store().env().read(txn -> core.store().view(txn).size());
    }

    /**
     * The reference fingerprint of the whole set: BLAKE3 of no bytes XOR every entry's fingerprint. Equal sets
     * have equal fingerprints.
     */
    public byte[] fingerprint() {
        long[] acc = Xor256.of(Record.EMPTY_HASH.toBytes());
        core.store().env().read(txn -> {
            core.store().view(txn).totalXor(acc);
            return null;
        });
        return Xor256.toBytes(acc, 0);
    }

    /** Subscribes to this replica's inserts (local and remote) with room for 4096 pending events. */
    public Subscription subscribe() {
        return subscribe(4096);
    }

    /** Subscribes with room for {@code capacity} pending events. */
    public Subscription subscribe(int capacity) {
        return core.subscribe(capacity);
    }

    /** Entries from peers refused since the store was opened (bad signatures and other broken rules). */
    public long rejectedCount() {
        return core.rejected();
    }

    private static byte[] internalKey(AuthorId author, byte[] key) {
        byte[] ik = new byte[32 + key.length];
        System.arraycopy(author.raw(), 0, ik, 0, 32);
        System.arraycopy(key, 0, ik, 32, key.length);
        return ik;
    }

    private <T> T readIndex(Function<RangeIndex, T> body) {
        ReplicaStore rs = core.store();
        byte[] ns = rs.namespace();
        return rs.env().read(txn -> {
            ReplicaStore.View v = rs.view(txn);
            return body.apply(new RangeIndex() {
                @Override
                public byte[] namespace() {
                    return ns.clone();
                }

                @Override
                public long size() {
                    return v.size();
                }

                @Override
                public long rank(byte[] recordId, long[] acc) {
                    int c = Arrays.compareUnsigned(recordId, 0, Math.min(32, recordId.length), ns, 0, 32);
                    if (c < 0 || c == 0 && recordId.length < 32) {
                        return 0;
                    }
                    if (c > 0) {
                        if (acc != null) {
                            v.totalXor(acc);
                        }
                        return v.size();
                    }
                    return v.rank(Arrays.copyOfRange(recordId, 32, recordId.length), acc);
                }

                @Override
                public byte[] idAt(long index) {
                    return withNamespace(v.keyAt(index));
                }

                @Override
                public void ids(long index, long limit, Predicate<byte[]> visitor) {
                    v.scanKeys(index, limit, ik -> visitor.test(withNamespace(ik)));
                }

                private byte[] withNamespace(byte[] ik) {
                    byte[] id = new byte[32 + ik.length];
                    System.arraycopy(ns, 0, id, 0, 32);
                    System.arraycopy(ik, 0, id, 32, ik.length);
                    return id;
                }

                @Override
                public void xorOfFirst(long count, long[] acc) {
                    v.xorOfFirst(count, acc);
                }

                @Override
                public void totalXor(long[] acc) {
                    v.totalXor(acc);
                }

                @Override
                public long find(long[] fingerprint, long index, long limit) {
                    return v.find(fingerprint, index, limit);
                }

                @Override
                public void scan(long index, long limit, Predicate<SignedEntry> visitor) {
                    v.scan(index, limit, (k, e) -> visitor.test(e));
                }
            });
        });
    }
}
