package io.objsync.net.internal.quic;

import io.objsync.net.KwikEndpoints;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.TransportLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forces kwik 0.10.8's lost reader wake-up ({@link StrandedReader}) instead of waiting for it to happen: the test
 * holds the stream input's monitor while the reader is between kwik's "has the input ended?" check and its
 * registration, lets the peer's reset arrive (kwik finds no reader to interrupt), then lets the reader in. Before
 * the fix that reader waited for the idle timeout (in CI, 30 s per occurrence, which timed out the 200-round
 * reset test); now the read fails as a reset, promptly.
 */
@Timeout(60)
class StrandedReaderTest {

    private static final String PROTOCOL = "/test-reset/1";
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void aReaderThatMissesTheResetWakeUpStillSeesTheReset() throws Exception {
        CountDownLatch reset = new CountDownLatch(1);
        // The handler returns without finishing its output, so the endpoint resets the stream.
        Map<String, io.objsync.net.StreamHandler> handlers = Map.of(PROTOCOL, s -> {
            s.input().read();
            try {
                reset.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Long enough that a read ended by the idle timeout cannot pass for one woken by the reset.
        TransportLimits limits = TransportLimits.defaults().withIdleTimeout(Duration.ofSeconds(8));
        try (QuicEndpoint server = KwikEndpoints.bind(NodeKey.generate(), LOOPBACK, handlers, limits);
             QuicEndpoint client = KwikEndpoints.bind(NodeKey.generate(), LOOPBACK, Map.of(), limits);
             PeerStream s = client.connect(server.addr(), PROTOCOL)) {
            s.output().write(1);
            s.output().flush();
            Object input = KwikAccess.input(((QuicPeerStream) s).kwikStream());
            assertTrue(input != null, "the stream's input is kwik 0.10.8's");
            Object monitor = KwikAccess.inputMonitor(input);

            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    outcome.set(new AssertionError("read returned " + s.input().read()));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            }, "stranded-reader");
            synchronized (monitor) {
                reader.start();
                // Blocked on the monitor: past kwik's ended-check, not yet registered.
                MonitorProbe.awaitTrue(() -> MonitorProbe.blockedOn(reader, monitor),
                        "the reader to block on the input's monitor");
                assertFalse(KwikAccess.inputEnded(input), "the input has not ended before the peer resets it");
                reset.countDown();
                MonitorProbe.awaitTrue(() -> KwikAccess.inputEnded(input), "the peer's reset to arrive");
                assertFalse(KwikAccess.readerInside(input), "kwik had no registered reader to interrupt");
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(reader.isAlive(), "the reader is still waiting");
            Throwable t = outcome.get();
            assertInstanceOf(IOException.class, t);
            assertFalse(t instanceof StreamTimeoutException, "the read ended only at the idle timeout: " + t);
            assertTrue(String.valueOf(t.getMessage()).contains("reset"), t.toString());
        }
    }
}
