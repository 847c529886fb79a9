package io.objsync.vault;

import io.objsync.hash.Hash;
import java.util.Optional;

/**
 * Where catalog values live: document entries hold only a value's hash and length, the bytes sit in a
 * content-addressed store (a node's blob store, or a document store's content table).
 */
public interface CatalogContent {

    /** Stores {@code bytes} and returns their BLAKE3 hash. */
    Hash put(byte[] bytes);

    /** The bytes of {@code hash}, when held locally and verified. */
    Optional<byte[]> get(Hash hash);
}
