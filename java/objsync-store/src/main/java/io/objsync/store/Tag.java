package io.objsync.store;

import io.objsync.hash.Hash;

import java.util.Objects;

/** A named pin: garbage collection keeps the tagged blob (and, for a hash sequence, what it lists). Immutable. */
public final class Tag {

    private final String name;
    private final Hash hash;
    private final BlobFormat format;

    /** A tag {@code name} on {@code hash} read as {@code format}. */
    public Tag(String name, Hash hash, BlobFormat format) {
        this.name = Objects.requireNonNull(name, "name");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** The tag's name. */
    public String name() {
        return name;
    }

    /** The pinned blob. */
    public Hash hash() {
        return hash;
    }

    /** Whether the blob's listed hashes are pinned too. */
    public BlobFormat format() {
        return format;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag && name.equals(((Tag) o).name) && hash.equals(((Tag) o).hash)
                && format == ((Tag) o).format;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + hash.hashCode();
    }

    @Override
    public String toString() {
        return "Tag[" + name + " -> " + hash.toHex() + " " + format + "]";
    }
}
