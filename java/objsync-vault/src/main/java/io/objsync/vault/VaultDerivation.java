package io.objsync.vault;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.crypto.Hkdf;
import io.objsync.crypto.XChaCha20Poly1305Key;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reference vault derivation (OBJECTSHQ/protocol, objects-identity vault.rs): HKDF-SHA256 with no salt over
 * the identity's 32-byte secret, expanded with {@value #INFO_STRING} to 64 bytes; the first half seeds the vault
 * namespace's Ed25519 key, the second half is the catalog key. Package-private: only the keyring, which holds
 * the identity secret, derives.
 */
final class VaultDerivation {
    static final String INFO_STRING = "OBJECTS-protocol-vault-namespace-v1";
    private static final byte[] INFO = INFO_STRING.getBytes(StandardCharsets.US_ASCII);

    final Ed25519PrivateKey namespaceSecret;
    final XChaCha20Poly1305Key catalogKey;

    private VaultDerivation(Ed25519PrivateKey namespaceSecret, XChaCha20Poly1305Key catalogKey) {
        this.namespaceSecret = namespaceSecret;
        this.catalogKey = catalogKey;
    }

    static VaultDerivation of(byte[] identitySecret) {
        byte[] okm = Hkdf.derive(null, identitySecret, INFO, 64);
        try {
            return new VaultDerivation(Ed25519PrivateKey.fromSeed(Arrays.copyOfRange(okm, 0, 32)),
                    XChaCha20Poly1305Key.fromBytes(Arrays.copyOfRange(okm, 32, 64)));
        } finally {
            Arrays.fill(okm, (byte) 0);
        }
    }
}
