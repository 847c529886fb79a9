package io.objsync.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.objsync.crypto.XChaCha20Poly1305Key;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.DocStore;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.ReadOnlyReplicaException;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.Query;
import io.objsync.docs.sync.DuplexStream;
import io.objsync.docs.sync.SyncConfig;
import io.objsync.docs.sync.SyncSession;
import io.objsync.hash.Hash;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog between a keyring's document store and an app's, synced over a loopback socket. */
class VaultCatalogTest {
    @TempDir
    Path dir;

    private static final byte[] R1 = new byte[32];
    private static final byte[] R2 = new byte[32];

    static {
        R1[0] = 1;
        R2[0] = 2;
    }

    private static List<ProjectCatalogEntry> sorted(List<ProjectCatalogEntry> l) {
        return l.stream().sorted(Comparator.comparing(ProjectCatalogEntry::projectId)).toList();
    }

    /** Syncs {@code app}'s replica with the keyring's store over a real socket; values copied as content fetches would. */
    private static void sync(Replica app, DocStore keyringDocs, MapContent from, MapContent to) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    SyncSession.accept(keyringDocs, DuplexStream.of(s), SyncConfig.defaults());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                SyncSession.initiate(app, DuplexStream.of(s), SyncConfig.defaults());
            }
            accepted.get();
        }
        for (SignedEntry e : app.query(Query.all())) {
            from.get(e.record().hash()).ifPresent(to::put);
        }
    }

    @Test
    void appWithReadAccessAndKeyListsProjectsAndCannotWrite() throws Exception {
        Keyring ring = TestKeyrings.withIdentity(dir);
        MapContent keyringContent = new MapContent();
        MapContent appContent = new MapContent();
        try (DocStore keyringDocs = DocStore.open(dir.resolve("k-docs"));
             DocStore appDocs = DocStore.open(dir.resolve("a-docs"))) {
            VaultCatalogEditor editor = VaultCatalogEditor.open(ring, keyringDocs, AuthorSecret.generate(), keyringContent);
            assertEquals(NamespaceId.of(ring.vaultNamespaceId()), editor.replica().id());
            var a = new ProjectCatalogEntry("alpha-project", R1, "Alpha Plans", 100);
            var b = new ProjectCatalogEntry("beta-project", R2, "Beta Budget", 200);
            var c = new ProjectCatalogEntry("gamma-project", R1, "Gamma", 300);
            editor.put(a);
            editor.put(b);
            editor.put(c);
            editor.put(new ProjectCatalogEntry("beta-project", R2, "Beta Budget v2", 201));
            assertTrue(editor.remove("gamma-project"));
            assertFalse(editor.remove("gamma-project"));

            // The app only ever gets the namespace id (a read capability) and, when granted, the catalog key.
            Replica app = appDocs.openReadOnly(NamespaceId.of(ring.vaultNamespaceId()));
            sync(app, keyringDocs, keyringContent, appContent);
            var listing = VaultCatalogReader.of(CatalogCipher.of(ring.catalogKey()), appContent).projects(app);
            assertEquals(0, listing.missingValues());
            assertEquals(List.of(a, new ProjectCatalogEntry("beta-project", R2, "Beta Budget v2", 201)),
                    sorted(listing.projects()));
            assertThrows(ReadOnlyReplicaException.class,
                    () -> app.insert(AuthorSecret.generate(), "/catalog/x".getBytes(StandardCharsets.UTF_8),
                            Hash.fromHex("00".repeat(32)), 1));

            // A wrong key: a typed error and no project.
            var wrong = VaultCatalogReader.of(CatalogCipher.of(XChaCha20Poly1305Key.generate()), appContent);
            assertThrows(CatalogDecryptionException.class, () -> wrong.projects(app));

            // Keys are blinded: no project id in any entry key the app holds.
            for (SignedEntry e : app.query(Query.all().includeEmpty())) {
                String key = new String(e.key(), StandardCharsets.UTF_8);
                assertTrue(key.startsWith(CatalogKeys.PREFIX) && key.length() == CatalogKeys.PREFIX.length() + 64, key);
                assertFalse(key.contains("project"), key);
            }
        }
    }

    @Test
    void missingValuesAreCountedNotGuessed() throws Exception {
        Keyring ring = TestKeyrings.withIdentity(dir);
        MapContent content = new MapContent();
        try (DocStore docs = DocStore.open(dir.resolve("docs"))) {
            VaultCatalogEditor editor = VaultCatalogEditor.open(ring, docs, AuthorSecret.generate(), content);
            editor.put(new ProjectCatalogEntry("p", R1, "n", 1));
            var listing = VaultCatalogReader.of(CatalogCipher.of(ring.catalogKey()), new MapContent())
                    .projects(editor.replica());
            assertEquals(1, listing.missingValues());
            assertTrue(listing.projects().isEmpty());
        }
    }

    @Test
    void referenceKeysAreExactAndRefuseAPrefixClash() throws Exception {
        Keyring ring = TestKeyrings.withIdentity(dir);
        try (DocStore docs = DocStore.open(dir.resolve("docs"))) {
            VaultCatalogEditor editor = VaultCatalogEditor.open(ring, docs, AuthorSecret.generate(), new MapContent(),
                    CatalogKeys.REFERENCE);
            editor.put(new ProjectCatalogEntry("p1", R1, "one", 1));
            assertEquals(1, editor.replica().query(Query.all().key("/catalog/p1".getBytes(StandardCharsets.UTF_8))).size());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> editor.put(new ProjectCatalogEntry("p10", R2, "ten", 2)));
            assertTrue(e.getMessage().contains("prefix"), e.getMessage());
            assertEquals(1, editor.replica().query(Query.all()).size(), "p1 kept");
        }
    }
}
