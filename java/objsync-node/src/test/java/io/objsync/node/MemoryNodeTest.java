package io.objsync.node;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Replica;
import io.objsync.hash.Hash;
import io.objsync.net.MemoryNetwork;
import io.objsync.net.NodeAddr;
import io.objsync.store.BlobFormat;
import io.objsync.store.TempPin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Nodes on an in-memory network; the identity kept in the home directory. */
class MemoryNodeTest {
    @TempDir
    Path dir;

    @Test
    void blobAndDocumentOverMemory() throws IOException {
        MemoryNetwork net = MemoryNetwork.create();
        try (Node a = Node.open(NodeConfig.memory(dir.resolve("a"), net));
             Node b = Node.open(NodeConfig.memory(dir.resolve("b"), net))) {
            byte[] data = NodeTest.random(100_000, 11);
            Hash h;
            try (TempPin p = a.blobs().add(data)) {
                h = p.hash();
                a.blobs().setTag("t", h, BlobFormat.RAW);
            }
            b.download(h, BlobFormat.RAW, List.of(a.addr()), DownloadListener.NONE, Cancellation.create());
            assertArrayEquals(data, b.blobs().read(h, 0, data.length));

            Replica doc = a.createDoc();
            a.insert(doc, AuthorSecret.generate(), NodeTest.bytes("k"), NodeTest.bytes("v"));
            Replica joined = b.joinDoc(a.shareDoc(doc.id(), DocShareMode.READ));
            assertEquals("v", NodeTest.text(b.content(joined.get(
                    doc.query(io.objsync.docs.Query.all()).get(0).author(), NodeTest.bytes("k")).orElseThrow())
                    .orElseThrow()));
        }
    }

    @Test
    void identityIsKeptOwnerOnlyAndReused() throws IOException {
        MemoryNetwork net = MemoryNetwork.create();
        NodeAddr first;
        try (Node a = Node.open(NodeConfig.memory(dir.resolve("a"), net))) {
            first = a.addr();
        }
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("a/node.key")));
        try (Node again = Node.open(NodeConfig.memory(dir.resolve("a"), net))) {
            assertEquals(first.nodeId(), again.nodeId());
        }
        Files.writeString(dir.resolve("a/node.key"), "not hex\n");
        assertThrows(IOException.class, () -> Node.open(NodeConfig.memory(dir.resolve("a"), net)));
    }
}
