package io.objsync.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.crypto.Ed25519PrivateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
    @TempDir
    Path dir;

    @Test
    void generatedIdentityIsKeptOwnerOnlyAndSurvivesReopen() throws Exception {
        Keyring ring = Keyring.open(dir.resolve("keys"));
        assertFalse(ring.hasIdentity());
        assertThrows(KeyringException.class, ring::identity);
        var id = ring.generateIdentity();
        Path file = dir.resolve("keys").resolve(Keyring.SECRET_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys"))));
        assertEquals(32, Files.size(file));
        Keyring again = Keyring.open(dir.resolve("keys"));
        assertEquals(id, again.identity());
        assertArrayEquals(ring.vaultNamespaceId(), again.vaultNamespaceId());
        assertThrows(KeyringException.class, again::generateIdentity, "a second identity would orphan the vault");
        assertFalse(Files.exists(dir.resolve("keys").resolve(Keyring.SECRET_FILE + ".tmp")));
    }

    @Test
    void importedSecretGivesItsPublicKeyAndIsNotKeptByReference() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        Keyring ring = Keyring.open(dir);
        var id = ring.importIdentity(secret);
        assertEquals(Ed25519PrivateKey.fromSeed(secret).publicKey(), id);
        Arrays.fill(secret, (byte) 0);
        assertEquals(id, ring.identity());
        assertThrows(KeyringException.class, () -> Keyring.open(dir).importIdentity(new byte[32]));
        assertThrows(KeyringException.class, () -> Keyring.open(dir.resolve("x")).importIdentity(new byte[31]));
    }

    @Test
    void refusesSecretFilesThatAreWrongOrExposed() throws Exception {
        Files.write(dir.resolve(Keyring.SECRET_FILE), new byte[31]);
        Files.setPosixFilePermissions(dir.resolve(Keyring.SECRET_FILE), PosixFilePermissions.fromString("rw-------"));
        KeyringException e = assertThrows(KeyringException.class, () -> Keyring.open(dir));
        assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
        Files.write(dir.resolve(Keyring.SECRET_FILE), new byte[32]);
        Files.setPosixFilePermissions(dir.resolve(Keyring.SECRET_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        e = assertThrows(KeyringException.class, () -> Keyring.open(dir));
        assertTrue(e.getMessage().contains("readable by others"), e.getMessage());
    }

    @Test
    void challengeAnswersVerifyOnlyForTheirChallengeAndIdentity() {
        Keyring ring = Keyring.open(dir);
        var id = ring.generateIdentity();
        AccessChallenge challenge = AccessChallenge.random();
        byte[] answer = ring.answer(AccessChallenge.of(challenge.nonce()));
        assertTrue(challenge.verify(id, answer));
        assertFalse(AccessChallenge.random().verify(id, answer), "an answer to another challenge");
        assertFalse(challenge.verify(Ed25519PrivateKey.generate().publicKey(), answer), "another identity");
        answer[5] ^= 1;
        assertFalse(challenge.verify(id, answer));
        assertFalse(challenge.verify(id, new byte[63]));
        // The keyring signs only domain-prefixed bytes: its answer is no signature over the bare nonce.
        assertFalse(id.verify(challenge.nonce(), ring.answer(challenge)));
        assertThrows(IllegalArgumentException.class, () -> AccessChallenge.of(new byte[16]));
    }

    @Test
    void toStringShowsNoSecret() {
        Keyring ring = Keyring.open(dir);
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 0x5a);
        ring.importIdentity(secret);
        String s = ring + " " + ring.catalogKey();
        assertFalse(s.toLowerCase().contains("5a5a5a5a"), s);
    }
}
