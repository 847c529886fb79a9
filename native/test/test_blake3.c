/*
 * BLAKE3 through the library's exported functions: the official vectors (hash, keyed_hash, derive_key, extended
 * output, streaming, subtree CVs), then long inputs that take the SIMD kernels (AVX2/AVX-512/NEON, whichever the
 * CPU has) compared with a portable-only build of the same reference compiled into this program.
 */
#include <stdio.h>
#include <string.h>

#include "blake3.h"
#include "check.h"
#include "objsync.h"
#include "tests.h"

#define KEYED_HASH 16
#define DERIVE_KEY_CONTEXT 32
#define DERIVE_KEY_MATERIAL 64
#define XOF_LEN 131

/* The vectors' input: 0, 1, ..., 250 repeated. */
static uint8_t *vector_input(size_t len) {
  uint8_t *in = alloc_exact(len);
  for (size_t i = 0; i < len; i++) in[i] = (uint8_t)(i % 251);
  return in;
}

/* Hashes in through the streaming state, fed in uneven pieces, and checks every seek into the output. */
static void check_streaming(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len, const uint8_t *want,
                            const char *mode) {
  static const size_t pieces[] = {1, 63, 64, 65, 1023, 1024, 1025, 4096, 7};
  uint8_t *state = alloc_exact(objsync_blake3_state_size());
  uint8_t out[XOF_LEN];
  for (int round = 0; round < 2; round++) {
    /* Round 1 reuses the state after a reset, as the Java side does. */
    if (round == 0) objsync_blake3_init(state, key, flags);
    else objsync_blake3_reset(state);
    size_t off = 0;
    for (size_t i = 0; off < len; i++) {
      size_t n = pieces[i % (sizeof pieces / sizeof pieces[0])];
      if (n > len - off) n = len - off;
      objsync_blake3_update(state, in + off, n);
      off += n;
    }
    int seeks_ok = 1;
    for (size_t seek = 0; seek < XOF_LEN; seek += 13) {
      uint8_t *part = alloc_exact(XOF_LEN - seek);
      objsync_blake3_finalize(state, seek, part, XOF_LEN - seek);
      seeks_ok &= bytes_equal(part, want + seek, XOF_LEN - seek);
      free(part);
    }
    objsync_blake3_finalize(state, 0, out, XOF_LEN);
    check(bytes_equal(out, want, XOF_LEN) && seeks_ok, "blake3 %s streaming (round %d), input_len %zu", mode, round,
          len);
  }
  free(state);
}

static void check_mode(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len, const char *want_hex,
                       const char *mode) {
  size_t want_len;
  uint8_t *want = hex_decode(want_hex, &want_len);
  if (!check(want_len == XOF_LEN, "blake3 %s vector of input_len %zu has %zu output bytes", mode, len, want_len)) {
    free(want);
    return;
  }
  uint8_t *out = alloc_exact(XOF_LEN);
  objsync_blake3_hash(key, flags, in, len, out, XOF_LEN);
  check(bytes_equal(out, want, XOF_LEN), "blake3 %s, input_len %zu", mode, len);
  uint8_t *out32 = alloc_exact(32);
  objsync_blake3_hash(key, flags, in, len, out32, 32);
  check(bytes_equal(out32, want, 32), "blake3 %s default length, input_len %zu", mode, len);
  objsync_blake3_subtree_cv(key, flags, in, len, 0, 1, out32);
  check(bytes_equal(out32, want, 32), "blake3 %s subtree_cv as root, input_len %zu", mode, len);
  check_streaming(key, flags, in, len, want, mode);
  free(out32);
  free(out);
  free(want);
}

void test_blake3_vectors(const char *dir) {
  json_value doc;
  if (!load_vectors(dir, "blake3_test_vectors.json", &doc)) return;
  const char *key_text = json_get_string(&doc, "key");
  const char *context = json_get_string(&doc, "context_string");
  const json_value *cases = json_get(&doc, "cases");
  if (check(key_text != NULL && strlen(key_text) == 32 && context != NULL && cases != NULL &&
                cases->type == JSON_ARRAY && cases->count > 0,
            "blake3 vectors: key, context_string or cases missing")) {
    uint8_t *key = copy_exact((const uint8_t *)key_text, 32);
    /* derive_key: the context hashed in DERIVE_KEY_CONTEXT mode keys the DERIVE_KEY_MATERIAL hash. */
    uint8_t *context_key = alloc_exact(32);
    objsync_blake3_hash(NULL, DERIVE_KEY_CONTEXT, (const uint8_t *)context, strlen(context), context_key, 32);
    for (size_t i = 0; i < cases->count; i++) {
      const json_value *c = &cases->items[i];
      size_t len = (size_t)json_get_number(c, "input_len", 0);
      const char *hash = json_get_string(c, "hash"), *keyed = json_get_string(c, "keyed_hash"),
                 *derive = json_get_string(c, "derive_key");
      if (!check(hash != NULL && keyed != NULL && derive != NULL, "blake3 case %zu lacks an output", i)) continue;
      uint8_t *in = vector_input(len);
      check_mode(NULL, 0, in, len, hash, "hash");
      check_mode(key, KEYED_HASH, in, len, keyed, "keyed_hash");
      check_mode(context_key, DERIVE_KEY_MATERIAL, in, len, derive, "derive_key");
      free(in);
    }
    free(context_key);
    free(key);
  }
  json_free(&doc);
}

/* The portable-only reference (compiled into this program with every SIMD variant off). */
static void portable_hash(const uint8_t *key, const uint8_t *in, size_t len, uint8_t *out, size_t out_len) {
  blake3_hasher h;
  if (key != NULL) blake3_hasher_init_keyed(&h, key);
  else blake3_hasher_init(&h);
  blake3_hasher_update(&h, in, len);
  blake3_hasher_finalize(&h, out, out_len);
}

/* Pseudo-random bytes (xorshift), so no two chunks are alike. */
static void fill(uint8_t *p, size_t len, uint64_t seed) {
  uint64_t x = seed * 0x9E3779B97F4A7C15u + 1;
  for (size_t i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    p[i] = (uint8_t)(x >> 24);
  }
}

void test_blake3_simd(void) {
  /* Lengths around the SIMD degrees (4, 8, 16 chunks), the BAO span (256 chunks), and a few MiB. */
  static const size_t lengths[] = {4 * 1024,        8 * 1024 + 1,     16 * 1024,         16 * 1024 + 1,
                                   17 * 1024 - 1,   64 * 1024 + 7,    256 * 1024,        256 * 1024 + 1,
                                   1024 * 1024,     3 * 1024 * 1024 + 777};
  static const uint8_t key[32] = "objsync native test: SIMD paths";
  printf("blake3 SIMD variant: %s\n", objsync_blake3_simd());
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
    size_t len = lengths[i];
    /* One byte in: the kernels must not assume aligned input. */
    uint8_t *buf = alloc_exact(len + 1);
    fill(buf, len + 1, i);
    const uint8_t *in = buf + 1;
    uint8_t want[64], got[64], want_keyed[32], cv[32];
    portable_hash(NULL, in, len, want, sizeof want);
    portable_hash(key, in, len, want_keyed, sizeof want_keyed);
    objsync_blake3_hash(NULL, 0, in, len, got, sizeof got);
    check(bytes_equal(got, want, sizeof want), "blake3 SIMD vs portable, %zu bytes", len);
    objsync_blake3_hash(key, KEYED_HASH, in, len, got, 32);
    check(bytes_equal(got, want_keyed, 32), "blake3 keyed SIMD vs portable, %zu bytes", len);
    objsync_blake3_subtree_cv(NULL, 0, in, len, 0, 1, cv);
    check(bytes_equal(cv, want, 32), "blake3 subtree_cv as root vs portable, %zu bytes", len);
    for (uint32_t block_log = 0; block_log <= 4; block_log += 4) {
      uint8_t *outboard = alloc_exact((size_t)objsync_bao_outboard_size(len, block_log));
      objsync_bao_outboard(in, len, 0, block_log, 1, outboard, cv);
      check(bytes_equal(cv, want, 32), "bao outboard root (block_log %u) vs portable, %zu bytes", block_log, len);
      free(outboard);
    }
    free(buf);
  }
}
