package io.objsync.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.objsync.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The derivation against values computed outside this code base: the okm with Python's hmac/hashlib (RFC 5869
 * by hand, salt = 32 zero bytes), the namespace id with OpenSSL from the okm's first half as an Ed25519 seed.
 */
class VaultDerivationTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] filled(int b) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) b);
        return s;
    }

    @Test
    void matchesHandComputedValues() {
        check(filled(42),
                "6d6956b31acb9a779808712f50e450c4aef6b19fdeeab350cbfb1125edbdcfc7"
                        + "bd462e591ea43d9e11021821df496d94d1baaee978b93b0fd4cf3b53fb88d34f",
                "4277857b1c8829f0f215e7ad49d72f51cd20aefa33df356db5fbbe2f33541fc8");
        check(filled(1),
                "e469fc1bb2c0ce23afbd0ec2cd8035472ecb564e00449ffc65922e949d3fd2f3"
                        + "a7309b1f793fd4c8f56702fb4b2065be15fd002299724b42b5a574857c38ab22",
                "216029b95d3583a1b1fbf1785f650c93c7e61493b8fe957d93e3addf82ed49a4");
    }

    private static void check(byte[] secret, String okmHex, String namespaceIdHex) {
        byte[] info = "OBJECTS-protocol-vault-namespace-v1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(okmHex, HEX.formatHex(Hkdf.derive(null, secret, info, 64)));
        VaultDerivation d = VaultDerivation.of(secret);
        assertEquals(namespaceIdHex, d.namespaceSecret.publicKey().toHex());
        assertEquals(okmHex.substring(0, 64), HEX.formatHex(d.namespaceSecret.seed()));
        assertEquals(okmHex.substring(64), HEX.formatHex(d.catalogKey.toBytes()));
    }

    @Test
    void sameIdentitySameVaultOtherIdentitiesUnrelated() {
        Random rnd = new Random(5);
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] secret = new byte[32];
            rnd.nextBytes(secret);
            VaultDerivation a = VaultDerivation.of(secret);
            VaultDerivation b = VaultDerivation.of(secret.clone());
            assertArrayEquals(a.namespaceSecret.publicKey().toBytes(), b.namespaceSecret.publicKey().toBytes());
            assertArrayEquals(a.catalogKey.toBytes(), b.catalogKey.toBytes());
            ids.add(a.namespaceSecret.publicKey().toHex());
            keys.add(HEX.formatHex(a.catalogKey.toBytes()));
            secret[i % 32] ^= 1;
            assertFalse(Arrays.equals(a.namespaceSecret.publicKey().toBytes(),
                    VaultDerivation.of(secret).namespaceSecret.publicKey().toBytes()), "one flipped bit, same vault");
        }
        assertEquals(200, ids.size());
        assertEquals(200, keys.size());
    }

    @Test
    void publicMaterialDoesNotGiveTheVault() {
        // Whoever holds only the identity's public key (or a signature) cannot run the derivation: feeding the
        // public key where the secret belongs gives an unrelated vault.
        byte[] secret = filled(42);
        Keyring ring = Keyring.open(TempDirs.create());
        ring.importIdentity(secret);
        byte[] fromPublic = VaultDerivation.of(ring.identity().toBytes()).namespaceSecret.publicKey().toBytes();
        assertFalse(Arrays.equals(ring.vaultNamespaceId(), fromPublic));
        assertEquals("4277857b1c8829f0f215e7ad49d72f51cd20aefa33df356db5fbbe2f33541fc8",
                HEX.formatHex(ring.vaultNamespaceId()));
    }
}
