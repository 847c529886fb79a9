/*
 * BLAKE3 and BAO over the BLAKE3 C reference.
 *
 * The reference keeps its tree helpers (subtree compression with the SIMD many-input kernels, chunk and
 * parent outputs) static, and exposes no way to hash a subtree at a chunk offset or to finish a node as a
 * non-root. Including blake3.c in this translation unit gives us those helpers unchanged; the reference
 * sources come from the build's package (librust-blake3-dev), never from this repository.
 */
#include "blake3.c"

#include "objsync.h"
#include "simd_state.h"

#ifndef OBJSYNC_VERSION
#define OBJSYNC_VERSION "dev"
#endif

const char *objsync_version(void) { return OBJSYNC_VERSION; }

/* Named from the dispatcher's SIMD degree (its CPU feature probe is private to blake3_dispatch.c). */
const char *objsync_blake3_simd(void) {
  switch (blake3_simd_degree()) {
    case 16: return "avx512";
    case 8: return "avx2";
    case 4:
#if defined(IS_X86)
      return __builtin_cpu_supports("sse4.1") ? "sse41" : "sse2";
#else
      return "neon";
#endif
    default: return "portable";
  }
}

static void key_words_of(const uint8_t *key, uint32_t words[8]) {
  if (key == NULL) {
    memcpy(words, IV, BLAKE3_KEY_LEN);
  } else {
    load_key_words(key, words);
  }
}

size_t objsync_blake3_state_size(void) { return sizeof(blake3_hasher); }

void objsync_blake3_init(void *state, const uint8_t *key, uint32_t flags) {
  objsync_clean_simd_state();
  uint32_t words[8];
  key_words_of(key, words);
  hasher_init_base((blake3_hasher *)state, words, (uint8_t)flags);
}

void objsync_blake3_update(void *state, const uint8_t *in, size_t len) {
  objsync_clean_simd_state();
  blake3_hasher_update((blake3_hasher *)state, in, len);
}

void objsync_blake3_finalize(const void *state, uint64_t seek, uint8_t *out, size_t out_len) {
  objsync_clean_simd_state();
  blake3_hasher_finalize_seek((const blake3_hasher *)state, seek, out, out_len);
}

void objsync_blake3_reset(void *state) {
  objsync_clean_simd_state();
  blake3_hasher_reset((blake3_hasher *)state);
}

void objsync_blake3_hash(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len, uint8_t *out,
                         size_t out_len) {
  objsync_clean_simd_state();
  blake3_hasher h;
  objsync_blake3_init(&h, key, flags);
  blake3_hasher_update(&h, in, len);
  blake3_hasher_finalize_seek(&h, 0, out, out_len);
}

/* The output node of a subtree: a chunk for <= 1 chunk, else the subtree's top parent. */
static output_t subtree_output(const uint32_t key[8], uint8_t flags, const uint8_t *in, size_t len,
                               uint64_t chunk_counter) {
  if (len <= BLAKE3_CHUNK_LEN) {
    blake3_chunk_state chunk;
    chunk_state_init(&chunk, key, flags);
    chunk.chunk_counter = chunk_counter;
    /* An empty input may come as NULL (an empty file's mapping): the reference would memcpy from it. */
    if (len > 0) chunk_state_update(&chunk, in, len);
    return chunk_state_output(&chunk);
  }
  uint8_t block[BLAKE3_BLOCK_LEN];
  compress_subtree_to_parent_node(in, len, key, chunk_counter, flags, block);
  return parent_output(block, key, flags);
}

static void finish(const output_t *o, int root, uint8_t cv[32]) {
  if (root) {
    output_root_bytes(o, 0, cv, BLAKE3_OUT_LEN);
  } else {
    output_chaining_value(o, cv);
  }
}

void objsync_blake3_subtree_cv(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len,
                               uint64_t chunk_counter, int root, uint8_t cv[32]) {
  objsync_clean_simd_state();
  uint32_t words[8];
  key_words_of(key, words);
  output_t o = subtree_output(words, (uint8_t)flags, in, len, chunk_counter);
  finish(&o, root, cv);
}

uint64_t objsync_bao_outboard_size(uint64_t len, uint32_t block_log) {
  uint64_t group = (uint64_t)BLAKE3_CHUNK_LEN << block_log;
  uint64_t groups = (len + group - 1) / group;
  if (groups < 1) groups = 1;
  return (groups - 1) * 64;
}

/*
 * Complete subtrees of up to SPAN_CHUNKS chunks are hashed level by level: all chunks through the SIMD
 * many-input kernel, then every parent level the same way, so groups never go through the kernel one at a time
 * (16 chunks per call would leave the top parent levels of every group without SIMD lanes).
 */
#define SPAN_CHUNKS 256

/* Pre-order emission of the pairs above group level from the level arrays. */
static void emit_pairs(uint8_t *const *level, int l, int group_level, size_t i, uint8_t **outboard) {
  if (l <= group_level) return;
  memcpy(*outboard, level[l - 1] + 2 * BLAKE3_OUT_LEN * i, 2 * BLAKE3_OUT_LEN);
  *outboard += 2 * BLAKE3_OUT_LEN;
  emit_pairs(level, l - 1, group_level, 2 * i, outboard);
  emit_pairs(level, l - 1, group_level, 2 * i + 1, outboard);
}

/* A complete subtree of nchunks (a power of two, 2 <= nchunks <= SPAN_CHUNKS, all chunks full). */
static void outboard_complete(const uint32_t key[8], const uint8_t *in, size_t nchunks, uint64_t chunk_counter,
                              int group_level, int root, uint8_t **outboard, uint8_t cv[32]) {
  uint8_t cvs[2 * SPAN_CHUNKS * BLAKE3_OUT_LEN];
  const uint8_t *inputs[SPAN_CHUNKS] = {0};
  uint8_t *level[32];
  for (size_t i = 0; i < nchunks; i++) inputs[i] = in + i * BLAKE3_CHUNK_LEN;
  blake3_hash_many(inputs, nchunks, BLAKE3_CHUNK_LEN / BLAKE3_BLOCK_LEN, key, chunk_counter, true, 0, CHUNK_START,
                   CHUNK_END, cvs);
  int l = 0;
  level[0] = cvs;
  /* Reduce to the top pair; the top node itself may be the root, which hash_many cannot finalize. */
  for (size_t n = nchunks; n > 2; n /= 2) {
    uint8_t *next = level[l] + n * BLAKE3_OUT_LEN;
    for (size_t i = 0; i < n / 2; i++) inputs[i] = level[l] + i * 2 * BLAKE3_OUT_LEN;
    blake3_hash_many(inputs, n / 2, 1, key, 0, false, PARENT, 0, 0, next);
    level[++l] = next;
  }
  emit_pairs(level, l + 1, group_level, 0, outboard);
  output_t o = parent_output(level[l], key, 0);
  finish(&o, root, cv);
}

static int is_power_of_two(size_t x) { return x != 0 && (x & (x - 1)) == 0; }

/* Pre-order: this node's pair, then the left subtree's outboard, then the right's. */
static void outboard_rec(const uint32_t key[8], const uint8_t *in, size_t len, uint64_t chunk_counter,
                         int group_level, int root, uint8_t **outboard, uint8_t cv[32]) {
  size_t group_len = (size_t)BLAKE3_CHUNK_LEN << group_level;
  if (len <= group_len) {
    output_t o = subtree_output(key, 0, in, len, chunk_counter);
    finish(&o, root, cv);
    return;
  }
  size_t nchunks = len / BLAKE3_CHUNK_LEN;
  if (len % BLAKE3_CHUNK_LEN == 0 && is_power_of_two(nchunks) && nchunks <= SPAN_CHUNKS) {
    outboard_complete(key, in, nchunks, chunk_counter, group_level, root, outboard, cv);
    return;
  }
  size_t left = left_len(len);
  uint8_t *pair = *outboard;
  *outboard += 2 * BLAKE3_OUT_LEN;
  outboard_rec(key, in, left, chunk_counter, group_level, 0, outboard, pair);
  outboard_rec(key, in + left, len - left, chunk_counter + left / BLAKE3_CHUNK_LEN, group_level, 0, outboard,
               pair + BLAKE3_OUT_LEN);
  output_t o = parent_output(pair, key, 0);
  finish(&o, root, cv);
}

void objsync_bao_outboard(const uint8_t *in, size_t len, uint64_t chunk_counter, uint32_t block_log, int root,
                          uint8_t *outboard, uint8_t cv[32]) {
  objsync_clean_simd_state();
  uint8_t *cursor = outboard;
  outboard_rec(IV, in, len, chunk_counter, (int)block_log, root, &cursor, cv);
}

/*
 * Verification of a combined BAO stream, many groups per call: the pre-order stream of a complete subtree (its
 * parent pairs interleaved with its groups) is walked once to collect pointers to every pair and every chunk,
 * then all chunks go through the many-input kernel together, the levels inside the groups likewise, and all
 * pairs but the top one as one batch of parent blocks. Each node is compared with the half of its parent's pair
 * (the caller's expected value for the top pair) that vouches for it.
 */
typedef struct {
  const uint8_t *pairs[OBJSYNC_BAO_VERIFY_MAX_CHUNKS];
  const uint8_t *pair_expected[OBJSYNC_BAO_VERIFY_MAX_CHUNKS];
  const uint8_t *chunks[OBJSYNC_BAO_VERIFY_MAX_CHUNKS];
  const uint8_t *group_expected[OBJSYNC_BAO_VERIFY_MAX_CHUNKS];
  size_t npairs, ngroups, nchunks;
} verify_walk_t;

static void verify_collect(verify_walk_t *w, const uint8_t **pos, size_t groups, size_t group_chunks,
                           const uint8_t *expected) {
  if (groups == 1) {
    w->group_expected[w->ngroups++] = expected;
    for (size_t i = 0; i < group_chunks; i++) w->chunks[w->nchunks++] = *pos + i * BLAKE3_CHUNK_LEN;
    *pos += group_chunks * BLAKE3_CHUNK_LEN;
    return;
  }
  const uint8_t *pair = *pos;
  w->pairs[w->npairs] = pair;
  w->pair_expected[w->npairs++] = expected;
  *pos += 2 * BLAKE3_OUT_LEN;
  verify_collect(w, pos, groups / 2, group_chunks, pair);
  verify_collect(w, pos, groups / 2, group_chunks, pair + BLAKE3_OUT_LEN);
}

/* ORs the differences of n chaining values with their expected values (no early exit). */
static uint8_t cv_diff(const uint8_t *cvs, const uint8_t *const *expected, size_t n) {
  uint8_t d = 0;
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < BLAKE3_OUT_LEN; j++) d |= cvs[i * BLAKE3_OUT_LEN + j] ^ expected[i][j];
  }
  return d;
}

int objsync_bao_verify(const uint8_t *stream, size_t len, uint64_t chunk_counter, uint32_t block_log, int root,
                       const uint8_t expected[32]) {
  objsync_clean_simd_state();
  if (block_log > 8) return -2;
  size_t group_chunks = (size_t)1 << block_log;
  size_t group_len = group_chunks * BLAKE3_CHUNK_LEN;
  /* len = groups * group_len + (groups - 1) * 64 for a power-of-two groups >= 2 within the limit. */
  size_t groups = (len + 2 * BLAKE3_OUT_LEN) / (group_len + 2 * BLAKE3_OUT_LEN);
  if (groups < 2 || !is_power_of_two(groups) || groups * group_chunks > OBJSYNC_BAO_VERIFY_MAX_CHUNKS ||
      len != groups * group_len + (groups - 1) * 2 * BLAKE3_OUT_LEN) {
    return -2;
  }
  verify_walk_t w;
  w.npairs = w.ngroups = w.nchunks = 0;
  const uint8_t *pos = stream;
  verify_collect(&w, &pos, groups, group_chunks, expected);

  uint8_t d = 0;
  uint8_t top[BLAKE3_OUT_LEN];
  output_t o = parent_output(w.pairs[0], IV, 0);
  finish(&o, root, top);
  d |= cv_diff(top, w.pair_expected, 1);

  uint8_t pair_cvs[OBJSYNC_BAO_VERIFY_MAX_CHUNKS * BLAKE3_OUT_LEN];
  blake3_hash_many(w.pairs + 1, w.npairs - 1, 1, IV, 0, false, PARENT, 0, 0, pair_cvs);
  d |= cv_diff(pair_cvs, w.pair_expected + 1, w.npairs - 1);

  /* Chunks, then the levels inside the groups: adjacent values pair up within a group, never across. */
  uint8_t cvs[2 * OBJSYNC_BAO_VERIFY_MAX_CHUNKS * BLAKE3_OUT_LEN];
  const uint8_t *inputs[OBJSYNC_BAO_VERIFY_MAX_CHUNKS];
  blake3_hash_many(w.chunks, w.nchunks, BLAKE3_CHUNK_LEN / BLAKE3_BLOCK_LEN, IV, chunk_counter, true, 0, CHUNK_START,
                   CHUNK_END, cvs);
  uint8_t *level = cvs;
  for (size_t n = w.nchunks; n > w.ngroups; n /= 2) {
    uint8_t *next = level + n * BLAKE3_OUT_LEN;
    for (size_t i = 0; i < n / 2; i++) inputs[i] = level + i * 2 * BLAKE3_OUT_LEN;
    blake3_hash_many(inputs, n / 2, 1, IV, 0, false, PARENT, 0, 0, next);
    level = next;
  }
  d |= cv_diff(level, w.group_expected, w.ngroups);
  return d == 0 ? 0 : -1;
}
