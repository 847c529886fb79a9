package io.objsync.node;

import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Replica;
import io.objsync.docs.SignedEntry;
import org.junit.jupiter.api.Test;

import io.objsync.net.Endpoint;
import io.objsync.net.NodeKey;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every node test over QUIC (iroh 0.35's handshake) instead of TLS, plus what differs on QUIC. */
class QuicNodeTest extends NodeTest {

    @Override
    NodeConfig config(Path home) {
        return NodeConfig.quic(home);
    }

    @Override
    Endpoint endpoint(Map<String, StreamHandler> handlers) throws IOException {
        return QuicEndpoint.bind(NodeKey.generate(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                handlers);
    }

    /**
     * On QUIC an accepted stream does not tell where the dialler listens (its connection comes from another
     * UDP port), so content pushed by a node A never dialled is remembered as wanted and arrives with the next
     * sync A dials.
     */
    @Test
    @Override
    void acceptingSideFetchesContentFromADialerItNeverDialled() throws Exception {
        AuthorSecret alice = AuthorSecret.generate();
        Replica doc = a.createDoc();
        Replica rw = b.joinDoc(a.shareDoc(doc.id(), DocShareMode.WRITE));
        b.insert(rw, alice, bytes("pushed"), bytes("by b"));
        b.syncDoc(doc.id(), a.addr()); // A accepts and ingests, but has no address of B to fetch from
        SignedEntry e = a.doc(doc.id()).orElseThrow().get(alice.id(), bytes("pushed")).orElseThrow();
        Thread.sleep(500);
        assertTrue(a.content(e).isEmpty());
        a.syncDoc(doc.id(), b.addr()); // A dials B: the wanted content comes along
        assertEquals("by b", text(a.content(e).orElseThrow()));
    }
}
