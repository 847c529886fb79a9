/*
 * HMAC-SHA256 through the library, against Wycheproof's HKDF-SHA256 vectors: the library exports HMAC only, so
 * HKDF (RFC 5869: extract, then expand) is composed here from objsync_hmac_sha256 calls. Every valid case
 * exercises HMAC with empty, short and long keys and messages.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "objsync.h"
#include "tests.h"

#define HASH_LEN 32

static void hkdf(const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len, const uint8_t *info,
                 size_t info_len, uint8_t *okm, size_t size) {
  uint8_t prk[HASH_LEN], t[HASH_LEN];
  /* An empty salt is HashLen zero bytes, which HMAC's zero padding of the key makes the same as no key bytes. */
  objsync_hmac_sha256(salt, salt_len, ikm, ikm_len, prk);
  uint8_t *block = alloc_exact(HASH_LEN + info_len + 1);
  size_t done = 0, t_len = 0;
  for (uint8_t i = 1; done < size; i++) {
    memcpy(block, t, t_len);
    if (info_len > 0) memcpy(block + t_len, info, info_len);
    block[t_len + info_len] = i;
    objsync_hmac_sha256(prk, HASH_LEN, block, t_len + info_len + 1, t);
    t_len = HASH_LEN;
    size_t n = size - done < HASH_LEN ? size - done : HASH_LEN;
    memcpy(okm + done, t, n);
    done += n;
  }
  free(block);
}

void test_hmac_vectors(const char *dir) {
  json_value doc;
  if (!load_vectors(dir, "wycheproof_hkdf_sha256_test.json", &doc)) return;
  const json_value *groups = json_get(&doc, "testGroups");
  size_t too_large = 0;
  if (check(groups != NULL && groups->type == JSON_ARRAY && groups->count > 0, "hkdf vectors: no testGroups")) {
    for (size_t g = 0; g < groups->count; g++) {
      const json_value *tests = json_get(&groups->items[g], "tests");
      if (!check(tests != NULL && tests->type == JSON_ARRAY, "hkdf group %zu has no tests", g)) continue;
      for (size_t i = 0; i < tests->count; i++) {
        const json_value *t = &tests->items[i];
        int id = (int)json_get_number(t, "tcId", -1);
        const char *ikm_hex = json_get_string(t, "ikm"), *salt_hex = json_get_string(t, "salt"),
                   *info_hex = json_get_string(t, "info"), *okm_hex = json_get_string(t, "okm"),
                   *result = json_get_string(t, "result");
        size_t size = (size_t)json_get_number(t, "size", 0);
        if (!check(ikm_hex && salt_hex && info_hex && okm_hex && result, "hkdf tcId %d incomplete", id)) continue;
        if (strcmp(result, "valid") != 0) {
          /* Wycheproof's invalid HKDF cases ask for more than 255 blocks: a limit of HKDF, not of HMAC. */
          check(size > 255 * HASH_LEN, "hkdf tcId %d: invalid for a reason other than its size", id);
          too_large++;
          continue;
        }
        size_t ikm_len, salt_len, info_len, okm_len;
        uint8_t *ikm = hex_decode(ikm_hex, &ikm_len), *salt = hex_decode(salt_hex, &salt_len);
        uint8_t *info = hex_decode(info_hex, &info_len), *okm = hex_decode(okm_hex, &okm_len);
        uint8_t *out = alloc_exact(size);
        hkdf(salt, salt_len, ikm, ikm_len, info, info_len, out, size);
        check(okm_len == size && bytes_equal(out, okm, size), "hkdf (over objsync_hmac_sha256) tcId %d", id);
        free(out);
        free(okm);
        free(info);
        free(salt);
        free(ikm);
      }
    }
  }
  skip(too_large, "hkdf cases over HKDF's 255-block output limit (HKDF is composed here; the library has HMAC only)");
  json_free(&doc);
}
