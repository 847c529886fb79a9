package io.objsync.vault;

import io.objsync.docs.Replica;
import io.objsync.net.NodeAddr;
import io.objsync.node.Node;
import io.objsync.ticket.DocCapability;
import io.objsync.ticket.DocTicket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The app's side of vault discovery (steps 5, 7 and 8): syncs the vault with its read ticket, decrypts the
 * catalog, then syncs every listed project replica (read-only) from the vault's nodes. When the vault cannot be
 * reached it falls back to explicit project tickets.
 */
public final class VaultDiscovery {
    private VaultDiscovery() {
    }

    /** What discovery found. */
    public record Result(boolean fromVault, List<ProjectCatalogEntry> projects, List<Replica> synced,
                         int missingCatalogValues, List<IOException> failures) {
        /** Copies the lists. */
        public Result {
            projects = List.copyOf(projects);
            synced = List.copyOf(synced);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Discovers and syncs the projects of a vault.
     *
     * @param fallback project tickets to join when no node of the vault ticket answers (may be empty)
     * @throws CatalogDecryptionException when the catalog does not open with the granted key: nothing is synced
     * @throws IOException                when the vault is unreachable and there is no fallback
     */
    public static Result discover(Node app, VaultAccess access, List<DocTicket> fallback)
            throws IOException, CatalogDecryptionException {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(fallback, "fallback");
        Replica vault;
        try {
            vault = app.joinDoc(access.readTicket());
        } catch (IOException unreachable) {
            if (fallback.isEmpty()) {
                throw unreachable;
            }
            return joinAll(app, fallback, unreachable);
        }
        VaultCatalogReader.Listing listing = VaultCatalogReader.of(CatalogCipher.of(access.catalogKey()),
                new NodeContent(app)).projects(vault);
        List<NodeAddr> hosts = access.readTicket().nodes();
        List<Replica> synced = new ArrayList<>();
        List<IOException> failures = new ArrayList<>();
        for (ProjectCatalogEntry p : listing.projects()) {
            DocTicket project = DocTicket.of(DocCapability.read(p.replicaId()), hosts);
            try {
                synced.add(app.joinDoc(project));
            } catch (IOException e) {
                failures.add(e);
            }
        }
        return new Result(true, listing.projects(), synced, listing.missingValues(), failures);
    }

    private static Result joinAll(Node app, List<DocTicket> tickets, IOException vaultFailure) {
        List<Replica> synced = new ArrayList<>();
        List<IOException> failures = new ArrayList<>();
        failures.add(vaultFailure);
        for (DocTicket t : tickets) {
            try {
                synced.add(app.joinDoc(t));
            } catch (IOException e) {
                failures.add(e);
            }
        }
        return new Result(false, List.of(), synced, 0, failures);
    }
}
