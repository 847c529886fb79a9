package io.objsync.docs.sync;

import io.objsync.docs.NamespaceId;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.internal.EntryCodec;
import io.objsync.internal.postcard.PostcardException;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /iroh-sync/1} wire format: each frame is a u32 big-endian length, then the postcard encoding of
 * {@code Init { namespace [u8;32], message } | Sync(message) | Abort { reason }}; a message is
 * {@code Vec<MessagePart>}, a range two byte strings, a fingerprint 32 raw bytes.
 */
public final class SyncCodec {
    /** The reference implementation's cap on a frame: 1 GiB. */
    public static final int REFERENCE_MAX_FRAME = 1 << 30;
    /**
     * The largest first frame an accepting side reads: an Init carries the dialer's initial message, which is one
     * fingerprint of the whole set here and in the reference (~140 bytes). So a peer must name a document the
     * node serves before it can make the node buffer a frame of up to the frame limit.
     */
    public static final int MAX_INIT_FRAME = 64 * 1024;
    private static final int MIN_PART_BYTES = 5;
    private static final int MIN_ITEM_BYTES = 64 + 64 + 1 + 64 + 1 + 32 + 1 + 1;

    private SyncCodec() {
    }

    /** The postcard encoding of {@code frame} (without the length prefix). */
    public static byte[] encode(Frame frame) {
        PostcardWriter w = new PostcardWriter(256);
        if (frame instanceof Frame.Init init) {
            w.varint(0).fixed(init.namespace().toBytes());
            writeMessage(w, init.message());
        } else if (frame instanceof Frame.Sync sync) {
            w.varint(1);
            writeMessage(w, sync.message());
        } else {
            w.varint(2).varint(((Frame.Abort) frame).reason().ordinal());
        }
        return w.toByteArray();
    }

    /** Encoded size of one part, for keeping messages within a budget. */
    public static int encodedSize(MessagePart part) {
        PostcardWriter w = new PostcardWriter(128);
        writePart(w, part);
        return w.size();
    }

    static void writeMessage(PostcardWriter w, List<MessagePart> parts) {
        w.varint(parts.size());
        for (MessagePart p : parts) {
            writePart(w, p);
        }
    }

    static void writePart(PostcardWriter w, MessagePart p) {
        if (p instanceof MessagePart.RangeFingerprint fp) {
            w.varint(0);
            writeRange(w, fp.range());
            w.fixed(fp.fingerprint());
        } else {
            MessagePart.RangeItem item = (MessagePart.RangeItem) p;
            w.varint(1);
            writeRange(w, item.range());
            w.varint(item.values().size());
            for (MessagePart.Item v : item.values()) {
                EntryCodec.write(w, v.entry());
                w.varint(v.status().ordinal());
            }
            w.bool(item.haveLocal());
        }
    }

    private static void writeRange(PostcardWriter w, Range r) {
        w.bytes(r.rawX()).bytes(r.rawY());
    }

    /**
     * Decodes one frame's payload.
     *
     * @throws SyncProtocolException with {@code MALFORMED} for anything but an exact encoding
     */
    public static Frame decode(byte[] payload) {
        try {
            PostcardReader r = new PostcardReader(payload);
            Frame f;
            switch (r.variant(3)) {
                case 0 -> {
                    NamespaceId ns = NamespaceId.of(r.fixed(32));
                    f = new Frame.Init(ns, readMessage(r));
                }
                case 1 -> f = new Frame.Sync(readMessage(r));
                default -> f = new Frame.Abort(Frame.AbortReason.values()[r.variant(3)]);
            }
            r.expectEnd();
            return f;
        } catch (PostcardException e) {
            throw new SyncProtocolException(SyncProtocolException.Reason.MALFORMED, e.getMessage(), e);
        }
    }

    private static List<MessagePart> readMessage(PostcardReader r) {
        int n = r.length(MIN_PART_BYTES);
        List<MessagePart> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = r.variant(2);
            Range range = Range.wrap(readId(r), readId(r));
            if (kind == 0) {
                parts.add(new MessagePart.RangeFingerprint(range, r.fixed(32)));
            } else {
                int m = r.length(MIN_ITEM_BYTES);
                List<MessagePart.Item> values = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    SignedEntry e = EntryCodec.read(r);
                    values.add(new MessagePart.Item(e, ContentStatus.values()[r.variant(3)]));
                }
                parts.add(new MessagePart.RangeItem(range, values, r.bool()));
            }
        }
        return parts;
    }

    /** A range bound: a record identifier, which holds at least a namespace and an author (64 bytes). */
    private static byte[] readId(PostcardReader r) {
        int at = r.position();
        byte[] id = r.bytes();
        if (id.length < 64) {
            throw new PostcardException("range bound of " + id.length + " bytes, below 64", at);
        }
        return id;
    }

    /** Writes one frame: the u32 big-endian length, then {@code payload}. */
    public static void writeFrame(OutputStream out, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(payload);
        out.flush();
    }

    /**
     * Reads one frame's payload; null when the stream ends cleanly before a frame.
     *
     * @throws SyncProtocolException with {@code FRAME_TOO_LARGE} before reading a frame longer than
     *                               {@code maxFrame}, or {@code TRUNCATED} when the stream ends inside a frame
     */
    public static byte[] readFrame(InputStream in, int maxFrame) throws IOException {
        long n = readLength(in, maxFrame);
        if (n < 0) {
            return null;
        }
        // readNBytes(int) grows its buffer as bytes arrive: a header alone cannot make us allocate the claim.
        byte[] payload = in.readNBytes((int) n);
        if (payload.length < n) {
            throw truncated(n);
        }
        return payload;
    }

    /**
     * As {@link #readFrame(InputStream, int)}, counting the payload's bytes in {@code budget} as they arrive
     * (so a peer pays for what it sent, not for what it announced); on return they stay counted, and the caller
     * releases {@code payload.length} when done with the frame. On failure nothing stays counted.
     */
    static byte[] readFrame(InputStream in, int maxFrame, FrameBudget budget) throws IOException {
        long n = readLength(in, maxFrame);
        if (n < 0) {
            return null;
        }
        if (n > budget.capacity()) {
            throw new SyncProtocolException(SyncProtocolException.Reason.FRAME_TOO_LARGE,
                    "frame of " + n + " bytes, the frame budget is " + budget.capacity());
        }
        List<byte[]> parts = new ArrayList<>();
        long counted = 0;
        try {
            while (counted < n) {
                int c = (int) Math.min(FrameBudget.CHUNK, n - counted);
                budget.acquire(c);
                counted += c;
                byte[] part = in.readNBytes(c);
                if (part.length < c) {
                    throw truncated(n);
                }
                parts.add(part);
            }
        } catch (IOException | RuntimeException e) {
            budget.release(counted);
            throw e;
        }
        byte[] payload = new byte[(int) n];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, payload, at, part.length);
            at += part.length;
        }
        return payload;
    }

    /** A frame's length, checked against {@code maxFrame}; -1 when the stream ends cleanly before a frame. */
    private static long readLength(InputStream in, int maxFrame) throws IOException {
        byte[] head = new byte[4];
        int got = in.readNBytes(head, 0, 4);
        if (got == 0) {
            return -1;
        }
        if (got < 4) {
            throw new SyncProtocolException(SyncProtocolException.Reason.TRUNCATED, "stream ended inside a length");
        }
        long n = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        if (n > maxFrame) {
            throw new SyncProtocolException(SyncProtocolException.Reason.FRAME_TOO_LARGE,
                    "frame of " + n + " bytes, the limit is " + maxFrame);
        }
        return n;
    }

    private static SyncProtocolException truncated(long n) {
        return new SyncProtocolException(SyncProtocolException.Reason.TRUNCATED,
                "stream ended inside a frame of " + n + " bytes", new EOFException());
    }
}
