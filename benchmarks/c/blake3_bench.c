/*
 * The native ceiling for the JMH numbers: the same BLAKE3 C sources the library is built from, timed in a
 * plain C loop with no bridge in between. Prints one line per (operation, size): bytes, ns per op, MB/s.
 *
 * usage: blake3_bench [seconds-per-size]   (default 1.0)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "objsync.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint8_t sink;

static void run(const char *op, const uint8_t *buf, size_t size, double seconds, uint8_t *outboard) {
  uint8_t out[32];
  /* warm up, then time batches until the budget is used */
  for (int i = 0; i < 3; i++) objsync_blake3_hash(NULL, 0, buf, size, out, 32);
  long iters = 0;
  double start = now(), elapsed;
  long batch = size >= (1 << 20) ? 1 : (long)((1 << 20) / size);
  do {
    for (long i = 0; i < batch; i++) {
      if (outboard) {
        objsync_bao_outboard(buf, size, 0, 4, 1, outboard, out);
      } else {
        objsync_blake3_hash(NULL, 0, buf, size, out, 32);
      }
      sink ^= out[0];
    }
    iters += batch;
    elapsed = now() - start;
  } while (elapsed < seconds);
  double ns = elapsed * 1e9 / (double)iters;
  printf("%-8s %10zu bytes %14.1f ns/op %10.1f MB/s\n", op, size, ns, (double)size * 1e3 / ns);
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 1.0;
  static const size_t sizes[] = {64, 1024, 16384, 1 << 20, 64 << 20};
  size_t max = 64 << 20;
  uint8_t *buf = malloc(max);
  uint8_t *outboard = malloc((size_t)objsync_bao_outboard_size(max, 4) + 64);
  if (!buf || !outboard) return 1;
  for (size_t i = 0; i < max; i++) buf[i] = (uint8_t)(i % 251);
  printf("# BLAKE3 C reference %s, simd=%s\n", objsync_version(), objsync_blake3_simd());
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) run("hash", buf, sizes[i], seconds, NULL);
  run("outboard", buf, 1 << 20, seconds, outboard);
  run("outboard", buf, 64 << 20, seconds, outboard);
  free(outboard);
  free(buf);
  return 0;
}
