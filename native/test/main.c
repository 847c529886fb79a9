/*
 * objsync's native test program: checks the library's exported objsync_* functions against the official vectors.
 *
 * Usage: objsync_native_test [VECTOR_DIR]   (else $OBJSYNC_TESTDATA). A missing vector file is a skip, or a
 * failure when CI=true. Exits 0 when nothing failed; the last line is "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "objsync.h"
#include "tests.h"

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : getenv("OBJSYNC_TESTDATA");
  if (dir == NULL || dir[0] == '\0') dir = ".";
  printf("objsync %s, vectors from %s\n", objsync_version(), dir);
  test_blake3_vectors(dir);
  test_blake3_simd();
  test_bao_vectors(dir);
  test_xchacha_vectors(dir);
  test_ed25519_vectors(dir);
  test_hmac_vectors(dir);
  test_empty_null();
  print_summary();
  return checks_failed() == 0 ? 0 : 1;
}
