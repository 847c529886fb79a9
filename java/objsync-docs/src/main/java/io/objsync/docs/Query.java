package io.objsync.docs;

import java.util.Objects;

/**
 * Which entries {@link Replica#query} returns: filtered by author and by key (exact or prefix), either every
 * author's entry (all versions) or only the newest entry per key, deletion markers left out unless asked for.
 * Results come sorted by key, then author. Immutable; every method returns a new query.
 */
public final class Query {
    private final AuthorId author;
    private final byte[] key;
    private final boolean prefix;
    private final boolean latestPerKey;
    private final boolean includeEmpty;
    private final long limit;

    private Query(AuthorId author, byte[] key, boolean prefix, boolean latestPerKey, boolean includeEmpty,
                  long limit) {
        this.author = author;
        this.key = key;
        this.prefix = prefix;
        this.latestPerKey = latestPerKey;
        this.includeEmpty = includeEmpty;
        this.limit = limit;
    }

    /** Every entry. */
    public static Query all() {
        return new Query(null, new byte[0], true, false, false, Long.MAX_VALUE);
    }

    /** Only entries by {@code author}. */
    public Query author(AuthorId a) {
        return new Query(Objects.requireNonNull(a, "author"), key, prefix, latestPerKey, includeEmpty, limit);
    }

    /** Only entries whose key is exactly {@code k}. */
    public Query key(byte[] k) {
        return new Query(author, k.clone(), false, latestPerKey, includeEmpty, limit);
    }

    /** Only entries whose key starts with {@code p}. */
    public Query keyPrefix(byte[] p) {
        return new Query(author, p.clone(), true, latestPerKey, includeEmpty, limit);
    }

    /** Of the entries of every author under one key, only the newest by (timestamp, hash). */
    public Query latestPerKey() {
        return new Query(author, key, prefix, true, includeEmpty, limit);
    }

    /** Include deletion markers (empty entries). */
    public Query includeEmpty() {
        return new Query(author, key, prefix, latestPerKey, true, limit);
    }

    /** At most {@code n} results. */
    public Query limit(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit " + n);
        }
        return new Query(author, key, prefix, latestPerKey, includeEmpty, n);
    }

    AuthorId author() {
        return author;
    }

    byte[] keyBytes() {
        return key;
    }

    boolean isPrefix() {
        return prefix;
    }

    boolean isLatestPerKey() {
        return latestPerKey;
    }

    boolean isIncludeEmpty() {
        return includeEmpty;
    }

    long maxResults() {
        return limit;
    }
}
