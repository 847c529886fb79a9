package io.objsync.net.internal.quic;

import io.objsync.net.Alpn;
import io.objsync.net.NodeKey;
import io.objsync.net.TransportLimits;
import io.objsync.net.internal.quic.engine.EngineStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link OwnDataPath} shares connections: streams of most protocols share one connection per peer, but every
 * session of a protocol whose server takes one stream per connection (iroh-docs) gets a connection of its own,
 * closed once the session is over, so a session never starts on a connection the server is about to drop.
 */
class OwnDataPathTest {

    private final NodeKey serverKey = NodeKey.generate();
    private UdpMux serverMux;
    private UdpMux clientMux;
    private OwnDataPath server;
    private OwnDataPath client;
    private InetSocketAddress at;

    @BeforeEach
    void start() throws IOException {
        serverMux = UdpMux.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        clientMux = UdpMux.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new OwnDataPath(serverKey, TransportLimits.defaults(), serverMux, Set.of(Alpn.DOCS, Alpn.BLOBS),
                (peer, from, alpn, stream) -> new Thread(() -> echo(stream)).start());
        client = new OwnDataPath(NodeKey.generate(), TransportLimits.defaults(), clientMux, null, null);
        at = new InetSocketAddress(serverMux.localAddress(), serverMux.localPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        clientMux.close();
        serverMux.close();
    }

    /** Reads the stream to its end, sends it back and finishes. */
    private static void echo(EngineStream stream) {
        try (InputStream in = stream.input(); OutputStream out = stream.output()) {
            out.write(in.readAllBytes());
        } catch (IOException e) {
            stream.reset(1);
        }
    }

    private static String roundTrip(EngineStream s, String message) throws IOException {
        try (OutputStream out = s.output()) {
            out.write(message.getBytes(StandardCharsets.UTF_8));
        }
        return new String(s.input().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void everyDocsSessionGetsAConnectionOfItsOwnThatClosesWhenTheSessionIsOver() throws Exception {
        EngineStream first = client.openStream(serverKey.nodeId(), Alpn.DOCS, at);
        EngineStream second = client.openStream(serverKey.nodeId(), Alpn.DOCS, at);
        assertEquals(2, client.openConnections(), "two sessions at once, two connections");
        assertEquals("one", roundTrip(first, "one"));
        assertEquals("two", roundTrip(second, "two"));
        awaitValue(0, client::openConnections, "the client closes each session's connection once it is over");
        awaitValue(0, server::openConnections, "and the server sees them closed");
        for (int i = 0; i < 20; i++) {
            EngineStream s = client.openStream(serverKey.nodeId(), Alpn.DOCS, at);
            assertEquals("session " + i, roundTrip(s, "session " + i));
        }
        awaitValue(0, client::openConnections, "no connection outlives its session");
    }

    @Test
    void blobStreamsShareOneConnectionThatStaysOpen() throws Exception {
        for (int i = 0; i < 5; i++) {
            EngineStream s = client.openStream(serverKey.nodeId(), Alpn.BLOBS, at);
            assertEquals("request " + i, roundTrip(s, "request " + i));
        }
        assertEquals(1, client.openConnections(), "one connection carried every request");
        Thread.sleep(200);
        assertEquals(1, client.openConnections(), "and it stays open for the next");
    }

    @Test
    void aDocsSessionThatIsResetStillClosesItsConnection() throws Exception {
        EngineStream s = client.openStream(serverKey.nodeId(), Alpn.DOCS, at);
        s.output().write(new byte[] {1, 2, 3});
        s.reset(7); // an aborted session: RESET_STREAM and STOP_SENDING, never a FIN
        awaitValue(0, client::openConnections, "an aborted session's connection closes too");
    }

    private static void awaitValue(int expected, IntSupplier value, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (value.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(value.getAsInt() == expected, what + ": " + value.getAsInt() + " open");
    }
}
