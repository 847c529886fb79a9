/* The test groups of the native test program, each reading its vector file from dir. */
#ifndef OBJSYNC_TEST_TESTS_H
#define OBJSYNC_TEST_TESTS_H

void test_blake3_vectors(const char *dir);
void test_blake3_simd(void);
void test_bao_vectors(const char *dir);
void test_xchacha_vectors(const char *dir);
void test_ed25519_vectors(const char *dir);
void test_hmac_vectors(const char *dir);
/* Not vector-driven: NULL for every empty buffer. */
void test_empty_null(void);

#endif
