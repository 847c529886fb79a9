package io.objsync.store;

import io.objsync.hash.Hash;
import io.objsync.internal.postcard.PostcardException;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named list of blobs in iroh-blobs' collection format: two blobs, a metadata blob (postcard of the 13 bytes
 * {@code "CollectionV0."} and the names as a {@code Vec<String>}) and a hash sequence
 * {@code [hash(metadata), child0, child1, ...]} whose hash names the collection. Immutable.
 */
public final class Collection {

    /** The metadata blob's fixed header. */
    static final byte[] HEADER = "CollectionV0.".getBytes(StandardCharsets.US_ASCII);

    /** One named blob of a collection. */
    public record Entry(String name, Hash hash) {
        /** Checks for nulls. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(hash, "hash");
        }
    }

    private final List<Entry> entries;

    private Collection(List<Entry> entries) {
        this.entries = entries;
    }

    /** A collection of {@code entries}, in this order. */
    public static Collection of(List<Entry> entries) {
        return new Collection(List.copyOf(entries));
    }

    /** The named blobs, in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The metadata blob's bytes. */
    public byte[] metadataBlob() {
        PostcardWriter w = new PostcardWriter().fixed(HEADER).varint(entries.size());
        for (Entry e : entries) {
            w.string(e.name());
        }
        return w.toByteArray();
    }

    /** The hash sequence's bytes, given the metadata blob's hash. */
    public byte[] hashSeq(Hash metadataHash) {
        byte[] out = new byte[(entries.size() + 1) * Hash.LENGTH];
        System.arraycopy(metadataHash.toBytes(), 0, out, 0, Hash.LENGTH);
        for (int i = 0; i < entries.size(); i++) {
            System.arraycopy(entries.get(i).hash().toBytes(), 0, out, (i + 1) * Hash.LENGTH, Hash.LENGTH);
        }
        return out;
    }

    /** The hashes in a hash sequence's bytes. */
    public static List<Hash> parseHashSeq(byte[] hashSeq) throws StoreException {
        if (hashSeq.length % Hash.LENGTH != 0) {
            throw new StoreException("a hash sequence of " + hashSeq.length + " bytes is not a multiple of 32");
        }
        List<Hash> out = new ArrayList<>(hashSeq.length / Hash.LENGTH);
        for (int at = 0; at < hashSeq.length; at += Hash.LENGTH) {
            out.add(Hash.of(hashSeq, at));
        }
        return out;
    }

    /**
     * Reads a collection from its hash sequence's and metadata blob's bytes.
     *
     * @throws StoreException when the two do not form a collection (bad header, names and hashes differ in
     *                        number, the first hash is not the metadata's)
     */
    public static Collection decode(byte[] hashSeq, byte[] metadata, Hash metadataHash) throws StoreException {
        List<Hash> hashes = parseHashSeq(hashSeq);
        if (hashes.isEmpty() || !hashes.get(0).equals(metadataHash)) {
            throw new StoreException("the hash sequence does not start with the metadata blob's hash");
        }
        List<String> names = new ArrayList<>();
        try {
            PostcardReader r = new PostcardReader(metadata);
            if (!java.util.Arrays.equals(r.fixed(HEADER.length), HEADER)) {
                throw new StoreException("the metadata blob does not start with \"CollectionV0.\"");
            }
            int n = r.length(1);
            for (int i = 0; i < n; i++) {
                names.add(r.string());
            }
            r.expectEnd();
        } catch (PostcardException e) {
            throw new StoreException("malformed collection metadata: " + e.getMessage(), e);
        }
        if (names.size() != hashes.size() - 1) {
            throw new StoreException("the collection names " + names.size() + " blobs but lists "
                    + (hashes.size() - 1));
        }
        List<Entry> entries = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            entries.add(new Entry(names.get(i), hashes.get(i + 1)));
        }
        return new Collection(List.copyOf(entries));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Collection && entries.equals(((Collection) o).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Collection" + entries;
    }
}
