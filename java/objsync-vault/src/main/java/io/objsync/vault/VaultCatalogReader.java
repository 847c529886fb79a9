package io.objsync.vault;

import io.objsync.docs.Query;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The app's side of the catalog (step 7): decrypts the entries of a synced vault replica with the catalog key
 * the keyring granted. Works on a read-only replica.
 */
public final class VaultCatalogReader {
    private final CatalogCipher cipher;
    private final CatalogContent content;

    private VaultCatalogReader(CatalogCipher cipher, CatalogContent content) {
        this.cipher = cipher;
        this.content = content;
    }

    /** A reader with the granted catalog key and the content store the vault's values were fetched into. */
    public static VaultCatalogReader of(CatalogCipher cipher, CatalogContent content) {
        return new VaultCatalogReader(Objects.requireNonNull(cipher, "cipher"), Objects.requireNonNull(content, "content"));
    }

    /** What {@link #projects} found: the projects, and the entries whose values are not held yet. */
    public record Listing(List<ProjectCatalogEntry> projects, int missingValues) {
        /** Copies the list. */
        public Listing {
            projects = List.copyOf(projects);
        }
    }

    /**
     * Every project in the vault (the newest entry per key, of any author).
     *
     * @throws CatalogDecryptionException when a value does not open with the key (a wrong key or tampering):
     *                                    no project is returned then
     */
    public Listing projects(Replica vault) throws CatalogDecryptionException {
        byte[] prefix = CatalogKeys.PREFIX.getBytes(StandardCharsets.UTF_8);
        List<ProjectCatalogEntry> out = new ArrayList<>();
        int missing = 0;
        for (SignedEntry e : vault.query(Query.all().keyPrefix(prefix).latestPerKey())) {
            Optional<byte[]> value = content.get(e.record().hash());
            if (value.isEmpty()) {
                missing++;
                continue;
            }
            out.add(cipher.open(value.get()));
        }
        return new Listing(out, missing);
    }
}
