/*
 * XChaCha20-Poly1305 through the library against Wycheproof: valid cases seal to the given ciphertext and tag
 * and open to the message (separate and in-place buffers); invalid ones are refused with the output zeroed.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "objsync.h"
#include "tests.h"

static int all_zero(const uint8_t *p, size_t len) {
  uint8_t d = 0;
  for (size_t i = 0; i < len; i++) d |= p[i];
  return d == 0;
}

static void check_case(const json_value *t) {
  int id = (int)json_get_number(t, "tcId", -1);
  const char *result = json_get_string(t, "result");
  const char *fields[] = {"key", "iv", "aad", "msg", "ct", "tag"};
  uint8_t *v[6];
  size_t n[6];
  for (int i = 0; i < 6; i++) {
    const char *hex = json_get_string(t, fields[i]);
    if (!check(hex != NULL && result != NULL, "xchacha tcId %d lacks %s", id, fields[i])) {
      while (--i >= 0) free(v[i]);
      return;
    }
    v[i] = hex_decode(hex, &n[i]);
  }
  uint8_t *key = v[0], *nonce = v[1], *aad = v[2], *msg = v[3], *ct = v[4], *tag = v[5];
  size_t aad_len = n[2], len = n[3];
  int valid = strcmp(result, "valid") == 0;
  if (check(n[0] == 32 && n[1] == 24 && n[5] == 16 && n[4] == len, "xchacha tcId %d: unexpected sizes", id)) {
    uint8_t *out = alloc_exact(len), *tag_out = alloc_exact(16);
    if (valid) {
      objsync_xchacha_seal(key, nonce, aad, aad_len, msg, len, out, tag_out);
      check(bytes_equal(out, ct, len) && bytes_equal(tag_out, tag, 16), "xchacha seal tcId %d", id);
      uint8_t *inplace = copy_exact(msg, len);
      objsync_xchacha_seal(key, nonce, aad, aad_len, inplace, len, inplace, tag_out);
      check(bytes_equal(inplace, ct, len) && bytes_equal(tag_out, tag, 16), "xchacha seal in place tcId %d", id);
      free(inplace);
    }
    int r = objsync_xchacha_open(key, nonce, aad, aad_len, ct, len, tag, out);
    if (valid) check(r == 0 && bytes_equal(out, msg, len), "xchacha open tcId %d", id);
    else check(r == -1 && all_zero(out, len), "xchacha open must refuse tcId %d and zero the output", id);
    uint8_t *inplace = copy_exact(ct, len);
    r = objsync_xchacha_open(key, nonce, aad, aad_len, inplace, len, tag, inplace);
    if (valid) check(r == 0 && bytes_equal(inplace, msg, len), "xchacha open in place tcId %d", id);
    else check(r == -1 && all_zero(inplace, len), "xchacha open in place must refuse tcId %d", id);
    free(inplace);
    free(tag_out);
    free(out);
  }
  for (int i = 0; i < 6; i++) free(v[i]);
}

void test_xchacha_vectors(const char *dir) {
  json_value doc;
  if (!load_vectors(dir, "wycheproof_xchacha20_poly1305_test.json", &doc)) return;
  const json_value *groups = json_get(&doc, "testGroups");
  size_t other_nonces = 0;
  if (check(groups != NULL && groups->type == JSON_ARRAY && groups->count > 0, "xchacha vectors: no testGroups")) {
    for (size_t g = 0; g < groups->count; g++) {
      const json_value *group = &groups->items[g], *tests = json_get(group, "tests");
      if (!check(tests != NULL && tests->type == JSON_ARRAY, "xchacha group %zu has no tests", g)) continue;
      if (json_get_number(group, "ivSize", 0) != 192) {
        other_nonces += tests->count;
        continue;
      }
      for (size_t i = 0; i < tests->count; i++) check_case(&tests->items[i]);
    }
  }
  /* The C ABI takes exactly 24 nonce bytes; the Java side rejects other lengths before any call. */
  skip(other_nonces, "xchacha cases with a nonce other than 24 bytes: not expressible through the C ABI");
  json_free(&doc);
}
