package io.objsync.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.crypto.XChaCha20Poly1305Key;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.Query;
import io.objsync.docs.ReadOnlyReplicaException;
import io.objsync.docs.Replica;
import io.objsync.net.NodeAddr;
import io.objsync.node.DocShareMode;
import io.objsync.node.Node;
import io.objsync.node.NodeConfig;
import io.objsync.ticket.DocTicket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault discovery end to end: a keyring node and app nodes over TLS on loopback. */
class VaultDiscoveryTest {
    private static final String[] NAMES = {"Zephyr Blueprint Quarterly", "Obsidian Harbor Survey", "Marigold Ledger"};

    @TempDir
    Path dir;

    private Node node(String name) throws IOException {
        return Node.open(NodeConfig.tls(dir.resolve(name)));
    }

    /** Three project documents on the keyring's node, each with an entry, listed in its vault. */
    private List<ProjectCatalogEntry> hostProjects(Node host, VaultHost vault, AuthorSecret author) throws IOException {
        List<ProjectCatalogEntry> added = new ArrayList<>();
        for (String name : NAMES) {
            Replica project = host.createDoc();
            host.insert(project, author, "readme".getBytes(StandardCharsets.UTF_8),
                    "content only the project holds".getBytes(StandardCharsets.UTF_8));
            added.add(vault.addProject(name, project.id()));
        }
        return added;
    }

    private static List<ProjectCatalogEntry> byId(List<ProjectCatalogEntry> l) {
        return l.stream().sorted(Comparator.comparing(ProjectCatalogEntry::projectId)).toList();
    }

    @Test
    void appDiscoversAndSyncsAllProjectsButCannotWriteTheVault() throws Exception {
        Keyring ring = TestKeyrings.withIdentity(dir);
        AuthorSecret author = AuthorSecret.generate();
        try (Node host = node("host"); Node app = node("app")) {
            VaultHost vault = VaultHost.open(ring, host, author);
            List<ProjectCatalogEntry> added = hostProjects(host, vault, author);
            VaultAccess access = vault.grantAccess();
            assertFalse(access.readTicket().capability().isWrite());

            // The app dials through a relay that records the wire.
            try (RecordingRelay relay = new RecordingRelay(host.addr().directAddresses().get(0))) {
                NodeAddr viaRelay = NodeAddr.of(host.nodeId(), relay.address());
                VaultAccess relayed = new VaultAccess(DocTicket.of(access.readTicket().capability(), List.of(viaRelay)),
                        access.catalogKey());
                VaultDiscovery.Result r = VaultDiscovery.discover(app, relayed, List.of());
                assertTrue(r.fromVault());
                assertEquals(byId(added), byId(r.projects()));
                assertEquals(0, r.missingCatalogValues());
                assertEquals(List.of(), r.failures());
                assertEquals(3, r.synced().size());
                for (ProjectCatalogEntry p : added) {
                    Replica synced = app.doc(NamespaceId.of(p.replicaId())).orElseThrow();
                    assertFalse(synced.isWritable());
                    var entries = synced.query(Query.all());
                    assertEquals(1, entries.size());
                    assertEquals("content only the project holds",
                            new String(app.content(entries.get(0)).orElseThrow(), StandardCharsets.UTF_8));
                }
                assertPrivate(relay.bytes(), added, "the wire");
            }

            // The read ticket gives a read-only vault replica: no local write, whatever author.
            Replica appVault = app.doc(vault.vaultId()).orElseThrow();
            assertFalse(appVault.isWritable());
            assertThrows(ReadOnlyReplicaException.class,
                    () -> app.insert(appVault, AuthorSecret.generate(), "/catalog/x".getBytes(StandardCharsets.UTF_8),
                            new byte[] {1}));

            // Nothing the app node keeps on disk names a project; the scan does see plain content it holds.
            byte[] appStore = allBytes(dir.resolve("app"));
            assertTrue(contains(appStore, "content only the project holds".getBytes(StandardCharsets.UTF_8)),
                    "control: the scan finds the synced project content");
            assertPrivate(appStore, added, "the app's store");
        }
    }

    @Test
    void aWrongKeyGetsATypedErrorAndNoProject() throws Exception {
        Keyring ring = TestKeyrings.withIdentity(dir);
        AuthorSecret author = AuthorSecret.generate();
        try (Node host = node("host"); Node app = node("app")) {
            VaultHost vault = VaultHost.open(ring, host, author);
            List<ProjectCatalogEntry> added = hostProjects(host, vault, author);
            VaultAccess wrong = new VaultAccess(vault.grantAccess().readTicket(), XChaCha20Poly1305Key.generate());
            assertThrows(CatalogDecryptionException.class, () -> VaultDiscovery.discover(app, wrong, List.of()));
            for (ProjectCatalogEntry p : added) {
                assertTrue(app.doc(NamespaceId.of(p.replicaId())).isEmpty(), "no project synced");
            }
        }
    }

    @Test
    void anUnreachableVaultFallsBackToProjectTickets() throws Exception {
        Keyring ring = TestKeyrings.withIdentity(dir);
        AuthorSecret author = AuthorSecret.generate();
        try (Node mirror = node("mirror"); Node app = node("app")) {
            VaultAccess access;
            List<DocTicket> projectTickets = new ArrayList<>();
            try (Node host = node("host")) {
                VaultHost vault = VaultHost.open(ring, host, author);
                for (ProjectCatalogEntry p : hostProjects(host, vault, author)) {
                    Replica copy = mirror.joinDoc(host.shareDoc(NamespaceId.of(p.replicaId()), DocShareMode.READ));
                    projectTickets.add(mirror.shareDoc(copy.id(), DocShareMode.READ));
                }
                access = vault.grantAccess();
            }
            // The host is gone: its vault cannot be reached, the explicit tickets (served by the mirror) work.
            VaultDiscovery.Result r = VaultDiscovery.discover(app, access, projectTickets);
            assertFalse(r.fromVault());
            assertEquals(3, r.synced().size());
            assertEquals(1, r.failures().size());
            for (Replica s : r.synced()) {
                assertEquals(1, s.query(Query.all()).size());
            }
            assertThrows(IOException.class, () -> VaultDiscovery.discover(app, access, List.of()));
        }
    }

    private static void assertPrivate(byte[] haystack, List<ProjectCatalogEntry> projects, String where) {
        assertTrue(haystack.length > 0, where + " is empty: the scan would prove nothing");
        for (ProjectCatalogEntry p : projects) {
            assertFalse(contains(haystack, p.projectName().getBytes(StandardCharsets.UTF_8)),
                    where + " holds project name " + p.projectName());
            assertFalse(contains(haystack, p.projectId().getBytes(StandardCharsets.UTF_8)),
                    where + " holds project id " + p.projectId());
        }
    }

    private static byte[] allBytes(Path root) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.write(Files.readAllBytes(f));
            }
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
