/* libsodium's XChaCha20-Poly1305 (IETF), detached: the AEAD of the libsodium-only build and the fallback of the
 * OpenSSL one. Same contract as objsync_xchacha_seal/open (a failed open zeroes out). Internal, not exported. */
#ifndef OBJSYNC_XCHACHA_SODIUM_H
#define OBJSYNC_XCHACHA_SODIUM_H

#include <stddef.h>
#include <stdint.h>

void objsync_sodium_xchacha_seal(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                                 const uint8_t *in, size_t len, uint8_t *out, uint8_t tag[16]);
int objsync_sodium_xchacha_open(const uint8_t key[32], const uint8_t nonce[24], const uint8_t *ad, size_t ad_len,
                                const uint8_t *in, size_t len, const uint8_t tag[16], uint8_t *out);

#endif
