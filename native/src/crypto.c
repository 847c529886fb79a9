/* XChaCha20-Poly1305, Ed25519 and HMAC-SHA256 from libsodium (statically linked, symbols hidden). */
#include <sodium.h>
#include <string.h>

#include "objsync.h"
#include "simd_state.h"
#include "xchacha_sodium.h"

/* libsodium picks its SIMD implementations here; run once when the library is loaded, by either bridge. */
__attribute__((constructor)) static void objsync_sodium_init(void) {
  if (sodium_init() < 0) {
    /* Only fails when no entropy source exists; our calls do not draw randomness from libsodium. */
  }
}

void objsync_sodium_xchacha_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                                 const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(out, tag, NULL, in, len, ad, ad_len, NULL, nonce, key);
}

int objsync_sodium_xchacha_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                                const uint8_t *in, size_t len, const uint8_t tag[16], uint8_t *out) {
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(out, NULL, in, len, tag, ad, ad_len, nonce, key) != 0) {
    if (len > 0) memset(out, 0, len); /* out may be NULL when empty */
    return -1;
  }
  return 0;
}

#ifndef OBJSYNC_AEAD_OPENSSL
/* The libsodium-only build (cmake -DOBJSYNC_AEAD_OPENSSL=OFF); otherwise xchacha_openssl.c defines these. */
void objsync_xchacha_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                          const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  objsync_clean_simd_state();
  objsync_sodium_xchacha_seal(key, nonce, ad, ad_len, in, len, out, tag);
}

int objsync_xchacha_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                         const uint8_t *in, size_t len, const uint8_t tag[16], uint8_t *out) {
  objsync_clean_simd_state();
  return objsync_sodium_xchacha_open(key, nonce, ad, ad_len, in, len, tag, out);
}
#endif

void objsync_ed25519_public_key(const uint8_t seed[32], uint8_t pk[32]) {
  objsync_clean_simd_state();
  uint8_t sk[64];
  crypto_sign_ed25519_seed_keypair(pk, sk, seed);
  sodium_memzero(sk, sizeof sk);
}

void objsync_ed25519_sign(const uint8_t seed[32], const uint8_t pk[32], const uint8_t *msg, size_t len,
                          uint8_t sig[64]) {
  objsync_clean_simd_state();
  uint8_t sk[64];
  memcpy(sk, seed, 32);
  memcpy(sk + 32, pk, 32);
  crypto_sign_ed25519_detached(sig, NULL, msg, len, sk);
  sodium_memzero(sk, sizeof sk);
}

int objsync_ed25519_verify(const uint8_t pk[32], const uint8_t *msg, size_t len, const uint8_t sig[64]) {
  objsync_clean_simd_state();
  return crypto_sign_ed25519_verify_detached(sig, msg, len, pk) == 0 ? 0 : -1;
}

int objsync_ed25519_verify_batch(int count, const uint8_t *pks, const uint8_t *sigs, const uint8_t *messages,
                                 const int32_t *offsets, uint8_t *results) {
  objsync_clean_simd_state();
  int valid = 0;
  for (int i = 0; i < count; i++) {
    const uint8_t *m = messages + offsets[i];
    size_t mlen = (size_t)(offsets[i + 1] - offsets[i]);
    int ok = crypto_sign_ed25519_verify_detached(sigs + 64 * (size_t)i, m, mlen, pks + 32 * (size_t)i) == 0;
    results[i] = (uint8_t)ok;
    valid += ok;
  }
  return valid;
}

void objsync_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *msg, size_t len, uint8_t out[32]) {
  objsync_clean_simd_state();
  /* libsodium declares these pointers nonnull even for length 0; ours may be NULL when empty. */
  static const uint8_t none[1];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key_len > 0 ? key : none, key_len);
  crypto_auth_hmacsha256_update(&st, len > 0 ? msg : none, len);
  crypto_auth_hmacsha256_final(&st, out);
  sodium_memzero(&st, sizeof st);
}
