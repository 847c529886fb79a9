package io.objsync.docs;

import io.objsync.docs.internal.EntryCodec;
import io.objsync.docs.sync.ContentStatus;
import io.objsync.docs.sync.Frame;
import io.objsync.docs.sync.MessagePart;
import io.objsync.docs.sync.Range;
import io.objsync.docs.sync.SyncCodec;
import io.objsync.hash.Blake3;
import io.objsync.hash.Hash;
import io.objsync.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference byte layouts, checked against bytes written out by hand. */
class LayoutTest {
    static final HexFormat HEX = HexFormat.of();
    // RFC 8032 test 1: this seed's public key is d75a98...511a.
    static final byte[] SEED1 = TestVectors.hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] SEED2 = TestVectors.hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    final NamespaceSecret ns = NamespaceSecret.fromBytes(SEED1);
    final AuthorSecret author = AuthorSecret.fromBytes(SEED2);
    final Hash hash = Blake3.hash("hello".getBytes());
    final Entry entry = Entry.of(ns.id(), author.id(), "key".getBytes(), Record.of(hash, 5, 0x0102030405L));

    @Test
    void idsArePublicKeys() {
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", ns.id().toHex());
        assertEquals("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", author.id().toHex());
    }

    @Test
    void signedBytesAndFingerprint() {
        byte[] expected = concat(ns.id().toBytes(), author.id().toBytes(), "key".getBytes(),
                HEX.parseHex("0000000000000005"), hash.toBytes(), HEX.parseHex("0000000102030405"));
        assertArrayEquals(expected, entry.signedBytes());
        byte[] fpInput = concat(ns.id().toBytes(), author.id().toBytes(), "key".getBytes(),
                HEX.parseHex("0000000102030405"), hash.toBytes());
        assertArrayEquals(Blake3.hash(fpInput).toBytes(), entry.fingerprint());
        assertArrayEquals(concat(ns.id().toBytes(), author.id().toBytes(), "key".getBytes()), entry.recordId());
    }

    @Test
    void signedEntryPostcardLayout() {
        SignedEntry e = SignedEntry.sign(entry, ns, author);
        assertTrue(e.verify());
        // author signature, namespace signature, id as a byte string, len varint, hash, timestamp varint
        byte[] expected = concat(e.authorSignature(), e.namespaceSignature(), new byte[] {67}, entry.recordId(),
                new byte[] {5}, hash.toBytes(), HEX.parseHex("85888c9010"));
        assertArrayEquals(expected, EntryCodec.encode(e));
        assertEquals(e, EntryCodec.decode(expected));
        // the signatures are the RFC 8032 signatures of the signed bytes under each key
        assertTrue(io.objsync.crypto.Ed25519PublicKey.fromBytes(ns.id().toBytes())
                .verify(entry.signedBytes(), e.namespaceSignature()));
        assertTrue(io.objsync.crypto.Ed25519PublicKey.fromBytes(author.id().toBytes())
                .verify(entry.signedBytes(), e.authorSignature()));
        assertTrue(!Arrays.equals(e.namespaceSignature(), e.authorSignature()));
    }

    @Test
    void frameLayouts() {
        assertArrayEquals(new byte[] {2, 0}, SyncCodec.encode(new Frame.Abort(Frame.AbortReason.NOT_FOUND)));
        assertArrayEquals(new byte[] {2, 2},
                SyncCodec.encode(new Frame.Abort(Frame.AbortReason.INTERNAL_SERVER_ERROR)));
        assertArrayEquals(new byte[] {1, 0}, SyncCodec.encode(new Frame.Sync(List.of())));
        byte[] x = new byte[64];
        byte[] y = new byte[65];
        y[64] = 7;
        byte[] fp = new byte[32];
        Arrays.fill(fp, (byte) 0xAB);
        Frame init = new Frame.Init(ns.id(), List.of(new MessagePart.RangeFingerprint(Range.of(x, y), fp)));
        byte[] expected = concat(new byte[] {0}, ns.id().toBytes(), new byte[] {1, 0, 64}, x, new byte[] {65}, y, fp);
        assertArrayEquals(expected, SyncCodec.encode(init));
        SignedEntry e = SignedEntry.sign(entry, ns, author);
        Frame items = new Frame.Sync(List.of(new MessagePart.RangeItem(Range.of(x, x),
                List.of(new MessagePart.Item(e, ContentStatus.INCOMPLETE)), true)));
        byte[] expectedItems = concat(new byte[] {1, 1, 1, 64}, x, new byte[] {64}, x, new byte[] {1},
                EntryCodec.encode(e), new byte[] {1, 1});
        assertArrayEquals(expectedItems, SyncCodec.encode(items));
        Frame back = SyncCodec.decode(expectedItems);
        MessagePart.RangeItem item = (MessagePart.RangeItem) ((Frame.Sync) back).message().get(0);
        assertEquals(e, item.values().get(0).entry());
        assertEquals(ContentStatus.INCOMPLETE, item.values().get(0).status());
        assertTrue(item.haveLocal());
    }

    @Test
    void emptyFingerprintIsBlake3OfNothing() {
        assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", Record.EMPTY_HASH.toHex());
    }
}
