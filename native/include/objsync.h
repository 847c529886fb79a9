/*
 * objsync native core: the one C ABI behind both Java bridges (JNI and FFM).
 *
 * Contract: the Java side checks every pointer and length before calling; these functions trust their
 * arguments and never allocate or lock. Lengths are in bytes. Functions returning int return 0 on success
 * and a negative value on a verification failure. A buffer of length 0 may be NULL (an empty file's mapping
 * is a direct buffer at address 0): it is never dereferenced or handed to memcpy/memset.
 */
#ifndef OBJSYNC_H
#define OBJSYNC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library exports exactly these (plus the JNI entry points): a version script on Linux, dllexport on Windows. */
#if defined(_WIN32)
#define OBJSYNC_API __declspec(dllexport)
#else
#define OBJSYNC_API __attribute__((visibility("default")))
#endif

/* Library version (the Maven project version it was built for). */
OBJSYNC_API const char *objsync_version(void);
/* The BLAKE3 SIMD variant chosen at run time for this CPU: "avx512", "avx2", "sse41", "sse2", "neon", "portable". */
OBJSYNC_API const char *objsync_blake3_simd(void);

/* ---- BLAKE3 ---- key may be NULL (standard IV); flags are the BLAKE3 domain flags (0, 16, 32, 64). */

/* Size in bytes of a streaming state (the reference blake3_hasher). */
OBJSYNC_API size_t objsync_blake3_state_size(void);
OBJSYNC_API void objsync_blake3_init(void *state, const uint8_t *key, uint32_t flags);
OBJSYNC_API void objsync_blake3_update(void *state, const uint8_t *in, size_t len);
/* Writes out_len bytes of extended output from byte `seek`; the state is not changed. */
OBJSYNC_API void objsync_blake3_finalize(const void *state, uint64_t seek, uint8_t *out, size_t out_len);
OBJSYNC_API void objsync_blake3_reset(void *state);
OBJSYNC_API void objsync_blake3_hash(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len,
                                     uint8_t *out, size_t out_len);
/* Chaining value of the subtree `in[0, len)` whose first chunk has index chunk_counter; the root hash when root. */
OBJSYNC_API void objsync_blake3_subtree_cv(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len,
                                           uint64_t chunk_counter, int root, uint8_t cv[32]);

/* ---- BAO ---- */

/* Size of the pre-order outboard of a subtree of `len` bytes with groups of 2^block_log chunks. */
OBJSYNC_API uint64_t objsync_bao_outboard_size(uint64_t len, uint32_t block_log);
/* Writes the pre-order outboard of the subtree in[0, len) (first chunk chunk_counter) and its CV (root hash when root). */
OBJSYNC_API void objsync_bao_outboard(const uint8_t *in, size_t len, uint64_t chunk_counter, uint32_t block_log,
                                      int root, uint8_t *outboard, uint8_t cv[32]);
/* The most chunks objsync_bao_verify takes in one call. */
#define OBJSYNC_BAO_VERIFY_MAX_CHUNKS 256
/*
 * Verifies stream[0, len): the combined pre-order BAO stream (parent pairs interleaved with chunk groups) of a
 * complete subtree of a power-of-two number >= 2 of full groups of 2^block_log chunks, at most
 * OBJSYNC_BAO_VERIFY_MAX_CHUNKS chunks, whose first chunk is chunk_counter. Every pair and group must hash to the
 * chaining value its parent's pair gives it; the top pair to `expected` (finalized as the root when root).
 * 0 when everything verifies, -1 when some node does not, -2 when len does not fit that shape.
 */
OBJSYNC_API int objsync_bao_verify(const uint8_t *stream, size_t len, uint64_t chunk_counter, uint32_t block_log,
                                   int root, const uint8_t expected[32]);

/* ---- XChaCha20-Poly1305 (IETF), detached; in and out may be the same memory ---- */

OBJSYNC_API void objsync_xchacha_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                                      const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]);
/* 0 when the tag verifies (out holds the plaintext), -1 otherwise (out is zeroed). */
OBJSYNC_API int objsync_xchacha_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                                     const uint8_t *in, size_t len, const uint8_t tag[16], uint8_t *out);

/* ---- Ed25519 (libsodium rules) ---- */

OBJSYNC_API void objsync_ed25519_public_key(const uint8_t seed[32], uint8_t pk[32]);
OBJSYNC_API void objsync_ed25519_sign(const uint8_t seed[32], const uint8_t pk[32], const uint8_t *msg, size_t len,
                                      uint8_t sig[64]);
/* 0 when valid, -1 otherwise. */
OBJSYNC_API int objsync_ed25519_verify(const uint8_t pk[32], const uint8_t *msg, size_t len, const uint8_t sig[64]);
/* results[i] = 1 when triple i is valid else 0; message i is messages[offsets[i], offsets[i+1]). Returns the valid count. */
OBJSYNC_API int objsync_ed25519_verify_batch(int count, const uint8_t *pks, const uint8_t *sigs, const uint8_t *messages,
                                             const int32_t *offsets, uint8_t *results);

/* ---- HMAC-SHA256 ---- */

OBJSYNC_API void objsync_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len,
                                     uint8_t out[32]);

#ifdef __cplusplus
}
#endif
#endif
