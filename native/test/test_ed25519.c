/*
 * Ed25519 through the library: every Wycheproof verify case one at a time and all of them as one batch, and
 * signing against RFC 8032's known answers (section 7.1, tests 1 and 2).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "objsync.h"
#include "tests.h"

typedef struct {
  int id, valid;
  uint8_t *pk, *msg, *sig;
  size_t msg_len;
} ed_case;

static const struct {
  const char *seed, *pk, *msg, *sig;
} rfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24"
     "655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb0"
     "0d291612bb0c00"},
};

static void test_sign(void) {
  for (size_t i = 0; i < sizeof rfc8032 / sizeof rfc8032[0]; i++) {
    size_t n;
    uint8_t *seed = hex_decode(rfc8032[i].seed, &n), *pk = hex_decode(rfc8032[i].pk, &n);
    uint8_t *sig = hex_decode(rfc8032[i].sig, &n);
    size_t msg_len;
    uint8_t *msg = hex_decode(rfc8032[i].msg, &msg_len);
    uint8_t *pk_out = alloc_exact(32), *sig_out = alloc_exact(64);
    objsync_ed25519_public_key(seed, pk_out);
    check(bytes_equal(pk_out, pk, 32), "ed25519 public key of RFC 8032 test %zu", i + 1);
    objsync_ed25519_sign(seed, pk, msg, msg_len, sig_out);
    check(bytes_equal(sig_out, sig, 64), "ed25519 signature of RFC 8032 test %zu", i + 1);
    check(objsync_ed25519_verify(pk, msg, msg_len, sig_out) == 0, "ed25519 verify of RFC 8032 test %zu", i + 1);
    sig_out[0] ^= 1;
    check(objsync_ed25519_verify(pk, msg, msg_len, sig_out) == -1, "ed25519 verify of a flipped RFC 8032 signature");
    free(sig_out);
    free(pk_out);
    free(msg);
    free(sig);
    free(pk);
    free(seed);
  }
}

/* All cases in one objsync_ed25519_verify_batch call: messages concatenated, offsets between them. */
static void test_batch(const ed_case *cases, size_t count) {
  size_t total = 0, want_valid = 0;
  for (size_t i = 0; i < count; i++) total += cases[i].msg_len;
  uint8_t *pks = alloc_exact(32 * count), *sigs = alloc_exact(64 * count), *messages = alloc_exact(total);
  int32_t *offsets = (int32_t *)alloc_exact(sizeof(int32_t) * (count + 1));
  uint8_t *results = alloc_exact(count);
  size_t off = 0;
  for (size_t i = 0; i < count; i++) {
    memcpy(pks + 32 * i, cases[i].pk, 32);
    memcpy(sigs + 64 * i, cases[i].sig, 64);
    if (cases[i].msg_len > 0) memcpy(messages + off, cases[i].msg, cases[i].msg_len);
    offsets[i] = (int32_t)off;
    off += cases[i].msg_len;
    want_valid += (size_t)cases[i].valid;
  }
  offsets[count] = (int32_t)off;
  int valid = objsync_ed25519_verify_batch((int)count, pks, sigs, messages, offsets, results);
  check(valid == (int)want_valid, "ed25519 batch: %d valid, want %zu", valid, want_valid);
  for (size_t i = 0; i < count; i++) {
    check(results[i] == (uint8_t)cases[i].valid, "ed25519 batch result of tcId %d", cases[i].id);
  }
  free(results);
  free(offsets);
  free(messages);
  free(sigs);
  free(pks);
}

void test_ed25519_vectors(const char *dir) {
  test_sign();
  json_value doc;
  if (!load_vectors(dir, "wycheproof_ed25519_test.json", &doc)) return;
  const json_value *groups = json_get(&doc, "testGroups");
  size_t cap = (size_t)json_get_number(&doc, "numberOfTests", 0), count = 0, wrong_length = 0;
  ed_case *cases = (ed_case *)alloc_exact(sizeof(ed_case) * (cap ? cap : 1));
  if (check(groups != NULL && groups->type == JSON_ARRAY && groups->count > 0, "ed25519 vectors: no testGroups")) {
    for (size_t g = 0; g < groups->count; g++) {
      const json_value *group = &groups->items[g], *tests = json_get(group, "tests");
      const char *pk_hex = json_get_string(json_get(group, "publicKey"), "pk");
      if (!check(pk_hex != NULL && tests != NULL && tests->type == JSON_ARRAY, "ed25519 group %zu incomplete", g)) {
        continue;
      }
      for (size_t i = 0; i < tests->count; i++) {
        const json_value *t = &tests->items[i];
        int id = (int)json_get_number(t, "tcId", -1);
        const char *msg_hex = json_get_string(t, "msg"), *sig_hex = json_get_string(t, "sig");
        const char *result = json_get_string(t, "result");
        if (!check(msg_hex != NULL && sig_hex != NULL && result != NULL && count < cap, "ed25519 tcId %d", id)) continue;
        size_t pk_len, sig_len;
        ed_case c = {id, strcmp(result, "valid") == 0, hex_decode(pk_hex, &pk_len), NULL, NULL, 0};
        c.msg = hex_decode(msg_hex, &c.msg_len);
        c.sig = hex_decode(sig_hex, &sig_len);
        if (pk_len != 32 || sig_len != 64) {
          /* The ABI takes 32-byte keys and 64-byte signatures; Java refuses other lengths before the call. */
          check(!c.valid, "ed25519 tcId %d: a valid case with a %zu-byte key or %zu-byte signature", id, pk_len,
                sig_len);
          wrong_length++;
          free(c.sig);
          free(c.msg);
          free(c.pk);
          continue;
        }
        int r = objsync_ed25519_verify(c.pk, c.msg, c.msg_len, c.sig);
        check(r == (c.valid ? 0 : -1), "ed25519 verify tcId %d (%s) returned %d", id, result, r);
        cases[count++] = c;
      }
    }
    skip(wrong_length, "ed25519 cases whose key or signature length the C ABI cannot express");
    test_batch(cases, count);
  }
  for (size_t i = 0; i < count; i++) {
    free(cases[i].sig);
    free(cases[i].msg);
    free(cases[i].pk);
  }
  free(cases);
  json_free(&doc);
}
