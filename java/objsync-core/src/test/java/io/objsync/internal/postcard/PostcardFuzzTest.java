package io.objsync.internal.postcard;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.objsync.internal.Varint;
import io.objsync.testing.FuzzSeeds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the postcard reader, which every ticket, sync message and entry goes through. Input: a count byte
 * {@code n}, then {@code n} operation bytes, then the bytes the reader reads with those operations in turn.
 *
 * <p>Properties: only {@link PostcardException} escapes; no read allocates more than the bytes that remain;
 * every value read, written back by {@link PostcardWriter}, reads back the same (the writer's form is the
 * canonical one, at most as long as what was read); the reader's varints agree with {@link Varint#read}.
 */
class PostcardFuzzTest {

    private static final int OPS = 11;

    @FuzzTest
    void readSequence(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int n = Math.min(input[0] & 0x0F, input.length - 1);
        byte[] ops = Arrays.copyOfRange(input, 1, 1 + n);
        byte[] data = Arrays.copyOfRange(input, 1 + n, input.length);
        PostcardReader r = new PostcardReader(data);
        for (byte op : ops) {
            int before = r.position();
            try {
                byte[] canonical = readOne(r, data, op & 0xFF);
                int consumed = r.position() - before;
                assertTrue(canonical.length <= consumed, "canonical form longer than what was read");
            } catch (PostcardException e) {
                return; // the only failure hostile bytes may cause
            }
        }
    }

    /** Applies one operation and returns the canonical encoding of what it read, checked to read back the same. */
    private static byte[] readOne(PostcardReader r, byte[] all, int op) {
        int remaining = r.remaining();
        byte[] data = Arrays.copyOfRange(all, r.position(), all.length);
        switch (op % OPS) {
            case 0 -> {
                int v = r.u8();
                return roundTrip(new PostcardWriter().u8(v), x -> (long) x.u8(), v);
            }
            case 1 -> {
                long v = r.u64();
                assertEquals(v, varintAt(data), "u64 and Varint.read disagree");
                return roundTrip(new PostcardWriter().varint(v), PostcardReader::u64, v);
            }
            case 2 -> {
                long v = r.u32();
                assertTrue(v >= 0 && v <= 0xFFFF_FFFFL);
                return roundTrip(new PostcardWriter().varint(v), PostcardReader::u32, v);
            }
            case 3 -> {
                int v = r.u16();
                assertTrue(v >= 0 && v <= 0xFFFF);
                return roundTrip(new PostcardWriter().varint(v), x -> (long) x.u16(), v);
            }
            case 4 -> {
                int min = 1 + op / OPS;
                int v = r.length(min);
                assertTrue((long) v * min <= remaining, "length " + v + " of " + min + "-byte items exceeds the input");
                return roundTrip(new PostcardWriter().varint(v), x -> (long) x.length(min), v);
            }
            case 5 -> {
                boolean v = r.bool();
                return roundTrip(new PostcardWriter().bool(v), x -> x.bool() ? 1L : 0L, v ? 1 : 0);
            }
            case 6 -> {
                int variants = 1 + op / OPS;
                int v = r.variant(variants);
                assertTrue(v < variants);
                return roundTrip(new PostcardWriter().varint(v), x -> (long) x.variant(variants), v);
            }
            case 7 -> {
                byte[] v = r.fixed(op / OPS);
                return new PostcardWriter().fixed(v).toByteArray();
            }
            case 8 -> {
                byte[] v = r.bytes();
                assertTrue(v.length <= remaining, "byte string longer than the input");
                byte[] enc = new PostcardWriter().bytes(v).toByteArray();
                assertArrayEquals(v, new PostcardReader(enc).bytes());
                return enc;
            }
            case 9 -> {
                String v = r.string();
                byte[] enc = new PostcardWriter().string(v).toByteArray();
                assertEquals(v, new PostcardReader(enc).string());
                return enc;
            }
            default -> {
                r.expectEnd();
                assertEquals(0, r.remaining());
                return new byte[0];
            }
        }
    }

    private interface Read {
        long apply(PostcardReader r);
    }

    private static byte[] roundTrip(PostcardWriter w, Read read, long expected) {
        byte[] enc = w.toByteArray();
        PostcardReader again = new PostcardReader(enc);
        assertEquals(expected, read.apply(again), "the canonical encoding reads back differently");
        again.expectEnd();
        return enc;
    }

    private static long varintAt(byte[] data) {
        try {
            return Varint.read(ByteBuffer.wrap(data));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new AssertionError("PostcardReader accepted a varint Varint.read refuses", e);
        }
    }

    /** Real encodings: a ticket-like record (id, optional relay, addresses) and a sync-like part list. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        byte[] id = new byte[32];
        Arrays.fill(id, (byte) 7);
        seeds.put("record", program(new int[] {7 + 32 * OPS, 5, 9, 4 + 5 * OPS, 0, 10},
                new PostcardWriter().fixed(id).bool(true).string("https://relay.example/").varint(1).u8(0)));
        seeds.put("numbers", program(new int[] {1, 2, 3, 1, 10},
                new PostcardWriter().varint(-1L).varint(0xFFFF_FFFFL).varint(0xFFFF).varint(300)));
        seeds.put("strings", program(new int[] {8, 9, 6 + 2 * OPS, 10},
                new PostcardWriter().bytes(new byte[] {1, 2, 3}).string("objsync \u00e9\u4e2d").varint(2)));
        return seeds;
    }

    private static byte[] program(int[] ops, PostcardWriter data) {
        byte[] d = data.toByteArray();
        byte[] out = new byte[1 + ops.length + d.length];
        out[0] = (byte) ops.length;
        for (int i = 0; i < ops.length; i++) {
            out[1 + i] = (byte) ops[i];
        }
        System.arraycopy(d, 0, out, 1 + ops.length, d.length);
        return out;
    }

    @Test
    void seedsAreCommitted() throws IOException {
        FuzzSeeds.check(PostcardFuzzTest.class, "readSequence", seeds());
    }
}
