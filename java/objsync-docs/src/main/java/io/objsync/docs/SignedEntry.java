package io.objsync.docs;

import io.objsync.crypto.Ed25519PublicKey;

import java.util.Arrays;
import java.util.Objects;

/**
 * An entry with its two Ed25519 signatures over {@link Entry#signedBytes()}: one by the namespace key (the write
 * capability) and one by the author key. A replica stores only entries whose signatures both verify.
 */
public final class SignedEntry {
    private final Entry entry;
    private final byte[] authorSignature;
    private final byte[] namespaceSignature;

    private SignedEntry(Entry entry, byte[] authorSignature, byte[] namespaceSignature) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.authorSignature = checkSignature(authorSignature, "authorSignature");
        this.namespaceSignature = checkSignature(namespaceSignature, "namespaceSignature");
    }

    private static byte[] checkSignature(byte[] sig, String name) {
        Objects.requireNonNull(sig, name);
        if (sig.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException(name + " must be 64 bytes, got " + sig.length);
        }
        return sig.clone();
    }

    /**
     * Signs {@code entry} with {@code namespace} and {@code author}.
     *
     * @throws IllegalArgumentException when the keys are not the entry's namespace and author
     */
    public static SignedEntry sign(Entry entry, NamespaceSecret namespace, AuthorSecret author) {
        if (!namespace.id().equals(entry.namespace()) || !author.id().equals(entry.author())) {
            throw new IllegalArgumentException("the keys are not the entry's namespace and author");
        }
        byte[] msg = entry.signedBytes();
        return new SignedEntry(entry, author.sign(msg), namespace.sign(msg));
    }

    /** An entry with signatures as received; nothing is verified here (see {@link #verify()}). */
    public static SignedEntry of(Entry entry, byte[] authorSignature, byte[] namespaceSignature) {
        return new SignedEntry(entry, authorSignature, namespaceSignature);
    }

    /** True when both signatures verify under the entry's namespace and author keys. */
    public boolean verify() {
        byte[] msg = entry.signedBytes();
        return Ed25519PublicKey.fromBytes(entry.namespace().raw()).verify(msg, namespaceSignature)
                && Ed25519PublicKey.fromBytes(entry.author().raw()).verify(msg, authorSignature);
    }

    /** The entry. */
    public Entry entry() {
        return entry;
    }

    /** A copy of the author's signature. */
    public byte[] authorSignature() {
        return authorSignature.clone();
    }

    /** A copy of the namespace's signature. */
    public byte[] namespaceSignature() {
        return namespaceSignature.clone();
    }

    byte[] rawAuthorSignature() {
        return authorSignature;
    }

    byte[] rawNamespaceSignature() {
        return namespaceSignature;
    }

    /** The author. */
    public AuthorId author() {
        return entry.author();
    }

    /** A copy of the key. */
    public byte[] key() {
        return entry.key();
    }

    /** The record. */
    public Record record() {
        return entry.record();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEntry s && s.entry.equals(entry) && Arrays.equals(s.authorSignature, authorSignature)
                && Arrays.equals(s.namespaceSignature, namespaceSignature);
    }

    @Override
    public int hashCode() {
        return entry.hashCode();
    }

    @Override
    public String toString() {
        return "Signed" + entry;
    }
}
