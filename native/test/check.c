/* See check.h. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t passed, failed, skipped;

int check(int ok, const char *fmt, ...) {
  if (ok) {
    passed++;
    return 1;
  }
  failed++;
  va_list ap;
  va_start(ap, fmt);
  fputs("FAIL: ", stdout);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
  return 0;
}

void skip(size_t n, const char *fmt, ...) {
  if (n == 0) return;
  skipped += n;
  va_list ap;
  va_start(ap, fmt);
  printf("skip %zu: ", n);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  va_end(ap);
}

size_t checks_failed(void) { return failed; }

void print_summary(void) {
  printf("%zu skipped\n", skipped);
  printf("%zu passed, %zu failed\n", passed, failed);
}

uint8_t *alloc_exact(size_t len) {
  uint8_t *p = malloc(len);
  if (p == NULL && len > 0) {
    fprintf(stderr, "out of memory (%zu bytes)\n", len);
    abort();
  }
  return p;
}

uint8_t *copy_exact(const uint8_t *p, size_t len) {
  uint8_t *q = alloc_exact(len);
  if (len > 0) memcpy(q, p, len);
  return q;
}

int bytes_equal(const uint8_t *a, const uint8_t *b, size_t len) { return len == 0 || memcmp(a, b, len) == 0; }

static int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

uint8_t *hex_decode(const char *hex, size_t *len) {
  size_t n = strlen(hex);
  if (n % 2 != 0) {
    fprintf(stderr, "odd-length hex string: %s\n", hex);
    abort();
  }
  uint8_t *out = alloc_exact(n / 2);
  for (size_t i = 0; i < n / 2; i++) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      fprintf(stderr, "bad hex string: %s\n", hex);
      abort();
    }
    out[i] = (uint8_t)(hi << 4 | lo);
  }
  *len = n / 2;
  return out;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *grown = realloc(buf, cap *= 2);
      if (grown == NULL) free(buf);
      buf = grown;
    }
  }
  if (buf != NULL && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int load_vectors(const char *dir, const char *name, json_value *doc) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t len;
  char *text = read_file(path, &len);
  if (text == NULL) {
    const char *ci = getenv("CI");
    if (ci != NULL && strcmp(ci, "true") == 0) {
      check(0, "%s: cannot read the vectors (CI=true requires them)", path);
    } else {
      skip(1, "%s: cannot read the vectors (set OBJSYNC_TESTDATA or pass the directory)", path);
    }
    return 0;
  }
  char err[160];
  int ok = json_parse(text, len, doc, err, sizeof err) == 0;
  free(text);
  if (!check(ok, "%s: %s", path, err)) return 0;
  return 1;
}
