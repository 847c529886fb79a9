package io.objsync.node.hostile;

import io.objsync.docs.NamespaceId;
import io.objsync.docs.sync.Frame;
import io.objsync.docs.sync.MessagePart;
import io.objsync.docs.sync.Range;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.net.PeerStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A document-sync peer whose messages are all valid but which never converges: it answers every range it
 * receives, fingerprint or items alike, with a fingerprint of that same range that matches nothing, so the
 * other side must split or send items again, round after round. Only a bound on the session ends it.
 */
final class NeverConvergingPeer {
    private final Random random = new Random(13);
    private int rounds;

    /** Dials: sends an Init for {@code ns} (a whole-set fingerprint that matches nothing), then answers. */
    void dial(PeerStream s, NamespaceId ns) throws IOException {
        send(s.output(), init(ns, fp()));
        answer(s.input(), s.output());
    }

    /** An Init for {@code ns} whose whole-set fingerprint is {@code fp}. */
    static Frame.Init init(NamespaceId ns, byte[] fp) {
        byte[] whole = new byte[64];
        System.arraycopy(ns.toBytes(), 0, whole, 0, 32);
        return new Frame.Init(ns, List.of(new MessagePart.RangeFingerprint(Range.of(whole, whole), fp)));
    }

    /** Accepts: reads the Init and answers it and everything after. */
    void accept(PeerStream s) throws IOException {
        answer(s.input(), s.output());
    }

    /** Messages answered before the other side gave up. */
    int rounds() {
        return rounds;
    }

    private void answer(InputStream in, OutputStream out) throws IOException {
        byte[] payload;
        while ((payload = SyncCodec.readFrame(in, 1 << 30)) != null) {
            Frame f = SyncCodec.decode(payload);
            if (f instanceof Frame.Abort abort) {
                throw new IllegalStateException("declined: " + abort.reason());
            }
            List<MessagePart> got = f instanceof Frame.Init init ? init.message() : ((Frame.Sync) f).message();
            List<MessagePart> reply = new ArrayList<>(got.size());
            for (MessagePart p : got) {
                Range r = p instanceof MessagePart.RangeFingerprint fp ? fp.range()
                        : ((MessagePart.RangeItem) p).range();
                reply.add(new MessagePart.RangeFingerprint(r, fp()));
            }
            if (reply.isEmpty()) {
                throw new IllegalStateException("an empty message after " + rounds + " rounds");
            }
            send(out, new Frame.Sync(reply));
            rounds++;
        }
    }

    private void send(OutputStream out, Frame f) throws IOException {
        SyncCodec.writeFrame(out, SyncCodec.encode(f));
    }

    private byte[] fp() {
        byte[] fp = new byte[32];
        random.nextBytes(fp);
        return fp;
    }
}
