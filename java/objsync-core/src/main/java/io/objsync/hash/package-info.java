/**
 * BLAKE3 hashing: {@link io.objsync.hash.Blake3} (one-shot, keyed, key derivation, extendable output),
 * {@link io.objsync.hash.Blake3Hasher} (streaming), {@link io.objsync.hash.Blake3Parallel} (multi-threaded) and
 * the {@link io.objsync.hash.Hash} value.
 */
package io.objsync.hash;
