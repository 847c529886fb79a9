package io.objsync.vault;

import io.objsync.crypto.Ed25519PrivateKey;
import io.objsync.crypto.Ed25519PublicKey;
import io.objsync.crypto.XChaCha20Poly1305Key;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The wallet side of vault discovery: holds a user's identity signing key (Ed25519, a 32-byte secret) in one
 * file readable only by its owner, answers access challenges, and derives the vault's keys. The secret never
 * leaves through this API: apps get the identity's public key, signed challenges, the vault namespace id and,
 * when granted, the catalog key. Thread-safe.
 */
public final class Keyring {
    /** The file in the keyring directory that holds the identity secret. */
    public static final String SECRET_FILE = "identity.secret";
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private final Path dir;
    private Ed25519PrivateKey identity; // null until generated or imported
    private VaultDerivation vault;

    private Keyring(Path dir, Ed25519PrivateKey identity) {
        this.dir = dir;
        setIdentity(identity);
    }

    /**
     * The keyring kept in {@code dir}, created (owner-only) when missing. A secret file that exists but is
     * not 32 bytes, or that others can read, is refused.
     */
    public static Keyring open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, posix(OWNER_RWX));
            }
            return new Keyring(dir, load(dir.resolve(SECRET_FILE)));
        } catch (IOException e) {
            throw new KeyringException("cannot open keyring " + dir + ": " + e.getMessage(), e);
        }
    }

    /** True once an identity was generated or imported. */
    public synchronized boolean hasIdentity() {
        return identity != null;
    }

    /** Creates a new identity from secure randomness; fails when one exists. */
    public synchronized Ed25519PublicKey generateIdentity() {
        return store(Ed25519PrivateKey.generate());
    }

    /** Makes the 32-byte secret the identity; fails when one exists. The caller's array is not kept. */
    public synchronized Ed25519PublicKey importIdentity(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != 32) {
            throw new KeyringException("an identity secret is 32 bytes, not " + secret.length);
        }
        return store(Ed25519PrivateKey.fromSeed(secret));
    }

    /** The identity's public key. */
    public synchronized Ed25519PublicKey identity() {
        return require().publicKey();
    }

    /** The identity's signature over an app's challenge (step 1 of the access pattern). */
    public synchronized byte[] answer(AccessChallenge challenge) {
        Objects.requireNonNull(challenge, "challenge");
        return require().sign(challenge.signedBytes());
    }

    /** The vault's namespace id (its replica id): derived here, since only the identity secret gives it. */
    public synchronized byte[] vaultNamespaceId() {
        require();
        return vault.namespaceSecret.publicKey().toBytes();
    }

    /** The catalog key, for an app that was granted vault access (step 6). */
    public synchronized XChaCha20Poly1305Key catalogKey() {
        require();
        return vault.catalogKey;
    }

    /** The vault namespace's secret: the write capability, for the keyring's own catalog updates only. */
    synchronized Ed25519PrivateKey vaultNamespaceSecret() {
        require();
        return vault.namespaceSecret;
    }

    @Override
    public String toString() {
        return "Keyring[" + dir + (identity == null ? ", no identity]" : ", " + identity.publicKey() + "]");
    }

    private Ed25519PrivateKey require() {
        if (identity == null) {
            throw new KeyringException("the keyring in " + dir + " has no identity yet");
        }
        return identity;
    }

    private Ed25519PublicKey store(Ed25519PrivateKey key) {
        if (identity != null) {
            throw new KeyringException("the keyring in " + dir + " already holds identity " + identity.publicKey());
        }
        Path target = dir.resolve(SECRET_FILE);
        Path tmp = dir.resolve(SECRET_FILE + ".tmp");
        byte[] seed = key.seed();
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    posix(OWNER_RW))) {
                ch.write(ByteBuffer.wrap(seed));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new KeyringException("an identity appeared in " + dir + " meanwhile", e);
        } catch (IOException e) {
            throw new KeyringException("cannot write the identity secret in " + dir + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        setIdentity(key);
        return key.publicKey();
    }

    private void setIdentity(Ed25519PrivateKey key) {
        identity = key;
        if (key != null) {
            byte[] seed = key.seed();
            try {
                vault = VaultDerivation.of(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    private static Ed25519PrivateKey load(Path file) throws IOException {
        byte[] seed;
        try {
            seed = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            if (seed.length != 32) {
                throw new KeyringException(file + " holds " + seed.length + " bytes, not a 32-byte identity secret");
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")
                    && !OWNER_RW.containsAll(Files.getPosixFilePermissions(file))) {
                throw new KeyringException(file + " is readable by others ("
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                        + "); chmod 600 it after checking nobody copied it");
            }
            return Ed25519PrivateKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static FileAttribute<?>[] posix(Set<PosixFilePermission> perms) {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
    }
}
