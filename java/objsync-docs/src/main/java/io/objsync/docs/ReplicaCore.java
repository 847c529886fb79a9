package io.objsync.docs;

import io.objsync.docs.internal.SignatureBatch;
import io.objsync.docs.internal.store.ReplicaStore;
import io.objsync.docs.sync.ContentStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The state one replica's handles share: its store, its subscribers and its counters. */
final class ReplicaCore {
    /** Entries may be dated at most this far (10 minutes, in microseconds) ahead of the local clock. */
    static final long MAX_FUTURE_MICROS = 10L * 60 * 1_000_000;

    private final DocStore docs;
    private final ReplicaStore store;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong rejected = new AtomicLong();
    private long lastLocalTimestamp;

    ReplicaCore(DocStore docs, ReplicaStore store) {
        this.docs = docs;
        this.store = store;
    }

    ReplicaStore store() {
        return store;
    }

    DocStore docs() {
        return docs;
    }

    long rejected() {
        return rejected.get();
    }

    /** A timestamp for a local write: the clock, but always after the previous local write. */
    synchronized long nextLocalTimestamp() {
        long now = docs.nowMicros();
        lastLocalTimestamp = Long.compareUnsigned(now, lastLocalTimestamp) > 0 ? now : lastLocalTimestamp + 1;
        return lastLocalTimestamp;
    }

    Subscription subscribe(int capacity) {
        Subscription[] self = new Subscription[1];
        self[0] = new Subscription(capacity, () -> subscribers.remove(self[0]));
        subscribers.add(self[0]);
        return self[0];
    }

    /**
     * Stores {@code entries} (already validated) in one transaction; returns how each fared, with null for those
     * the insert rule refused.
     */
    List<ReplicaStore.Outcome> commit(List<SignedEntry> entries, boolean remote, List<ContentStatus> statuses) {
        ReplicaStore.Batch[] batch = new ReplicaStore.Batch[1];
        return store.env().write(txn -> {
            batch[0] = store.batch(txn);
            List<ReplicaStore.Outcome> out = new ArrayList<>(entries.size());
            for (SignedEntry e : entries) {
                out.add(batch[0].insert(e));
            }
            batch[0].flush();
            return out;
        }, out -> {
            batch[0].published();
            if (subscribers.isEmpty()) {
                return;
            }
            for (int i = 0; i < entries.size(); i++) {
                if (out.get(i).inserted()) {
                    for (Subscription s : subscribers) {
                        s.publish(entries.get(i), remote, statuses == null ? null : statuses.get(i));
                    }
                }
            }
        });
    }

    /** Validates entries from a peer (signatures checked in parallel batches), stores the valid ones. */
    IngestResult ingest(List<SignedEntry> entries, List<ContentStatus> statuses) {
        Map<InvalidEntryException.Reason, Integer> rejections = new EnumMap<>(InvalidEntryException.Reason.class);
        InvalidEntryException.Reason[] verdict = new InvalidEntryException.Reason[entries.size()];
        long limit = docs.nowMicros() + MAX_FUTURE_MICROS;
        NamespaceId ns = NamespaceId.of(store.namespace());
        for (int i = 0; i < entries.size(); i++) {
            verdict[i] = screen(entries.get(i), ns, limit);
        }
        // Entries the insert rule would refuse anyway (e.g. the ones we already hold) are not worth verifying.
        boolean[] stale = store.env().read(txn -> {
            ReplicaStore.View v = store.view(txn);
            boolean[] out = new boolean[entries.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = verdict[i] == null && !v.newerThanPrefixes(entries.get(i));
            }
            return out;
        });
        boolean[] check = new boolean[entries.size()];
        for (int i = 0; i < check.length; i++) {
            check[i] = verdict[i] == null && !stale[i];
        }
        boolean[] sigOk = verifySignatures(entries, check);
        int ignored = 0;
        List<SignedEntry> valid = new ArrayList<>(entries.size());
        List<ContentStatus> validStatus = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (stale[i]) {
                ignored++;
                continue;
            }
            if (verdict[i] == null && !sigOk[i]) {
                verdict[i] = InvalidEntryException.Reason.BAD_SIGNATURE;
            }
            if (verdict[i] != null) {
                rejections.merge(verdict[i], 1, Integer::sum);
            } else {
                valid.add(entries.get(i));
                validStatus.add(statuses == null ? ContentStatus.MISSING : statuses.get(i));
            }
        }
        int total = entries.size() - valid.size() - ignored;
        rejected.addAndGet(total);
        int inserted = 0;
        if (!valid.isEmpty()) {
            for (ReplicaStore.Outcome o : commit(valid, true, validStatus)) {
                inserted += o.inserted() ? 1 : 0;
            }
        }
        return new IngestResult(inserted, valid.size() - inserted + ignored, rejections);
    }

    /** The first rule (other than the signatures) {@code e} breaks, or null. */
    static InvalidEntryException.Reason screen(SignedEntry e, NamespaceId ns, long futureLimit) {
        if (!e.entry().namespace().equals(ns)) {
            return InvalidEntryException.Reason.NAMESPACE_MISMATCH;
        }
        if (!e.record().isWellFormed()) {
            return InvalidEntryException.Reason.INVALID_EMPTY_ENTRY;
        }
        if (Long.compareUnsigned(e.record().timestamp(), futureLimit) > 0) {
            return InvalidEntryException.Reason.TOO_FAR_IN_FUTURE;
        }
        return null;
    }

    /** Both signatures of the entries marked in {@code check}, as one batch of 2n verifications over the cores. */
    static boolean[] verifySignatures(List<SignedEntry> entries, boolean[] check) {
        int n = entries.size();
        boolean[] ok = new boolean[n];
        int[] which = new int[n];
        SignatureBatch batch = new SignatureBatch();
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!check[i]) {
                continue;
            }
            SignedEntry e = entries.get(i);
            byte[] msg = e.entry().signedBytes();
            batch.add(e.entry().namespace().raw(), msg, e.rawNamespaceSignature());
            batch.add(e.entry().author().raw(), msg, e.rawAuthorSignature());
            which[m++] = i;
        }
        boolean[] r = batch.verify();
        for (int j = 0; j < m; j++) {
            ok[which[j]] = r[2 * j] && r[2 * j + 1];
        }
        return ok;
    }
}
