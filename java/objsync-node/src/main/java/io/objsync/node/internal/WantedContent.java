package io.objsync.node.internal;

import io.objsync.docs.NamespaceId;
import io.objsync.hash.Hash;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Content a document's entries point at that no sync could fetch yet, per document, so later syncs of that
 * document ask again: a peer that lacked a blob may hold it by the next sync, and reconciliation alone would
 * never bring that entry up again. Kept in memory (it is a hint: losing it only loses the retry) and bounded
 * per document; the oldest are retried first.
 */
public final class WantedContent {

    /** Hashes remembered per document; beyond it new ones are not remembered. */
    public static final int MAX_PER_DOCUMENT = 64 * 1024;

    private final Map<NamespaceId, Set<Hash>> wanted = new ConcurrentHashMap<>();

    /** Remembers {@code missing} for {@code doc}. */
    public void add(NamespaceId doc, Collection<Hash> missing) {
        if (missing.isEmpty()) {
            return;
        }
        Set<Hash> set = wanted.computeIfAbsent(doc, d -> new LinkedHashSet<>());
        synchronized (set) {
            for (Hash h : missing) {
                if (set.size() >= MAX_PER_DOCUMENT) {
                    break;
                }
                set.add(h);
            }
        }
    }

    /** Up to {@code max} of {@code doc}'s wanted hashes, oldest first (they stay wanted until {@link #remove}). */
    public List<Hash> oldest(NamespaceId doc, int max) {
        Set<Hash> set = wanted.get(doc);
        if (set == null) {
            return List.of();
        }
        synchronized (set) {
            List<Hash> out = new ArrayList<>(Math.min(max, set.size()));
            for (Hash h : set) {
                if (out.size() == max) {
                    break;
                }
                out.add(h);
            }
            return out;
        }
    }

    /** Forgets {@code arrived} for {@code doc}. */
    public void remove(NamespaceId doc, Collection<Hash> arrived) {
        Set<Hash> set = wanted.get(doc);
        if (set != null) {
            synchronized (set) {
                set.removeAll(arrived);
            }
        }
    }

    /** Whether anything of {@code doc} is wanted. */
    public boolean any(NamespaceId doc) {
        Set<Hash> set = wanted.get(doc);
        if (set == null) {
            return false;
        }
        synchronized (set) {
            return !set.isEmpty();
        }
    }
}
