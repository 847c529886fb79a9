package io.objsync.vault;

import io.objsync.crypto.XChaCha20Poly1305Key;
import io.objsync.ticket.DocTicket;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a keyring grants an app (steps 4 and 6): a read-only ticket for the vault replica and the catalog key.
 * The ticket lets the app sync the vault but never write to it; the key lets it read the catalog.
 *
 * @param readTicket the vault's read ticket, naming the nodes that host it
 * @param catalogKey the key that opens catalog values
 */
public record VaultAccess(DocTicket readTicket, XChaCha20Poly1305Key catalogKey) {

    /** Checks that the ticket is read-only. */
    public VaultAccess {
        Objects.requireNonNull(readTicket, "readTicket");
        Objects.requireNonNull(catalogKey, "catalogKey");
        if (readTicket.capability().isWrite()) {
            throw new IllegalArgumentException("an app gets a read ticket, never the vault's write capability");
        }
    }

    /** The catalog key as 64 hex digits, for handing over out of band (e.g. the CLI's {@code --key}). */
    public String catalogKeyHex() {
        return HexFormat.of().formatHex(catalogKey.toBytes());
    }

    /** A catalog key from its 64 hex digits. */
    public static XChaCha20Poly1305Key parseCatalogKey(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a catalog key is 64 hex digits, got " + hex.length() + " characters");
        }
        return XChaCha20Poly1305Key.fromBytes(HexFormat.of().parseHex(hex));
    }

    @Override
    public String toString() {
        return "VaultAccess[" + readTicket + ", catalog key hidden]";
    }
}
