package io.objsync.node.internal;

import io.objsync.net.NodeKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/** The node's Ed25519 key in {@code <home>/node.key}: the hex seed, readable by the owner only. */
public final class NodeIdentity {

    /** The file name under the home directory. */
    public static final String FILE = "node.key";

    private NodeIdentity() {
    }

    /** The key kept in {@code home}, made on first use (written beside it and moved in, so never half written). */
    public static NodeKey loadOrCreate(Path home) throws IOException {
        Path file = home.resolve(FILE);
        if (Files.exists(file)) {
            return read(file);
        }
        Files.createDirectories(home);
        NodeKey fresh = NodeKey.generate();
        Path tmp = Files.createTempFile(home, "node", ".key.tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(fresh.seed()) + "\n", StandardCharsets.US_ASCII);
            // no REPLACE_EXISTING: when another process made the key first, theirs wins and we read it
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static NodeKey read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return NodeKey.fromSeed(HexFormat.of().parseHex(text));
        } catch (IllegalArgumentException e) {
            throw new IOException("node key file " + file + " is damaged: " + e.getMessage(), e);
        }
    }
}
