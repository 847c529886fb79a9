package io.objsync.docs.internal;

import io.objsync.crypto.Ed25519PublicKey;
import io.objsync.docs.Entry;
import io.objsync.docs.Record;
import io.objsync.docs.SignedEntry;
import io.objsync.hash.Hash;
import io.objsync.internal.postcard.PostcardException;
import io.objsync.internal.postcard.PostcardReader;
import io.objsync.internal.postcard.PostcardWriter;

/**
 * The postcard layout of iroh-docs' {@code SignedEntry}: {@code author_signature [u8;64] ‖ namespace_signature
 * [u8;64] ‖ id (byte string: namespace ‖ author ‖ key) ‖ len (varint u64) ‖ hash [u8;32] ‖ timestamp (varint
 * u64)}. The same bytes are what the replica store keeps per entry.
 */
public final class EntryCodec {
    private EntryCodec() {
    }

    /** Appends {@code e}. */
    public static void write(PostcardWriter w, SignedEntry e) {
        w.fixed(e.authorSignature()).fixed(e.namespaceSignature());
        w.bytes(e.entry().recordId());
        Record r = e.record();
        w.varint(r.length()).fixed(r.hash().toBytes()).varint(r.timestamp());
    }

    /** The encoding of one entry. */
    public static byte[] encode(SignedEntry e) {
        PostcardWriter w = new PostcardWriter(256 + e.entry().keyLength());
        write(w, e);
        return w.toByteArray();
    }

    /**
     * Reads one entry.
     *
     * @throws PostcardException on malformed bytes, including a record identifier shorter than 64 bytes
     */
    public static SignedEntry read(PostcardReader r) {
        byte[] authorSig = r.fixed(Ed25519PublicKey.SIGNATURE_LENGTH);
        byte[] namespaceSig = r.fixed(Ed25519PublicKey.SIGNATURE_LENGTH);
        int at = r.position();
        byte[] id = r.bytes();
        if (id.length < Entry.ID_PREFIX_BYTES) {
            throw new PostcardException("record identifier of " + id.length + " bytes, below 64", at);
        }
        long len = r.u64();
        Hash hash = Hash.of(r.fixed(Hash.LENGTH));
        long ts = r.u64();
        return SignedEntry.of(Entry.fromId(id, Record.of(hash, len, ts)), authorSig, namespaceSig);
    }

    /** Decodes exactly one entry from {@code bytes}. */
    public static SignedEntry decode(byte[] bytes) {
        PostcardReader r = new PostcardReader(bytes);
        SignedEntry e = read(r);
        r.expectEnd();
        return e;
    }
}
