/**
 * Cryptographic primitives, each running on the active backend with identical results on all of them:
 * authenticated encryption ({@link io.objsync.crypto.Aead}, implemented by
 * {@link io.objsync.crypto.XChaCha20Poly1305} under an {@link io.objsync.crypto.XChaCha20Poly1305Key}; a failed
 * open throws {@link io.objsync.crypto.AeadBadTagException}), Ed25519 signatures
 * ({@link io.objsync.crypto.Ed25519PrivateKey}, {@link io.objsync.crypto.Ed25519PublicKey},
 * {@link io.objsync.crypto.Ed25519BatchVerifier}) and key derivation ({@link io.objsync.crypto.Hkdf}).
 *
 * <p>Keys are immutable and never print their secret bytes. Every argument is checked before any work: a null
 * argument throws {@link java.lang.NullPointerException}, a range outside an array
 * {@link java.lang.IndexOutOfBoundsException}, a wrong length {@link java.lang.IllegalArgumentException}.
 */
package io.objsync.crypto;
