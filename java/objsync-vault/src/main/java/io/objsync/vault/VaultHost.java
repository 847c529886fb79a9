package io.objsync.vault;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.NamespaceId;
import io.objsync.node.DocShareMode;
import io.objsync.node.Node;
import io.objsync.ticket.DocTicket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The keyring on a node: keeps the vault replica there (so the node serves it), edits the catalog, and grants
 * apps access with a read ticket naming the node plus the catalog key.
 */
public final class VaultHost {
    private final Keyring keyring;
    private final Node node;
    private final VaultCatalogEditor editor;
    private final Clock clock;

    private VaultHost(Keyring keyring, Node node, VaultCatalogEditor editor, Clock clock) {
        this.keyring = keyring;
        this.node = node;
        this.editor = editor;
        this.clock = clock;
    }

    /** The vault of {@code keyring}'s identity, hosted on {@code node}, written by {@code author}. */
    public static VaultHost open(Keyring keyring, Node node, AuthorSecret author) {
        Objects.requireNonNull(node, "node");
        VaultCatalogEditor editor = VaultCatalogEditor.open(keyring, node.docs(), author, new NodeContent(node));
        return new VaultHost(keyring, node, editor, Clock.systemUTC());
    }

    /** The vault's namespace id. */
    public NamespaceId vaultId() {
        return editor.replica().id();
    }

    /**
     * Adds a project to the catalog under a fresh random project id and returns its entry.
     *
     * @param replicaId the project replica's namespace id (e.g. from its ticket)
     */
    public ProjectCatalogEntry addProject(String name, NamespaceId replicaId) {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        ProjectCatalogEntry e = new ProjectCatalogEntry(HexFormat.of().formatHex(id), replicaId.toBytes(), name,
                clock.instant().getEpochSecond());
        editor.put(e);
        return e;
    }

    /** Adds or replaces an entry as given. */
    public void put(ProjectCatalogEntry entry) {
        editor.put(entry);
    }

    /** Removes a project; false when absent. */
    public boolean remove(String projectId) {
        return editor.remove(projectId);
    }

    /** Steps 4 and 6: the vault's read ticket (naming this node) and the catalog key. */
    public VaultAccess grantAccess() {
        DocTicket ticket = node.shareDoc(vaultId(), DocShareMode.READ);
        return new VaultAccess(ticket, keyring.catalogKey());
    }
}
