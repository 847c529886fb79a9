package io.objsync.node;

import io.objsync.docs.SignedEntry;
import io.objsync.docs.sync.Frame;
import io.objsync.docs.sync.MessagePart;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.net.Alpn;
import io.objsync.net.NodeAddr;
import io.objsync.net.NodeKey;
import io.objsync.net.PeerStream;
import io.objsync.net.QuicEndpoint;
import io.objsync.net.StreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer that stands between us and another node and damages what that node sends: it accepts
 * {@code /iroh-sync/1} and {@code /iroh-bytes/4} under its own key, opens the same protocol to the node behind it
 * and copies both ways, except that it flips a bit of every author signature in the sync messages coming back
 * ({@link Damage#SIGNATURES}) or one byte of each blob response's data ({@link Damage#CONTENT}). The node behind
 * it is unaware: the bytes it produces are honest, the relay corrupts them on the way.
 */
final class CorruptingRelay implements AutoCloseable {

    /** What the relay damages. */
    enum Damage {
        /** One bit of the author signature of every entry in the sync frames coming back. */
        SIGNATURES,
        /** One byte of the content in each blob response coming back (after the 8-byte size prefix). */
        CONTENT
    }

    private final QuicEndpoint endpoint;
    private final AtomicInteger damaged;

    private CorruptingRelay(QuicEndpoint endpoint, AtomicInteger damaged) {
        this.endpoint = endpoint;
        this.damaged = damaged;
    }

    /** Starts a relay on {@code listen} in front of {@code behind}. */
    static CorruptingRelay start(InetSocketAddress listen, NodeAddr behind, Damage damage) throws IOException {
        QuicEndpoint[] self = new QuicEndpoint[1];
        AtomicInteger damaged = new AtomicInteger();
        StreamHandler docs = in -> relay(self[0], in, behind, Alpn.DOCS,
                damage == Damage.SIGNATURES ? CorruptingRelay::damageSignatures : CorruptingRelay::copyAll, damaged);
        StreamHandler blobs = in -> relay(self[0], in, behind, Alpn.BLOBS,
                damage == Damage.CONTENT ? CorruptingRelay::damageContent : CorruptingRelay::copyAll, damaged);
        self[0] = QuicEndpoint.bind(NodeKey.generate(), listen, Map.of(Alpn.DOCS, docs, Alpn.BLOBS, blobs));
        return new CorruptingRelay(self[0], damaged);
    }

    /** The relay's own address: what a ticket naming it carries. */
    NodeAddr addr() {
        return endpoint.addr();
    }

    /** How many signatures or responses it damaged so far. */
    int damaged() {
        return damaged.get();
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private interface Pump {
        void pump(InputStream from, OutputStream to, AtomicInteger damaged) throws IOException;
    }

    private static void relay(QuicEndpoint self, PeerStream in, NodeAddr behind, String alpn, Pump back,
                              AtomicInteger damaged) throws IOException {
        try (PeerStream out = self.connect(behind, alpn)) {
            Thread forward = new Thread(() -> {
                try {
                    in.input().transferTo(out.output());
                    out.finishOutput();
                } catch (IOException e) {
                    out.close();
                }
            }, "relay-forward");
            forward.setDaemon(true);
            forward.start();
            back.pump(out.input(), in.output(), damaged);
            in.finishOutput();
            try {
                forward.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted relaying", e);
            }
        }
    }

    private static void copyAll(InputStream from, OutputStream to, AtomicInteger damaged) throws IOException {
        from.transferTo(to);
    }

    /** Frame by frame: every entry's author signature gets one bit flipped, the rest is re-encoded as it came. */
    private static void damageSignatures(InputStream from, OutputStream to, AtomicInteger damaged)
            throws IOException {
        for (byte[] payload; (payload = SyncCodec.readFrame(from, SyncCodec.REFERENCE_MAX_FRAME)) != null; ) {
            Frame f = SyncCodec.decode(payload);
            if (f instanceof Frame.Sync sync) {
                f = new Frame.Sync(damage(sync.message(), damaged));
            } else if (f instanceof Frame.Init init) {
                f = new Frame.Init(init.namespace(), damage(init.message(), damaged));
            }
            SyncCodec.writeFrame(to, SyncCodec.encode(f));
            to.flush();
        }
    }

    private static List<MessagePart> damage(List<MessagePart> message, AtomicInteger damaged) {
        List<MessagePart> out = new ArrayList<>(message.size());
        for (MessagePart p : message) {
            if (p instanceof MessagePart.RangeItem item) {
                List<MessagePart.Item> values = new ArrayList<>();
                for (MessagePart.Item v : item.values()) {
                    byte[] sig = v.entry().authorSignature().clone();
                    sig[7] ^= 0x10;
                    damaged.incrementAndGet();
                    values.add(new MessagePart.Item(
                            SignedEntry.of(v.entry().entry(), sig, v.entry().namespaceSignature()), v.status()));
                }
                out.add(new MessagePart.RangeItem(item.range(), values, item.haveLocal()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The response as it came, but with the fourth byte after the 8-byte size prefix flipped. */
    private static void damageContent(InputStream from, OutputStream to, AtomicInteger damaged) throws IOException {
        byte[] head = from.readNBytes(12);
        if (head.length == 12) {
            head[11] ^= (byte) 0xff;
            damaged.incrementAndGet();
        }
        to.write(head);
        from.transferTo(to);
    }
}
