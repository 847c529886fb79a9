package io.objsync.net.internal.quic;

import io.objsync.net.Alpn;
import io.objsync.net.ConnectionClosedException;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link OwnDataPath} shares connections, and what a stream says when the peer closes its connection: streams
 * to one node and protocol share a connection; when the peer closes it (as iroh-docs does after the one session it
 * serves per connection), a stream that had received nothing says so ({@link ConnectionClosedException#unanswered()}),
 * so its caller knows the request was never served and may repeat it; one that had received part of an answer
 * does not.
 */
class OwnDataPathTest {

    private final NodeKey serverKey = NodeKey.generate();
    /** What the server does with each stream it accepts. */
    private final BlockingQueue<EngineStream> held = new LinkedBlockingQueue<>();
    private volatile boolean echo = true;
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
                (peer, from, alpn, stream) -> {
                    if (echo) {
                        new Thread(() -> echo(stream)).start();
                    } else {
                        held.add(stream);
                    }
                });
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
    void streamsShareOneConnectionPerNodeAndProtocolThatStaysOpen() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("docs " + i, roundTrip(client.openStream(serverKey.nodeId(), Alpn.DOCS, at), "docs " + i));
            assertEquals("blob " + i, roundTrip(client.openStream(serverKey.nodeId(), Alpn.BLOBS, at), "blob " + i));
        }
        assertEquals(2, client.openConnections(), "one connection per protocol carried every stream");
        Thread.sleep(200);
        assertEquals(2, client.openConnections(), "and they stay open for the next");
    }

    @Test
    void aStreamWhosePeerClosesTheConnectionBeforeAnsweringSaysItWentUnanswered() throws Exception {
        echo = false;
        EngineStream s = client.openStream(serverKey.nodeId(), Alpn.DOCS, at);
        s.output().write(new byte[] {1, 2, 3});
        s.output().flush();
        assertTrue(held.poll(10, TimeUnit.SECONDS) != null, "the server took the stream");
        server.close(); // the peer closes the connection without a byte of answer
        ConnectionClosedException e = assertThrows(ConnectionClosedException.class, () -> s.input().read());
        assertTrue(e.unanswered(), e.getMessage());
        assertFalse(waitForConnections(), "the closed connection is forgotten, so the next stream dials anew");
    }

    @Test
    void aStreamThatHadPartOfItsAnswerIsNotUnanswered() throws Exception {
        echo = false;
        EngineStream s = client.openStream(serverKey.nodeId(), Alpn.DOCS, at);
        s.output().write(new byte[] {1});
        s.output().flush();
        EngineStream theirs = held.poll(10, TimeUnit.SECONDS);
        theirs.output().write(new byte[] {9, 8});
        theirs.output().flush();
        byte[] two = s.input().readNBytes(2);
        assertArrayEquals(new byte[] {9, 8}, two);
        server.close();
        ConnectionClosedException e = assertThrows(ConnectionClosedException.class, () -> s.input().read());
        assertFalse(e.unanswered(), "part of the answer had arrived: repeating the request is not known to be safe");
    }

    /** Whether connections remain after waiting up to 10 s for them to end. */
    private boolean waitForConnections() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (client.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return client.openConnections() > 0;
    }
}
