package io.objsync.docs;

import io.objsync.hash.Blake3;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An unsigned entry: the record an author wrote under a key of a namespace. Its record identifier is
 * {@code namespace(32) ‖ author(32) ‖ key}; entries order by that identifier's bytes.
 */
public final class Entry {
    /** Bytes of namespace plus author at the start of a record identifier. */
    public static final int ID_PREFIX_BYTES = 64;

    private final NamespaceId namespace;
    private final AuthorId author;
    private final byte[] key;
    private final Record record;
    private final byte[] id;

    private Entry(NamespaceId namespace, AuthorId author, byte[] key, Record record) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.author = Objects.requireNonNull(author, "author");
        this.key = Objects.requireNonNull(key, "key").clone();
        this.record = Objects.requireNonNull(record, "record");
        this.id = new byte[ID_PREFIX_BYTES + key.length];
        System.arraycopy(namespace.raw(), 0, id, 0, 32);
        System.arraycopy(author.raw(), 0, id, 32, 32);
        System.arraycopy(key, 0, id, ID_PREFIX_BYTES, key.length);
    }

    /** The entry of {@code record} under {@code key} (copied) by {@code author} in {@code namespace}. */
    public static Entry of(NamespaceId namespace, AuthorId author, byte[] key, Record record) {
        return new Entry(namespace, author, key, record);
    }

    /** Splits a record identifier of at least 64 bytes into an entry with {@code record}. */
    public static Entry fromId(byte[] id, Record record) {
        if (id.length < ID_PREFIX_BYTES) {
            throw new IllegalArgumentException("a record identifier has at least 64 bytes, got " + id.length);
        }
        return new Entry(NamespaceId.of(Arrays.copyOfRange(id, 0, 32)), AuthorId.of(Arrays.copyOfRange(id, 32, 64)),
                Arrays.copyOfRange(id, 64, id.length), record);
    }

    /** The namespace. */
    public NamespaceId namespace() {
        return namespace;
    }

    /** The author. */
    public AuthorId author() {
        return author;
    }

    /** A copy of the key. */
    public byte[] key() {
        return key.clone();
    }

    /** Length of the key in bytes. */
    public int keyLength() {
        return key.length;
    }

    byte[] rawKey() {
        return key;
    }

    /** The record. */
    public Record record() {
        return record;
    }

    /** {@code namespace ‖ author ‖ key}: the identifier ranges order entries by. */
    public byte[] recordId() {
        return id.clone();
    }

    /** {@code author ‖ key} (the record identifier without the namespace), a fresh array. */
    public byte[] authorAndKey() {
        return Arrays.copyOfRange(id, 32, id.length);
    }

    /**
     * The bytes both signatures cover, with no domain prefix (the reference layout):
     * {@code namespace ‖ author ‖ key ‖ len (u64 BE) ‖ hash ‖ timestamp (u64 BE)}.
     */
    public byte[] signedBytes() {
        ByteBuffer b = ByteBuffer.allocate(ID_PREFIX_BYTES + key.length + 8 + 32 + 8);
        b.put(namespace.raw()).put(author.raw()).put(key).putLong(record.length())
                .put(record.hash().toBytes()).putLong(record.timestamp());
        return b.array();
    }

    /** The reference fingerprint: {@code BLAKE3(namespace ‖ author ‖ key ‖ timestamp (u64 BE) ‖ hash)}. */
    public byte[] fingerprint() {
        ByteBuffer b = ByteBuffer.allocate(ID_PREFIX_BYTES + key.length + 8 + 32);
        b.put(namespace.raw()).put(author.raw()).put(key).putLong(record.timestamp()).put(record.hash().toBytes());
        return Blake3.hash(b.array()).toBytes();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && e.namespace.equals(namespace) && e.author.equals(author)
                && Arrays.equals(e.key, key) && e.record.equals(record);
    }

    @Override
    public int hashCode() {
        return (author.hashCode() * 31 + Arrays.hashCode(key)) * 31 + record.hashCode();
    }

    @Override
    public String toString() {
        return "Entry{author=" + author.toHex().substring(0, 10) + ", key=" + HexFormat.of().formatHex(key) + ", "
                + record + "}";
    }
}
