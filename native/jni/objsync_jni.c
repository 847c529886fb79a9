/*
 * JNI glue: argument marshalling only; all work happens in the objsync_* core functions.
 *
 * Rules kept here: the Java side (io.objsync.bindings.jni.JniBackend) has checked every offset and length;
 * direct-buffer addresses and small fixed-size arrays (keys, nonces, tags, signatures) are fetched before any
 * array is pinned, and results copied back after unpinning, so no JNI call happens while a critical array is
 * held. The Java side bounds how much of a heap array one call may pin.
 */
#include <jni.h>
#include <stdlib.h>
#include <string.h>

#include "objsync.h"

#define JNI_FN(name) JNICALL Java_io_objsync_bindings_jni_JniNative_##name

/* A memory region given either as a heap array (pinned late) or a direct buffer (resolved early). */
typedef struct {
  jbyteArray arr;
  jobject buf;
  jlong off;
  uint8_t *ptr;
  void *pinned;
} region_t;

static void region_init(JNIEnv *env, region_t *r, jbyteArray arr, jobject buf, jlong off) {
  r->arr = arr;
  r->buf = buf;
  r->off = off;
  r->pinned = NULL;
  r->ptr = NULL;
  if (arr == NULL && buf != NULL) {
    r->ptr = (uint8_t *)(*env)->GetDirectBufferAddress(env, buf) + off;
  }
}

static void region_release(JNIEnv *env, region_t *r, jint mode) {
  if (r->pinned != NULL) {
    (*env)->ReleasePrimitiveArrayCritical(env, r->arr, r->pinned, mode);
    r->pinned = NULL;
  }
}

/*
 * Call only after every region_init: from here until region_release no other JNI call is made. Returns 0 when
 * the VM could not pin the array (out of memory, an OutOfMemoryError is then pending): the caller releases what
 * it pinned before and returns without touching memory.
 */
static int region_pin(JNIEnv *env, region_t *r) {
  if (r->arr != NULL) {
    r->pinned = (*env)->GetPrimitiveArrayCritical(env, r->arr, NULL);
    if (r->pinned == NULL) return 0;
    r->ptr = (uint8_t *)r->pinned + r->off;
  }
  return 1;
}

/* Pins n regions in order; on failure releases the ones already pinned and returns 0. */
static int regions_pin(JNIEnv *env, region_t **rs, int n) {
  for (int i = 0; i < n; i++) {
    if (!region_pin(env, rs[i])) {
      while (--i >= 0) region_release(env, rs[i], JNI_ABORT);
      return 0;
    }
  }
  return 1;
}

/* An array region from offset 0, pinned later with the others. */
static void array_region(JNIEnv *env, region_t *r, jarray arr) { region_init(env, r, (jbyteArray)arr, NULL, 0); }


/* Copies a small optional array (key) to the stack; returns NULL for a null array. */
static const uint8_t *small_in(JNIEnv *env, jbyteArray a, uint8_t *dst, jsize n) {
  if (a == NULL) return NULL;
  (*env)->GetByteArrayRegion(env, a, 0, n, (jbyte *)dst);
  return dst;
}

/* Inputs this short are copied instead of pinned: cheaper than a critical section. */
#define SMALL_INPUT 1024

JNIEXPORT jstring JNI_FN(version)(JNIEnv *env, jclass c) { return (*env)->NewStringUTF(env, objsync_version()); }

JNIEXPORT jstring JNI_FN(simd)(JNIEnv *env, jclass c) { return (*env)->NewStringUTF(env, objsync_blake3_simd()); }

/* ---- BLAKE3 streaming state: malloc'd once per hasher, never in the update path ---- */

JNIEXPORT jlong JNI_FN(stateNew)(JNIEnv *env, jclass c, jbyteArray key, jint flags) {
  uint8_t k[32];
  const uint8_t *kp = small_in(env, key, k, 32);
  void *s = malloc(objsync_blake3_state_size());
  if (s == NULL) {
    (*env)->ThrowNew(env, (*env)->FindClass(env, "java/lang/OutOfMemoryError"), "BLAKE3 state");
    return 0;
  }
  objsync_blake3_init(s, kp, (uint32_t)flags);
  return (jlong)(intptr_t)s;
}

JNIEXPORT jlong JNI_FN(stateCopy)(JNIEnv *env, jclass c, jlong state) {
  void *s = malloc(objsync_blake3_state_size());
  if (s == NULL) {
    (*env)->ThrowNew(env, (*env)->FindClass(env, "java/lang/OutOfMemoryError"), "BLAKE3 state");
    return 0;
  }
  memcpy(s, (void *)(intptr_t)state, objsync_blake3_state_size());
  return (jlong)(intptr_t)s;
}

JNIEXPORT void JNI_FN(stateFree)(JNIEnv *env, jclass c, jlong state) { free((void *)(intptr_t)state); }

JNIEXPORT void JNI_FN(stateReset)(JNIEnv *env, jclass c, jlong state) { objsync_blake3_reset((void *)(intptr_t)state); }

JNIEXPORT void JNI_FN(stateUpdateArray)(JNIEnv *env, jclass c, jlong state, jbyteArray in, jint off, jint len) {
  void *s = (void *)(intptr_t)state;
  if (len <= SMALL_INPUT) {
    uint8_t tmp[SMALL_INPUT];
    (*env)->GetByteArrayRegion(env, in, off, len, (jbyte *)tmp);
    objsync_blake3_update(s, tmp, (size_t)len);
    return;
  }
  uint8_t *p = (*env)->GetPrimitiveArrayCritical(env, in, NULL);
  if (p == NULL) return; /* out of memory: an OutOfMemoryError is pending */
  objsync_blake3_update(s, p + off, (size_t)len);
  (*env)->ReleasePrimitiveArrayCritical(env, in, p, JNI_ABORT);
}

JNIEXPORT void JNI_FN(stateUpdateDirect)(JNIEnv *env, jclass c, jlong state, jobject buf, jlong off, jlong len) {
  uint8_t *p = (*env)->GetDirectBufferAddress(env, buf);
  objsync_blake3_update((void *)(intptr_t)state, p + off, (size_t)len);
}

JNIEXPORT void JNI_FN(stateFinalize)(JNIEnv *env, jclass c, jlong state, jlong seek, jbyteArray out, jint off,
                                     jint len) {
  uint8_t tmp[256];
  const void *s = (const void *)(intptr_t)state;
  while (len > 0) {
    jint n = len < (jint)sizeof tmp ? len : (jint)sizeof tmp;
    objsync_blake3_finalize(s, (uint64_t)seek, tmp, (size_t)n);
    (*env)->SetByteArrayRegion(env, out, off, n, (jbyte *)tmp);
    seek += n;
    off += n;
    len -= n;
  }
}

/* ---- BLAKE3 one-shot; out_len is at most 64 here (longer outputs go through a state) ---- */

JNIEXPORT void JNI_FN(hashArray)(JNIEnv *env, jclass c, jbyteArray key, jint flags, jbyteArray in, jint off, jint len,
                                 jbyteArray out, jint outOff, jint outLen) {
  uint8_t k[32], o[64];
  const uint8_t *kp = small_in(env, key, k, 32);
  if (len <= SMALL_INPUT) {
    uint8_t tmp[SMALL_INPUT];
    (*env)->GetByteArrayRegion(env, in, off, len, (jbyte *)tmp);
    objsync_blake3_hash(kp, (uint32_t)flags, tmp, (size_t)len, o, (size_t)outLen);
  } else {
    uint8_t *p = (*env)->GetPrimitiveArrayCritical(env, in, NULL);
    if (p == NULL) return; /* out of memory: an OutOfMemoryError is pending */
    objsync_blake3_hash(kp, (uint32_t)flags, p + off, (size_t)len, o, (size_t)outLen);
    (*env)->ReleasePrimitiveArrayCritical(env, in, p, JNI_ABORT);
  }
  (*env)->SetByteArrayRegion(env, out, outOff, outLen, (jbyte *)o);
}

JNIEXPORT void JNI_FN(hashDirect)(JNIEnv *env, jclass c, jbyteArray key, jint flags, jobject buf, jlong off, jlong len,
                                  jbyteArray out, jint outOff, jint outLen) {
  uint8_t k[32], o[64];
  const uint8_t *kp = small_in(env, key, k, 32);
  uint8_t *p = (*env)->GetDirectBufferAddress(env, buf);
  objsync_blake3_hash(kp, (uint32_t)flags, p + off, (size_t)len, o, (size_t)outLen);
  (*env)->SetByteArrayRegion(env, out, outOff, outLen, (jbyte *)o);
}

JNIEXPORT void JNI_FN(subtreeCv)(JNIEnv *env, jclass c, jbyteArray key, jint flags, jbyteArray inArr, jobject inBuf,
                                 jlong off, jlong len, jlong counter, jboolean root, jbyteArray cv) {
  uint8_t k[32], o[32];
  const uint8_t *kp = small_in(env, key, k, 32);
  region_t in;
  region_init(env, &in, inArr, inBuf, off);
  if (!region_pin(env, &in)) return;
  objsync_blake3_subtree_cv(kp, (uint32_t)flags, in.ptr, (size_t)len, (uint64_t)counter, root, o);
  region_release(env, &in, JNI_ABORT);
  (*env)->SetByteArrayRegion(env, cv, 0, 32, (jbyte *)o);
}

JNIEXPORT jboolean JNI_FN(baoVerify)(JNIEnv *env, jclass c, jbyteArray inArr, jobject inBuf, jlong off, jlong len,
                                     jlong counter, jint blockLog, jboolean root, jbyteArray expected) {
  uint8_t e[32];
  (*env)->GetByteArrayRegion(env, expected, 0, 32, (jbyte *)e);
  region_t in;
  region_init(env, &in, inArr, inBuf, off);
  if (!region_pin(env, &in)) return JNI_FALSE;
  int rc = objsync_bao_verify(in.ptr, (size_t)len, (uint64_t)counter, (uint32_t)blockLog, root, e);
  region_release(env, &in, JNI_ABORT);
  return rc == 0 ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT void JNI_FN(baoOutboard)(JNIEnv *env, jclass c, jbyteArray inArr, jobject inBuf, jlong inOff, jlong len,
                                   jlong counter, jint blockLog, jboolean root, jbyteArray obArr, jobject obBuf,
                                   jlong obOff, jbyteArray cv) {
  uint8_t o[32];
  region_t in, ob;
  region_init(env, &in, inArr, inBuf, inOff);
  region_init(env, &ob, obArr, obBuf, obOff);
  region_t *pins[] = {&in, &ob};
  if (!regions_pin(env, pins, 2)) return;
  objsync_bao_outboard(in.ptr, (size_t)len, (uint64_t)counter, (uint32_t)blockLog, root, ob.ptr, o);
  region_release(env, &ob, 0);
  region_release(env, &in, JNI_ABORT);
  (*env)->SetByteArrayRegion(env, cv, 0, 32, (jbyte *)o);
}

/* ---- XChaCha20-Poly1305 ---- */

/* The three regions of an AEAD call, pinned together; input and output may be the same array (in place). */
typedef struct {
  region_t ad, in, out;
} aead_regions_t;

static int aead_pin(JNIEnv *env, aead_regions_t *r, jbyteArray adArr, jobject adBuf, jlong adOff, jbyteArray inArr,
                     jobject inBuf, jlong inOff, jbyteArray outArr, jobject outBuf, jlong outOff) {
  region_init(env, &r->ad, adArr, adBuf, adOff);
  region_init(env, &r->in, inArr, inBuf, inOff);
  region_init(env, &r->out, outArr, outBuf, outOff);
  /* Asked before pinning: no JNI call may follow the first critical pin. */
  jboolean same = outArr != NULL && (*env)->IsSameObject(env, outArr, inArr);
  if (same) {
    region_t *pins[] = {&r->ad, &r->in};
    if (!regions_pin(env, pins, 2)) return 0;
    r->out.ptr = (uint8_t *)r->in.pinned + outOff;
    return 1;
  }
  region_t *pins[] = {&r->ad, &r->in, &r->out};
  return regions_pin(env, pins, 3);
}

static void aead_release(JNIEnv *env, aead_regions_t *r) {
  region_release(env, &r->out, 0);
  region_release(env, &r->in, 0);
  region_release(env, &r->ad, JNI_ABORT);
}

JNIEXPORT void JNI_FN(xchachaSeal)(JNIEnv *env, jclass c, jbyteArray key, jbyteArray nonce, jbyteArray adArr,
                                   jobject adBuf, jlong adOff, jlong adLen, jbyteArray inArr, jobject inBuf,
                                   jlong inOff, jlong len, jbyteArray outArr, jobject outBuf, jlong outOff,
                                   jbyteArray tag) {
  uint8_t k[32], n[24], t[16];
  small_in(env, key, k, 32);
  small_in(env, nonce, n, 24);
  aead_regions_t r;
  if (!aead_pin(env, &r, adArr, adBuf, adOff, inArr, inBuf, inOff, outArr, outBuf, outOff)) return;
  objsync_xchacha_seal(k, n, r.ad.ptr, (size_t)adLen, r.in.ptr, (size_t)len, r.out.ptr, t);
  aead_release(env, &r);
  (*env)->SetByteArrayRegion(env, tag, 0, 16, (jbyte *)t);
  memset(k, 0, sizeof k);
}

JNIEXPORT jboolean JNI_FN(xchachaOpen)(JNIEnv *env, jclass c, jbyteArray key, jbyteArray nonce, jbyteArray adArr,
                                       jobject adBuf, jlong adOff, jlong adLen, jbyteArray inArr, jobject inBuf,
                                       jlong inOff, jlong len, jbyteArray tag, jbyteArray outArr, jobject outBuf,
                                       jlong outOff) {
  uint8_t k[32], n[24], t[16];
  small_in(env, key, k, 32);
  small_in(env, nonce, n, 24);
  small_in(env, tag, t, 16);
  aead_regions_t r;
  if (!aead_pin(env, &r, adArr, adBuf, adOff, inArr, inBuf, inOff, outArr, outBuf, outOff)) return JNI_FALSE;
  int rc = objsync_xchacha_open(k, n, r.ad.ptr, (size_t)adLen, r.in.ptr, (size_t)len, t, r.out.ptr);
  aead_release(env, &r);
  memset(k, 0, sizeof k);
  return rc == 0 ? JNI_TRUE : JNI_FALSE;
}

/* ---- Ed25519 ---- */

JNIEXPORT void JNI_FN(ed25519PublicKey)(JNIEnv *env, jclass c, jbyteArray seed, jbyteArray pk) {
  uint8_t s[32], p[32];
  small_in(env, seed, s, 32);
  objsync_ed25519_public_key(s, p);
  memset(s, 0, sizeof s);
  (*env)->SetByteArrayRegion(env, pk, 0, 32, (jbyte *)p);
}

JNIEXPORT void JNI_FN(ed25519Sign)(JNIEnv *env, jclass c, jbyteArray seed, jbyteArray pk, jbyteArray mArr,
                                   jobject mBuf, jlong mOff, jlong len, jbyteArray sig) {
  uint8_t s[32], p[32], out[64];
  small_in(env, seed, s, 32);
  small_in(env, pk, p, 32);
  region_t m;
  region_init(env, &m, mArr, mBuf, mOff);
  if (!region_pin(env, &m)) return;
  objsync_ed25519_sign(s, p, m.ptr, (size_t)len, out);
  region_release(env, &m, JNI_ABORT);
  memset(s, 0, sizeof s);
  (*env)->SetByteArrayRegion(env, sig, 0, 64, (jbyte *)out);
}

JNIEXPORT jboolean JNI_FN(ed25519Verify)(JNIEnv *env, jclass c, jbyteArray pk, jbyteArray mArr, jobject mBuf,
                                         jlong mOff, jlong len, jbyteArray sig) {
  uint8_t p[32], s[64];
  small_in(env, pk, p, 32);
  small_in(env, sig, s, 64);
  region_t m;
  region_init(env, &m, mArr, mBuf, mOff);
  if (!region_pin(env, &m)) return JNI_FALSE;
  int rc = objsync_ed25519_verify(p, m.ptr, (size_t)len, s);
  region_release(env, &m, JNI_ABORT);
  return rc == 0 ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT void JNI_FN(ed25519VerifyBatch)(JNIEnv *env, jclass c, jint count, jbyteArray pks, jbyteArray sigs,
                                          jbyteArray msgs, jintArray offsets, jbyteArray results) {
  region_t p, s, m, o, r;
  array_region(env, &p, pks);
  array_region(env, &s, sigs);
  array_region(env, &m, msgs);
  array_region(env, &o, offsets);
  array_region(env, &r, results);
  region_t *pins[] = {&p, &s, &m, &o, &r};
  if (!regions_pin(env, pins, 5)) return;
  objsync_ed25519_verify_batch(count, p.ptr, s.ptr, m.ptr, (const int32_t *)o.ptr, r.ptr);
  region_release(env, &r, 0);
  for (int i = 3; i >= 0; i--) region_release(env, pins[i], JNI_ABORT);
}

/* ---- HMAC-SHA256 (keys and messages are small: HKDF inputs) ---- */

JNIEXPORT void JNI_FN(hmacSha256)(JNIEnv *env, jclass c, jbyteArray key, jbyteArray msg, jint off, jint len,
                                  jbyteArray out) {
  uint8_t o[32];
  jsize klen = (*env)->GetArrayLength(env, key);
  region_t k, m;
  array_region(env, &k, key);
  region_init(env, &m, msg, NULL, off);
  region_t *pins[] = {&k, &m};
  if (!regions_pin(env, pins, 2)) return;
  objsync_hmac_sha256(k.ptr, (size_t)klen, m.ptr, (size_t)len, o);
  region_release(env, &m, JNI_ABORT);
  region_release(env, &k, JNI_ABORT);
  (*env)->SetByteArrayRegion(env, out, 0, 32, (jbyte *)o);
}
