package io.objsync.vault;

import io.objsync.crypto.XChaCha20Poly1305Key;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The keyring's side of the catalog: holds the vault's write capability (its namespace secret, derived in the
 * keyring) and adds, updates and removes {@link ProjectCatalogEntry}s in the vault replica. Each value is
 * sealed with the catalog key and stored as content; the entry points at it.
 */
public final class VaultCatalogEditor {
    private final Replica vault;
    private final AuthorSecret author;
    private final CatalogContent content;
    private final CatalogCipher cipher;
    private final XChaCha20Poly1305Key catalogKey;
    private final CatalogKeys keys;

    private VaultCatalogEditor(Replica vault, AuthorSecret author, CatalogContent content, XChaCha20Poly1305Key key,
                               CatalogKeys keys) {
        this.vault = vault;
        this.author = author;
        this.content = content;
        this.catalogKey = key;
        this.cipher = CatalogCipher.of(key);
        this.keys = keys;
    }

    /**
     * The editor of {@code keyring}'s vault in {@code docs}, creating the vault replica there when missing.
     *
     * @param author  who signs the catalog entries (the keyring's device author)
     * @param content where sealed values go; must be what the node serves, so apps can fetch them
     */
    public static VaultCatalogEditor open(Keyring keyring, DocStore docs, AuthorSecret author, CatalogContent content) {
        return open(keyring, docs, author, content, CatalogKeys.BLINDED);
    }

    /** Like {@link #open(Keyring, DocStore, AuthorSecret, CatalogContent)}, with a choice of key form. */
    public static VaultCatalogEditor open(Keyring keyring, DocStore docs, AuthorSecret author, CatalogContent content,
                                          CatalogKeys keys) {
        Objects.requireNonNull(docs, "docs");
        byte[] seed = keyring.vaultNamespaceSecret().seed();
        NamespaceSecret secret;
        try {
            secret = NamespaceSecret.fromBytes(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        Replica replica = docs.find(secret.id()).filter(Replica::isWritable).orElseGet(() -> docs.create(secret));
        return new VaultCatalogEditor(replica, Objects.requireNonNull(author, "author"),
                Objects.requireNonNull(content, "content"), keyring.catalogKey(), Objects.requireNonNull(keys, "keys"));
    }

    /** The vault replica. */
    public Replica replica() {
        return vault;
    }

    /** Adds the project, or replaces its earlier entry. */
    public void put(ProjectCatalogEntry entry) {
        byte[] key = keys.key(entry.projectId(), catalogKey);
        if (keys == CatalogKeys.REFERENCE) {
            refusePrefixClash(key);
        }
        byte[] sealed = cipher.seal(entry);
        Hash hash = content.put(sealed);
        vault.insert(author, key, hash, sealed.length);
    }

    /** Removes the project from the catalog; false when it was not there. */
    public boolean remove(String projectId) {
        Objects.requireNonNull(projectId, "projectId");
        byte[] key = keys.key(projectId, catalogKey);
        boolean present = !vault.query(Query.all().key(key)).isEmpty();
        if (present) {
            vault.deletePrefix(author, key);
        }
        return present;
    }

    // With reference keys, writing /catalog/p1 would delete /catalog/p10 (any insert removes the author's
    // entries under keys it prefixes), and /catalog/p10 would be refused while /catalog/p1 is newer.
    private void refusePrefixClash(byte[] key) {
        byte[] prefix = CatalogKeys.PREFIX.getBytes(StandardCharsets.UTF_8);
        for (SignedEntry e : vault.query(Query.all().keyPrefix(prefix))) {
            byte[] other = e.key();
            boolean clash = !Arrays.equals(other, key) && (startsWith(other, key) || startsWith(key, other));
            if (clash) {
                throw new IllegalArgumentException("project key " + new String(key, StandardCharsets.UTF_8)
                        + " is a prefix of, or prefixed by, " + new String(other, StandardCharsets.UTF_8)
                        + ": the document insert rule would delete one of them");
            }
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }
}
