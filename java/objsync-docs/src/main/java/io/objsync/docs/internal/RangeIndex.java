package io.objsync.docs.internal;

import io.objsync.docs.SignedEntry;

import java.util.function.Predicate;

/**
 * A snapshot of a replica's entries as reconciliation sees them: positions in record-identifier order, the number
 * and XOR of the fingerprints below any identifier, the identifier at any position, and ordered scans.
 */
public interface RangeIndex {
    /** The 32-byte namespace every entry carries. */
    byte[] namespace();

    /** Number of entries. */
    long size();

    /** Entries whose record identifier is below {@code recordId}; XORs their fingerprints into {@code acc}. */
    long rank(byte[] recordId, long[] acc);

    /** The record identifier at {@code index}. */
    byte[] idAt(long index);

    /** XORs the fingerprints of the first {@code count} entries into {@code acc}. */
    void xorOfFirst(long count, long[] acc);

    /** XOR of every fingerprint into {@code acc}. */
    void totalXor(long[] acc);

    /** Visits up to {@code limit} record identifiers in order from {@code index}, without reading the entries. */
    void ids(long index, long limit, Predicate<byte[]> visitor);

    /**
     * The first position in {@code [index, index+limit)} (no wrap-around) whose entry's fingerprint is
     * {@code fingerprint} (as {@code Xor256} words), or -1; reads the index only, not the entries.
     */
    long find(long[] fingerprint, long index, long limit);

    /** Visits up to {@code limit} entries in order from {@code index}; stops when {@code visitor} returns false. */
    void scan(long index, long limit, Predicate<SignedEntry> visitor);
}
