package io.objsync.net.internal.quic;

import io.objsync.net.NodeKey;
import io.objsync.net.TransportLimits;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Both ends of a loopback connection send 1500-byte datagrams instead of kwik's 1252. */
class LoopbackDatagramsTest {

    @Test
    void loopbackConnectionsUseLargeDatagramsBothWays() throws Exception {
        NodeKey serverKey = NodeKey.generate();
        TransportLimits limits = TransportLimits.defaults();
        BlockingQueue<tech.kwik.core.QuicStream> accepted = new ArrayBlockingQueue<>(1);
        try (UdpMux serverMux = UdpMux.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             UdpMux clientMux = UdpMux.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             QuicServer server = new QuicServer(serverKey, serverMux, Set.of("/t/1"), limits,
                     (peer, from, alpn, stream) -> accepted.add(stream));
             QuicDialer dialer = new QuicDialer(NodeKey.generate(), limits, clientMux)) {
            tech.kwik.core.QuicStream s = dialer.openStream(serverKey.nodeId(), "/t/1",
                    new InetSocketAddress(serverMux.localAddress(), serverMux.localPort()));
            s.getOutputStream().write(1); // the server learns of the stream from its first bytes
            s.getOutputStream().flush();
            tech.kwik.core.QuicStream there = accepted.poll(10, TimeUnit.SECONDS); // bounds a broken test only
            assertNotNull(there);
            assertEquals(LoopbackDatagrams.BYTES, KwikAccess.maxDatagram(s));
            assertEquals(LoopbackDatagrams.BYTES, KwikAccess.maxDatagram(there));
        }
    }
}
