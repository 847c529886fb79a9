package io.objsync.docs.sync;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.docs.AuthorSecret;
import io.objsync.docs.Entry;
import io.objsync.docs.NamespaceId;
import io.objsync.docs.NamespaceSecret;
import io.objsync.docs.Record;
import io.objsync.docs.SignedEntry;
import io.objsync.docs.internal.EntryCodec;
import io.objsync.docs.sync.internal.MessageRules;
import io.objsync.hash.Blake3;
import io.objsync.internal.postcard.PostcardException;
import io.objsync.testing.AllocationBound;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the {@code /iroh-sync/1} wire as a session reads it from a peer: frames ({@link SyncCodec#readFrame}
 * with the default 16 MiB limit), their messages ({@link SyncCodec#decode}) and the checks applied before
 * anything is stored ({@link MessageRules}); and the signed entries inside them ({@link EntryCodec}).
 *
 * <p>Properties: only {@link SyncProtocolException} escapes the wire (and only {@link PostcardException} the
 * entry codec, which the wire maps to {@code MALFORMED}); a decoded frame re-encodes to a canonical form that
 * decodes equal and is never longer; reading allocates at most {@value #ALLOCATION_PER_BYTE} bytes per input byte
 * plus {@value #ALLOCATION_BASE}, whatever length a frame header claims.
 */
class SyncCodecFuzzTest {

    static final long ALLOCATION_BASE = 1 << 20;
    static final long ALLOCATION_PER_BYTE = 16;
    private static final int MAX_FRAME = SyncConfig.defaults().maxFrameBytes();
    private static final int MAX_PARTS = SyncConfig.defaults().maxPartsPerMessage();

    static {
        // Load the hash backend (native library extraction: megabytes) before any allocation is measured.
        entries();
    }

    @FuzzTest
    void readFrames(byte[] input) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        while (true) {
            byte[][] payload = new byte[1][];
            Frame[] frame = new Frame[1];
            in.mark(0);
            try {
                AllocationBound.check(ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length, "reading a sync frame", () -> {
                    in.reset(); // repeatable: a repeated measurement reads the same frame
                    payload[0] = SyncCodec.readFrame(in, MAX_FRAME);
                    if (payload[0] != null) {
                        frame[0] = SyncCodec.decode(payload[0]);
                    }
                });
                if (payload[0] == null) {
                    return;
                }
                List<MessagePart> parts = frame[0] instanceof Frame.Init init ? init.message()
                        : frame[0] instanceof Frame.Sync sync ? sync.message() : List.of();
                byte[] namespace = frame[0] instanceof Frame.Init init ? init.namespace().toBytes() : new byte[32];
                MessageRules.check(parts, namespace, MAX_PARTS);
            } catch (SyncProtocolException e) {
                return;
            }
            byte[] canonical = SyncCodec.encode(frame[0]);
            assertTrue(canonical.length <= payload[0].length, "canonical form longer than the frame");
            Frame back = SyncCodec.decode(canonical);
            assertArrayEquals(canonical, SyncCodec.encode(back));
        }
    }

    @FuzzTest
    void decodeEntry(byte[] input) {
        SignedEntry e;
        try {
            e = EntryCodec.decode(input);
        } catch (PostcardException ex) {
            return;
        }
        byte[] canonical = EntryCodec.encode(e);
        assertTrue(canonical.length <= input.length);
        assertArrayEquals(canonical, EntryCodec.encode(EntryCodec.decode(canonical)));
        assertEquals(e.entry().namespace(), EntryCodec.decode(canonical).entry().namespace());
    }

    static List<SignedEntry> entries() {
        NamespaceSecret ns = NamespaceSecret.fromBytes(FuzzSeeds.filled(1, 32));
        AuthorSecret author = AuthorSecret.fromBytes(FuzzSeeds.filled(2, 32));
        byte[] value = "value".getBytes(StandardCharsets.UTF_8);
        return List.of(
                SignedEntry.sign(Entry.of(ns.id(), author.id(), "/a".getBytes(StandardCharsets.UTF_8),
                        Record.of(Blake3.hash(value), value.length, 1_700_000_000_000_000L)), ns, author),
                SignedEntry.sign(Entry.of(ns.id(), author.id(), "/b/c".getBytes(StandardCharsets.UTF_8),
                        Record.empty(1_700_000_000_000_001L)), ns, author));
    }

    static Map<String, byte[]> frameSeeds() throws IOException {
        List<SignedEntry> entries = entries();
        NamespaceId ns = entries.get(0).entry().namespace();
        byte[] lo = entries.get(0).entry().recordId();
        byte[] hi = Arrays.copyOf(entries.get(1).entry().recordId(), 80);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("init-fingerprint", framed(new Frame.Init(ns, List.of(new MessagePart.RangeFingerprint(
                Range.of(lo, lo), new byte[32])))));
        seeds.put("sync-items", framed(new Frame.Sync(List.of(new MessagePart.RangeItem(Range.of(lo, hi),
                List.of(new MessagePart.Item(entries.get(0), ContentStatus.COMPLETE),
                        new MessagePart.Item(entries.get(1), ContentStatus.MISSING)), true)))));
        seeds.put("abort", framed(new Frame.Abort(Frame.AbortReason.values()[1])));
        seeds.put("init-then-sync", concat(seeds.get("init-fingerprint"), framed(new Frame.Sync(List.of()))));
        return seeds;
    }

    static Map<String, byte[]> entrySeeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        List<SignedEntry> entries = entries();
        for (int i = 0; i < entries.size(); i++) {
            seeds.put("entry-" + i, EntryCodec.encode(entries.get(i)));
        }
        return seeds;
    }

    private static byte[] framed(Frame f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SyncCodec.writeFrame(out, SyncCodec.encode(f));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(SyncCodecFuzzTest.class, "readFrames", frameSeeds());
        FuzzSeeds.check(SyncCodecFuzzTest.class, "decodeEntry", entrySeeds());
    }
}
