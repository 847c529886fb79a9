package io.objsync.vault;

import io.objsync.crypto.XChaCha20Poly1305Key;
import io.objsync.hash.Blake3;
import java.nio.charset.StandardCharsets;

/**
 * The document key a catalog entry is written under. The reference writes {@code /catalog/<project_id>}, which
 * shows every project id in plain text to whoever syncs the vault replica (a relay, a seed node, an app that
 * has the read ticket but not the key). objsync writes {@link #BLINDED} keys by default:
 * {@code /catalog/<hex of BLAKE3 keyed by the catalog key over the project id>}, fixed-length (so no key is a
 * prefix of another, which the document insert rule would treat as a deletion) and unreadable without the key.
 * Readers take the project id from the decrypted value, never from the key, so both forms read alike and
 * vaults written by the reference are read unchanged.
 */
public enum CatalogKeys {
    /** {@code /catalog/<keyed BLAKE3 of the project id>}: the default. */
    BLINDED,
    /** {@code /catalog/<project_id>}, exactly as the reference writes it. */
    REFERENCE;

    /** The prefix of every catalog key. */
    public static final String PREFIX = "/catalog/";

    byte[] key(String projectId, XChaCha20Poly1305Key catalogKey) {
        String suffix;
        if (this == REFERENCE) {
            suffix = projectId;
        } else {
            // A key separate from the encryption key (derived from it), so the two uses never share a key.
            byte[] blindKey = Blake3.deriveKey("objsync vault catalog key blinding v1", catalogKey.toBytes(), 32);
            suffix = Blake3.keyedHash(blindKey, projectId.getBytes(StandardCharsets.UTF_8)).toHex();
        }
        return (PREFIX + suffix).getBytes(StandardCharsets.UTF_8);
    }
}
