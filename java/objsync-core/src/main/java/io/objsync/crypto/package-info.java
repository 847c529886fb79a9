/**
 * Cryptographic primitives, each running on the active backend with identical results on all of them:
 * Ed25519 signatures ({@link io.objsync.crypto.Ed25519PrivateKey}, {@link io.objsync.crypto.Ed25519PublicKey},
 * {@link io.objsync.crypto.Ed25519BatchVerifier}).
 *
 * <p>Keys are immutable and never print their secret bytes. Every argument is checked before any work: a null
 * argument throws {@link java.lang.NullPointerException}, a range outside an array
 * {@link java.lang.IndexOutOfBoundsException}, a wrong length {@link java.lang.IllegalArgumentException}.
 */
package io.objsync.crypto;
