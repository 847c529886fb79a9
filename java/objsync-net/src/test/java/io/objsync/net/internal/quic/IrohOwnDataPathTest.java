package io.objsync.net.internal.quic;

import io.objsync.bao.BaoDecoder;
import io.objsync.bao.ChunkRanges;
import io.objsync.net.Alpn;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.internal.quic.engine.EngineConnection;
import io.objsync.net.internal.quic.engine.EngineStream;
import io.objsync.net.iroh.IrohNode;
import io.objsync.protocol.GetRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our own QUIC data path ({@link QuicHandshake} + {@code EngineConnection}, no kwik) against a real iroh 0.35 node
 * (quinn): the handshake with iroh's TLS profile, then a blob fetched with iroh-blobs' Get and verified against
 * its BLAKE3 root. Run by {@code ci/iroh-interop.sh} in a loopback-only network namespace.
 */
@Tag("iroh")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IrohOwnDataPathTest {

    @Test
    void ourOwnDataPathFetchesAVerifiedBlobFromIroh() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(21).nextBytes(data);
        NodeKey key = NodeKey.generate();
        try (IrohNode iroh = IrohNode.start();
             DatagramChannel ch = DatagramChannel.open()
                     .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            IrohNode.Added added = iroh.addBytes(data);
            iroh.addPeer(NodeAddr.of(key.nodeId(), (InetSocketAddress) ch.getLocalAddress())); // 0.35's address rule
            InetSocketAddress irohAt = iroh.addrs().stream().filter(a -> a.getAddress() instanceof Inet4Address)
                    .findFirst().orElseThrow();
            ch.connect(irohAt);
            QuicHandshake dial = QuicHandshake.dial(key, iroh.nodeId(), Alpn.BLOBS,
                    EngineConnection.Settings.defaults(), (b, o, l) -> ch.write(ByteBuffer.wrap(b, o, l)));
            Thread pump = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(65536);
                try {
                    while (true) {
                        buf.clear();
                        ch.read(buf);
                        dial.deliver(buf.array(), 0, buf.position());
                    }
                } catch (ClosedChannelException e) {
                    // over
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            pump.setDaemon(true);
            pump.start();
            try (EngineConnection connection = dial.await(20_000)) {
                assertEquals(iroh.nodeId(), dial.peer());
                EngineStream stream = connection.openStream();
                stream.output().write(GetRequest.blob(added.hash()).encode());
                stream.output().close();
                byte[] response = stream.input().readAllBytes();

                long size = ByteBuffer.wrap(response, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                assertEquals(data.length, size);
                ByteArrayOutputStream verified = new ByteArrayOutputStream();
                BaoDecoder decoder = BaoDecoder.create(added.hash(), size, 4, ChunkRanges.all(),
                        (offset, bytes) -> {
                            byte[] b = new byte[bytes.remaining()];
                            bytes.get(b);
                            verified.write(b);
                        });
                decoder.feed(ByteBuffer.wrap(response, 8, response.length - 8));
                assertArrayEquals(data, verified.toByteArray());
            }
        }
    }
}
