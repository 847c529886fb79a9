package io.objsync.docs;

import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;

import java.util.Objects;

/**
 * What an entry points at: the BLAKE3 hash and length of the content, and the time of writing in microseconds
 * since the Unix epoch. Records order by (timestamp, hash), unsigned: the newer record wins. A record of length 0
 * with the hash of no bytes is empty: a deletion marker.
 */
public final class Record implements Comparable<Record> {
    /** BLAKE3 of the empty input: the hash of every empty record. */
    public static final Hash EMPTY_HASH = Blake3.hash(new byte[0]);

    private final long length;
    private final Hash hash;
    private final long timestamp;

    private Record(long length, Hash hash, long timestamp) {
        this.length = length;
        this.hash = Objects.requireNonNull(hash, "hash");
        this.timestamp = timestamp;
    }

    /**
     * A record of {@code length} bytes hashing to {@code hash}, written at {@code timestampMicros}. Lengths and
     * timestamps are unsigned 64-bit values; whether the record is well formed (the empty-entry rule) is checked
     * when an entry is inserted.
     */
    public static Record of(Hash hash, long length, long timestampMicros) {
        return new Record(length, hash, timestampMicros);
    }

    /** A deletion marker written at {@code timestampMicros}. */
    public static Record empty(long timestampMicros) {
        return new Record(0, EMPTY_HASH, timestampMicros);
    }

    /** The current time in microseconds since the Unix epoch. */
    public static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Content length in bytes (unsigned). */
    public long length() {
        return length;
    }

    /** Content hash. */
    public Hash hash() {
        return hash;
    }

    /** Microseconds since the Unix epoch (unsigned). */
    public long timestamp() {
        return timestamp;
    }

    /** True for a deletion marker (the empty hash). */
    public boolean isEmpty() {
        return hash.equals(EMPTY_HASH);
    }

    /** True when the empty-hash and zero-length rules agree: both hold or neither does. */
    public boolean isWellFormed() {
        return isEmpty() == (length == 0);
    }

    @Override
    public int compareTo(Record o) {
        int c = Long.compareUnsigned(timestamp, o.timestamp);
        return c != 0 ? c : hash.compareTo(o.hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && r.length == length && r.timestamp == timestamp && r.hash.equals(hash);
    }

    @Override
    public int hashCode() {
        return hash.hashCode() * 31 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "Record{len=" + Long.toUnsignedString(length) + ", hash=" + hash.toHex() + ", ts="
                + Long.toUnsignedString(timestamp) + "}";
    }
}
