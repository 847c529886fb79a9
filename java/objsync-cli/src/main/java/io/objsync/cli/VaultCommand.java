package io.objsync.cli;

import io.objsync.docs.NamespaceId;
import io.objsync.node.Node;
import io.objsync.ticket.DocTicket;
import io.objsync.vault.ProjectCatalogEntry;
import io.objsync.vault.VaultAccess;
import io.objsync.vault.VaultDiscovery;
import io.objsync.vault.VaultHost;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code objsync vault ...}: vault discovery. The keyring side ({@code info}, {@code add-project}, {@code share})
 * keeps the vault replica in this home's node; the app side ({@code projects}) syncs a vault from a read ticket
 * and a catalog key.
 */
@Command(name = "vault", description = "Vault discovery: the identity's private project catalog.",
        subcommands = {VaultCommand.Info.class, VaultCommand.AddProject.class, VaultCommand.Share.class,
            VaultCommand.Projects.class})
final class VaultCommand {
    @ParentCommand
    Main main;

    abstract static class Sub extends NodeOptionsCommand {
        @ParentCommand
        VaultCommand parent;

        VaultHost host(Node n) throws Exception {
            return VaultHost.open(IdentityCommand.keyring(parent.main.home()), n, DocCommand.authorOf(parent.main.home()));
        }
    }

    @Command(name = "info", description = "Print the vault's namespace id (derived from the identity).")
    static final class Info extends Sub {
        @Override
        public Integer call() {
            out().println(HexFormat.of().formatHex(IdentityCommand.keyring(parent.main.home()).vaultNamespaceId()));
            return 0;
        }
    }

    @Command(name = "add-project", description = "Add the project of a document TICKET to the catalog; print its id.")
    static final class AddProject extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "TICKET")
        String ticket;

        @Override
        public Integer call() throws Exception {
            DocTicket t = DocTicket.parse(ticket);
            try (Node n = node.open(parent.main.home())) {
                // Keep a copy of the project here, so apps that discover it through this vault can sync it.
                try {
                    n.joinDoc(t);
                } catch (java.io.IOException e) {
                    err().println("warning: could not sync the project now: " + e.getMessage());
                }
                ProjectCatalogEntry e = host(n).addProject(name, NamespaceId.of(t.capability().namespaceId()));
                out().println(e.projectId());
            }
            return 0;
        }
    }

    @Command(name = "share", description = "Print the vault's read ticket and the catalog key for an app, then serve.")
    static final class Share extends Sub {
        @Option(names = "--no-wait", description = "Print and exit instead of serving.")
        boolean noWait;

        @Override
        public Integer call() throws Exception {
            try (Node n = node.open(parent.main.home())) {
                VaultAccess access = host(n).grantAccess();
                out().println(access.readTicket());
                out().println("key " + access.catalogKeyHex());
                out().flush();
                if (!noWait) {
                    NodeOptions.announce(n, spec.commandLine().getErr());
                    NodeOptions.serveForever();
                }
            }
            return 0;
        }
    }

    @Command(name = "projects", description = "App side: sync the vault of TICKET, decrypt its catalog with --key, "
            + "sync every project and list them (id, name, replica, entries).")
    static final class Projects extends Sub {
        @Parameters(paramLabel = "TICKET")
        String ticket;
        @Option(names = "--key", required = true, paramLabel = "HEX", description = "The catalog key (64 hex digits).")
        String key;
        @Option(names = "--fallback", paramLabel = "TICKET", description = "Project tickets to use if the vault is unreachable.")
        List<String> fallback = List.of();

        @Override
        public Integer call() throws Exception {
            VaultAccess access = new VaultAccess(DocTicket.parse(ticket), VaultAccess.parseCatalogKey(key));
            try (Node n = node.open(parent.main.home())) {
                VaultDiscovery.Result r = VaultDiscovery.discover(n, access,
                        fallback.stream().map(DocTicket::parse).toList());
                for (ProjectCatalogEntry p : r.projects()) {
                    long entries = n.doc(NamespaceId.of(p.replicaId())).map(x -> x.size()).orElse(0L);
                    out().println(p.projectId() + "\t" + p.projectName() + "\t"
                            + HexFormat.of().formatHex(p.replicaId()) + "\t" + entries);
                }
                if (!r.fromVault()) {
                    out().println("vault unreachable; joined " + r.synced().size() + " project tickets");
                }
                return r.failures().isEmpty() || !r.fromVault() && !r.synced().isEmpty() ? 0 : 1;
            }
        }
    }
}
