/*
 * XChaCha20-Poly1305 (IETF) with OpenSSL's ChaCha20 and Poly1305 assembly (statically linked, symbols hidden).
 *
 * Why: libsodium 1.0.18 stops at AVX2 ChaCha20 and SSE2 Poly1305 (~1.0 GB/s for the AEAD at 16 KiB), slower than
 * the JDK's intrinsified cipher; OpenSSL's perlasm has AVX-512 ChaCha20 and AVX-512 IFMA Poly1305 (~3 GB/s).
 * libsodium still derives the subkey (HChaCha20). The construction is libsodium's
 * crypto_aead_xchacha20poly1305_ietf_*: subkey = HChaCha20(key, nonce[0..16]), IETF nonce = 0^4 || nonce[16..24],
 * Poly1305 key = keystream block 0, payload from block 1, MAC over ad || pad16 || ct || pad16 || le64 || le64.
 *
 * We call the low-level functions, not EVP: no allocation, no provider or config machinery per call. Their
 * prototypes are declared here (they live in OpenSSL's internal headers, which libssl-dev does not ship).
 */
#include <sodium.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "objsync.h"
#include "simd_state.h"
#include "xchacha_sodium.h"

void ChaCha20_ctr32(unsigned char *out, const unsigned char *inp, size_t len, const unsigned int key[8],
                    const unsigned int counter[4]);
size_t Poly1305_ctx_size(void);
void Poly1305_Init(void *ctx, const unsigned char key[32]);
void Poly1305_Update(void *ctx, const unsigned char *inp, size_t len);
void Poly1305_Final(void *ctx, unsigned char mac[16]);
void OPENSSL_cpuid_setup(void);

/* OpenSSL 3.0's POLY1305 is 248 bytes on x86-64; the size is checked against Poly1305_ctx_size() at load. */
#define POLY1305_CTX_MAX 512
/* Seal encrypts and authenticates this much at a time, so the MAC reads ciphertext still in L1. */
#define SEAL_CHUNK (8 * 1024)

/* The 32-bit block counter starts at 1: beyond this, libsodium's code takes over (and refuses, as it always did). */
#define MESSAGE_MAX (64 * (UINT64_C(1) << 32) - 128)

static int poly1305_ctx_fits;

/* The assembly dispatches on OPENSSL_ia32cap_P: fill it (idempotent; OpenSSL's own .init entry may run it too). */
__attribute__((constructor)) static void objsync_openssl_init(void) {
  OPENSSL_cpuid_setup();
  poly1305_ctx_fits = Poly1305_ctx_size() <= POLY1305_CTX_MAX;
}

typedef struct {
  unsigned int key[8];
  unsigned int counter[4];
  alignas(64) unsigned char poly[POLY1305_CTX_MAX];
} xchacha_state_t;

static uint32_t load_le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Derives the subkey and IETF nonce, keys Poly1305 from block 0 and MACs the padded ad; the counter is left at 1. */
static void xchacha_begin(xchacha_state_t *st, const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad,
                          size_t ad_len) {
  uint8_t subkey[32];
  crypto_core_hchacha20(subkey, nonce, key, NULL);
  for (int i = 0; i < 8; i++) st->key[i] = load_le32(subkey + 4 * i);
  sodium_memzero(subkey, sizeof subkey);
  st->counter[0] = 0;
  st->counter[1] = 0;
  st->counter[2] = load_le32(nonce + 16);
  st->counter[3] = load_le32(nonce + 20);
  uint8_t block0[64] = {0};
  ChaCha20_ctr32(block0, block0, sizeof block0, st->key, st->counter);
  Poly1305_Init(st->poly, block0);
  sodium_memzero(block0, sizeof block0);
  st->counter[0] = 1;
  static const uint8_t zeros[16];
  if (ad_len > 0) Poly1305_Update(st->poly, ad, ad_len);
  Poly1305_Update(st->poly, zeros, (16 - (ad_len & 15)) & 15);
}

/* MACs the ciphertext's padding and both lengths; wipes the state. */
static void xchacha_finish(xchacha_state_t *st, size_t ad_len, size_t len, uint8_t tag[16]) {
  static const uint8_t zeros[16];
  uint8_t lens[16];
  Poly1305_Update(st->poly, zeros, (16 - (len & 15)) & 15);
  for (int i = 0; i < 8; i++) {
    lens[i] = (uint8_t)((uint64_t)ad_len >> (8 * i));
    lens[8 + i] = (uint8_t)((uint64_t)len >> (8 * i));
  }
  Poly1305_Update(st->poly, lens, sizeof lens);
  Poly1305_Final(st->poly, tag);
  sodium_memzero(st, sizeof *st);
}

/* False only if an OpenSSL build's Poly1305 context outgrew our buffer: then libsodium does the whole AEAD. */
static int use_openssl(size_t len) {
  return poly1305_ctx_fits && (uint64_t)len <= MESSAGE_MAX;
}

void objsync_xchacha_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                          const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]) {
  objsync_clean_simd_state();
  if (!use_openssl(len)) {
    objsync_sodium_xchacha_seal(key, nonce, ad, ad_len, in, len, out, tag);
    return;
  }
  xchacha_state_t st;
  xchacha_begin(&st, key, nonce, ad, ad_len);
  for (size_t off = 0; off < len; off += SEAL_CHUNK) {
    size_t n = len - off < SEAL_CHUNK ? len - off : SEAL_CHUNK;
    ChaCha20_ctr32(out + off, in + off, n, st.key, st.counter);
    Poly1305_Update(st.poly, out + off, n);
    st.counter[0] += SEAL_CHUNK / 64;
  }
  xchacha_finish(&st, ad_len, len, tag);
}

int objsync_xchacha_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                         const uint8_t *in, size_t len, const uint8_t tag[16], uint8_t *out) {
  objsync_clean_simd_state();
  if (!use_openssl(len)) return objsync_sodium_xchacha_open(key, nonce, ad, ad_len, in, len, tag, out);
  xchacha_state_t st;
  xchacha_begin(&st, key, nonce, ad, ad_len);
  if (len > 0) Poly1305_Update(st.poly, in, len);
  unsigned int stream_key[8], stream_counter[4];
  memcpy(stream_key, st.key, sizeof stream_key);
  memcpy(stream_counter, st.counter, sizeof stream_counter);
  uint8_t computed[16];
  xchacha_finish(&st, ad_len, len, computed);
  /* Verify before writing a byte of plaintext; constant time. */
  int ok = sodium_memcmp(computed, tag, 16) == 0;
  sodium_memzero(computed, sizeof computed);
  if (ok && len > 0) ChaCha20_ctr32(out, in, len, stream_key, stream_counter);
  else if (len > 0) memset(out, 0, len); /* out may be NULL when empty */
  sodium_memzero(stream_key, sizeof stream_key);
  return ok ? 0 : -1;
}
