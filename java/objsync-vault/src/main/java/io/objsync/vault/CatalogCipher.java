package io.objsync.vault;

import com.google.protobuf.InvalidProtocolBufferException;
import io.objsync.crypto.AeadBadTagException;
import io.objsync.crypto.XChaCha20Poly1305;
import io.objsync.crypto.XChaCha20Poly1305Key;
import java.util.Arrays;
import java.util.Objects;

/**
 * A catalog value as the reference writes it: a random 24-byte nonce, then XChaCha20-Poly1305 under the catalog
 * key of the protobuf {@code ProjectCatalogEntry}, with empty associated data.
 */
public final class CatalogCipher {
    private static final byte[] NO_AD = new byte[0];
    private final XChaCha20Poly1305 aead;

    private CatalogCipher(XChaCha20Poly1305Key key) {
        this.aead = XChaCha20Poly1305.create(key);
    }

    /** The cipher of a catalog key (as the keyring hands it to an app). */
    public static CatalogCipher of(XChaCha20Poly1305Key catalogKey) {
        return new CatalogCipher(Objects.requireNonNull(catalogKey, "catalogKey"));
    }

    /** {@code nonce ‖ ciphertext ‖ tag} of the entry, with a fresh random nonce. */
    public byte[] seal(ProjectCatalogEntry entry) {
        byte[] plain = CatalogCodec.encode(Objects.requireNonNull(entry, "entry"));
        try {
            return aead.encrypt(plain, NO_AD);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The entry in a catalog value.
     *
     * @throws CatalogDecryptionException when the value does not open with this key or is no catalog entry
     */
    public ProjectCatalogEntry open(byte[] value) throws CatalogDecryptionException {
        Objects.requireNonNull(value, "value");
        byte[] plain;
        try {
            plain = aead.decrypt(value, NO_AD);
        } catch (AeadBadTagException | IllegalArgumentException e) {
            throw new CatalogDecryptionException("catalog value does not open with this catalog key", e);
        }
        try {
            return CatalogCodec.decode(plain);
        } catch (InvalidProtocolBufferException e) {
            throw new CatalogDecryptionException("catalog value is not a ProjectCatalogEntry", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
