/*
 * Every buffer of length 0 given as NULL (what an empty file's mapping is): the results must equal those for a
 * non-NULL empty buffer, and a sanitized build must see no NULL reach memcpy/memset or a nonnull parameter.
 */
#include <string.h>

#include "check.h"
#include "objsync.h"
#include "tests.h"

void test_empty_null(void) {
  static const uint8_t key[32] = {1}, nonce[24] = {2}, seed[32] = {3};
  uint8_t *empty = alloc_exact(1); /* a valid pointer, never read past its 0 bytes */
  uint8_t want[32], got[32];

  objsync_blake3_hash(NULL, 0, empty, 0, want, 32);
  objsync_blake3_hash(NULL, 0, NULL, 0, got, 32);
  check(bytes_equal(got, want, 32), "blake3 of NULL, 0");
  objsync_blake3_subtree_cv(NULL, 0, NULL, 0, 0, 1, got);
  check(bytes_equal(got, want, 32), "blake3 subtree_cv of NULL, 0");
  objsync_bao_outboard(NULL, 0, 0, 0, 1, NULL, got);
  check(bytes_equal(got, want, 32), "bao outboard of NULL, 0 (and no outboard)");
  uint8_t *state = alloc_exact(objsync_blake3_state_size());
  objsync_blake3_init(state, NULL, 0);
  objsync_blake3_update(state, NULL, 0);
  objsync_blake3_finalize(state, 0, got, 32);
  check(bytes_equal(got, want, 32), "blake3 streaming update with NULL, 0");
  free(state);

  uint8_t tag_want[16], tag[16];
  objsync_xchacha_seal(key, nonce, empty, 0, empty, 0, empty, tag_want);
  objsync_xchacha_seal(key, nonce, NULL, 0, NULL, 0, NULL, tag);
  check(bytes_equal(tag, tag_want, 16), "xchacha seal of NULL, 0 with NULL, 0 associated data");
  check(objsync_xchacha_open(key, nonce, NULL, 0, NULL, 0, tag, NULL) == 0, "xchacha open of NULL, 0");
  tag[0] ^= 1;
  check(objsync_xchacha_open(key, nonce, NULL, 0, NULL, 0, tag, NULL) == -1, "xchacha open of a forged NULL, 0");

  uint8_t pk[32], sig_want[64], sig[64];
  objsync_ed25519_public_key(seed, pk);
  objsync_ed25519_sign(seed, pk, empty, 0, sig_want);
  objsync_ed25519_sign(seed, pk, NULL, 0, sig);
  check(bytes_equal(sig, sig_want, 64), "ed25519 sign of NULL, 0");
  check(objsync_ed25519_verify(pk, NULL, 0, sig) == 0, "ed25519 verify of NULL, 0");

  objsync_hmac_sha256(empty, 0, empty, 0, want);
  objsync_hmac_sha256(NULL, 0, NULL, 0, got);
  check(bytes_equal(got, want, 32), "hmac-sha256 with NULL, 0 key and message");
  free(empty);
}
