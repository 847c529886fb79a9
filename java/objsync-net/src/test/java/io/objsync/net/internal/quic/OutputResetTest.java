package io.objsync.net.internal.quic;

import io.objsync.net.KwikEndpoints;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;
import io.objsync.net.StreamTimeoutException;
import io.objsync.net.TransportLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forces the race {@link OutputReset} avoids: kwik's sender thread has seen the stream's send buffer hold data
 * and is about to take a frame from it (held at the flow-control lookup in between, whose monitor the test
 * holds) when the stream is closed unfinished. A reset on the closing thread empties the buffer under the
 * sender, which dies with a NullPointerException and takes the connection with it: the peer never sees the
 * RESET_STREAM and its read ends only at its idle timeout. Run on the sender thread, the reset follows the frame
 * and the peer's read fails as a reset.
 */
@Timeout(60)
class OutputResetTest {

    private static final String PROTOCOL = "/test-reset/1";
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void closingAStreamWhileTheSenderTakesItsDataKeepsTheConnectionAndResetsTheStream() throws Exception {
        BlockingQueue<Object> outcomes = new ArrayBlockingQueue<>(1);
        StreamHandler drain = s -> {
            try {
                outcomes.add("clean end after " + s.input().readAllBytes().length + " bytes");
            } catch (IOException e) {
                outcomes.add(e);
            }
        };
        // Long enough that a read ended by the idle timeout cannot pass for one ended by the reset.
        TransportLimits limits = TransportLimits.defaults().withIdleTimeout(Duration.ofSeconds(8));
        try (QuicEndpoint server = KwikEndpoints.bind(NodeKey.generate(), LOOPBACK, Map.of(PROTOCOL, drain), limits);
             QuicEndpoint client = KwikEndpoints.bind(NodeKey.generate(), LOOPBACK, Map.of(), limits)) {
            PeerStream s = client.connect(server.addr(), PROTOCOL);
            Object output = ((QuicPeerStream) s).kwikStream().getOutputStream();
            Object flowControl = field(output, "flowController");
            synchronized (flowControl) {
                s.output().write(new byte[100]);
                Thread sender = MonitorProbe.awaitBlockedOn(flowControl, "kwik's sender to block on flow control");
                assertTrue(sender.getName().contains("sender"), sender.getName());
                s.close(); // unfinished: RESET_STREAM
            }
            Object outcome = outcomes.poll(30, TimeUnit.SECONDS);
            assertNotNull(outcome, "the server's handler never ended");
            assertInstanceOf(IOException.class, outcome, String.valueOf(outcome));
            assertFalse(outcome instanceof StreamTimeoutException, "the reset never arrived: " + outcome);
            assertTrue(String.valueOf(((IOException) outcome).getMessage()).contains("reset"), outcome.toString());
        }
    }

    /** A task that throws on kwik's sender thread must not end that thread, which would end the connection. */
    @Test
    void aTaskThatThrowsOnTheSenderThreadLeavesTheConnectionWorking() throws Exception {
        StreamHandler echo = s -> {
            s.output().write(s.input().readAllBytes());
            s.finishOutput();
        };
        TransportLimits limits = TransportLimits.defaults().withIdleTimeout(Duration.ofSeconds(8));
        try (QuicEndpoint server = KwikEndpoints.bind(NodeKey.generate(), LOOPBACK, Map.of(PROTOCOL, echo), limits);
             QuicEndpoint client = KwikEndpoints.bind(NodeKey.generate(), LOOPBACK, Map.of(), limits)) {
            Object connection;
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            try (PeerStream first = client.connect(server.addr(), PROTOCOL)) {
                connection = field(((QuicPeerStream) first).kwikStream(), "connection");
                assertTrue(KwikAccess.runOnSender(((QuicPeerStream) first).kwikStream(), () -> {
                    ran.countDown();
                    throw new IllegalStateException("thrown on the sender thread");
                }));
                assertTrue(ran.await(20, TimeUnit.SECONDS), "the sender ran the task");
                first.output().write(1);
                first.finishOutput();
                assertArrayEquals(new byte[] {1}, first.input().readAllBytes());
            }
            try (PeerStream second = client.connect(server.addr(), PROTOCOL)) {
                assertSame(connection, field(((QuicPeerStream) second).kwikStream(), "connection"),
                        "the same connection carries the next stream");
                second.output().write(2);
                second.finishOutput();
                assertArrayEquals(new byte[] {2}, second.input().readAllBytes());
            }
        }
    }

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(o);
            } catch (NoSuchFieldException e) {
                // declared higher up
            }
        }
        throw new NoSuchFieldException(name);
    }
}
