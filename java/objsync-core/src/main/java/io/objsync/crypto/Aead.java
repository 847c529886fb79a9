package io.objsync.crypto;

import java.nio.ByteBuffer;

/**
 * Authenticated encryption with associated data under one key: {@code seal} encrypts and authenticates,
 * {@code open} checks and decrypts, and fails with {@link AeadBadTagException} when anything was altered.
 * Implementations are immutable and thread-safe.
 *
 * <p>Forms:
 * <ul>
 * <li>{@link #encrypt(byte[], byte[])} / {@link #decrypt(byte[], byte[])}: the simplest and safest: a fresh
 *     random nonce per message, stored in front: {@code nonce || ciphertext || tag}.</li>
 * <li>{@code seal} / {@code open} with an explicit nonce, combined: {@code ciphertext || tag}. Never use a
 *     nonce twice with the same key.</li>
 * <li>{@code sealDetached} / {@code openDetached}: the ciphertext (as long as the plaintext) and the tag
 *     apart.</li>
 * </ul>
 * Each comes for {@code byte[]} ranges and for {@link ByteBuffer}s (heap, direct or read-only input). Work
 * happens in place when the output starts at the same memory as the input (the same array and offset, or
 * two buffers over the same memory such as {@code buf} and {@code buf.duplicate()}); overlapping arrays at
 * different offsets are handled by copying; partly overlapping direct buffers are not allowed.
 *
 * <p>Buffers follow NIO conventions: the input is consumed (position moves to the limit) and the output's
 * position advances past what was written, and only on success. {@code associatedData} may be {@code null}
 * (no associated data). Arguments are checked before any work: {@link NullPointerException},
 * {@link IndexOutOfBoundsException} for ranges outside an array, {@link IllegalArgumentException} for a nonce
 * or tag of the wrong length, too little output room, or the same buffer object as input and output,
 * {@link java.nio.ReadOnlyBufferException} for a read-only output.
 */
public interface Aead {

    /** Bytes in a nonce. */
    int nonceLength();

    /** Bytes in a tag: what sealing adds to a message. */
    int tagLength();

    /**
     * Seals {@code plaintext} under a fresh random nonce.
     *
     * @return {@code nonce || ciphertext || tag}, {@code nonceLength() + plaintext.length + tagLength()} bytes
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /**
     * Opens what {@link #encrypt(byte[], byte[])} produced.
     *
     * @throws AeadBadTagException      when the data or associated data was altered
     * @throws IllegalArgumentException when {@code ciphertext} is shorter than a nonce and a tag
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws AeadBadTagException;

    /** {@code ciphertext || tag} of {@code plaintext} under {@code nonce}. */
    byte[] seal(byte[] nonce, byte[] plaintext, byte[] associatedData);

    /**
     * Writes {@code ciphertext || tag} of {@code in[inOff, inOff+len)} to {@code out[outOff, outOff+len+tag)}.
     *
     * @return bytes written: {@code len + tagLength()}
     */
    int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff, byte[] associatedData);

    /**
     * Writes {@code ciphertext || tag} of {@code in}'s remaining bytes to {@code out}, which needs
     * {@code in.remaining() + tagLength()} bytes remaining.
     */
    void seal(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData);

    /**
     * Writes the ciphertext of {@code in[inOff, inOff+len)} to {@code out[outOff, outOff+len)}.
     *
     * @return the tag
     */
    byte[] sealDetached(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff,
                        byte[] associatedData);

    /**
     * Writes the ciphertext of {@code in}'s remaining bytes to {@code out}.
     *
     * @return the tag
     */
    byte[] sealDetached(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData);

    /**
     * The plaintext of {@code ciphertext || tag}.
     *
     * @throws AeadBadTagException      when anything was altered
     * @throws IllegalArgumentException when {@code ciphertext} is shorter than a tag
     */
    byte[] open(byte[] nonce, byte[] ciphertext, byte[] associatedData) throws AeadBadTagException;

    /**
     * Writes the plaintext of {@code in[inOff, inOff+len)}, a ciphertext followed by its tag, to
     * {@code out[outOff, outOff+len-tag)}.
     *
     * @return bytes written: {@code len - tagLength()}
     * @throws AeadBadTagException when anything was altered; the output range is then zeroed
     */
    int open(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff, byte[] associatedData)
            throws AeadBadTagException;

    /**
     * Writes the plaintext of {@code in}'s remaining bytes (ciphertext then tag) to {@code out}.
     *
     * @throws AeadBadTagException when anything was altered; the output range is then zeroed and neither
     *                             buffer moves
     */
    void open(byte[] nonce, ByteBuffer in, ByteBuffer out, byte[] associatedData) throws AeadBadTagException;

    /**
     * Writes the plaintext of the ciphertext {@code in[inOff, inOff+len)} with its separate {@code tag} to
     * {@code out[outOff, outOff+len)}.
     *
     * @throws AeadBadTagException when anything was altered; the output range is then zeroed
     */
    void openDetached(byte[] nonce, byte[] in, int inOff, int len, byte[] tag, byte[] out, int outOff,
                      byte[] associatedData) throws AeadBadTagException;

    /**
     * Writes the plaintext of the ciphertext in {@code in}'s remaining bytes with its separate {@code tag} to
     * {@code out}.
     *
     * @throws AeadBadTagException when anything was altered; the output range is then zeroed and neither
     *                             buffer moves
     */
    void openDetached(byte[] nonce, ByteBuffer in, byte[] tag, ByteBuffer out, byte[] associatedData)
            throws AeadBadTagException;
}
