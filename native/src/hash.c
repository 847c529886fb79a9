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
  uint32_t words[8];
  key_words_of(key, words);
  hasher_init_base((blake3_hasher *)state, words, (uint8_t)flags);
}

void objsync_blake3_update(void *state, const uint8_t *in, size_t len) {
  blake3_hasher_update((blake3_hasher *)state, in, len);
}

void objsync_blake3_finalize(const void *state, uint64_t seek, uint8_t *out, size_t out_len) {
  blake3_hasher_finalize_seek((const blake3_hasher *)state, seek, out, out_len);
}

void objsync_blake3_reset(void *state) { blake3_hasher_reset((blake3_hasher *)state); }

void objsync_blake3_hash(const uint8_t *key, uint32_t flags, const uint8_t *in, size_t len, uint8_t *out,
                         size_t out_len) {
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
    chunk_state_update(&chunk, in, len);
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

/* Pre-order: this node's pair, then the left subtree's outboard, then the right's. */
static void outboard_rec(const uint32_t key[8], const uint8_t *in, size_t len, uint64_t chunk_counter,
                         size_t group_len, int root, uint8_t **outboard, uint8_t cv[32]) {
  if (len <= group_len) {
    output_t o = subtree_output(key, 0, in, len, chunk_counter);
    finish(&o, root, cv);
    return;
  }
  size_t left = left_len(len);
  uint8_t *pair = *outboard;
  *outboard += 2 * BLAKE3_OUT_LEN;
  outboard_rec(key, in, left, chunk_counter, group_len, 0, outboard, pair);
  outboard_rec(key, in + left, len - left, chunk_counter + left / BLAKE3_CHUNK_LEN, group_len, 0, outboard,
               pair + BLAKE3_OUT_LEN);
  output_t o = parent_output(pair, key, 0);
  finish(&o, root, cv);
}

void objsync_bao_outboard(const uint8_t *in, size_t len, uint64_t chunk_counter, uint32_t block_log, int root,
                          uint8_t *outboard, uint8_t cv[32]) {
  uint8_t *cursor = outboard;
  outboard_rec(IV, in, len, chunk_counter, (size_t)BLAKE3_CHUNK_LEN << block_log, root, &cursor, cv);
}
