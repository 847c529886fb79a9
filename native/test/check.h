/*
 * The test program's bookkeeping: pass/fail/skip counters, hex decoding into exactly sized heap buffers (so a
 * sanitized build catches any read or write past an argument), and loading the vector files.
 */
#ifndef OBJSYNC_TEST_CHECK_H
#define OBJSYNC_TEST_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h> /* free() for the buffers below */

#include "json.h"

/* mingw's own printf (__USE_MINGW_ANSI_STDIO) takes %zu; the plain "printf" archetype there means msvcrt's. */
#if defined(__MINGW_PRINTF_FORMAT)
#define CHECK_PRINTF_FORMAT __MINGW_PRINTF_FORMAT
#else
#define CHECK_PRINTF_FORMAT printf
#endif

/* Counts a check: passed when ok, else failed with the formatted reason printed. Returns ok. */
int check(int ok, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(CHECK_PRINTF_FORMAT, 2, 3)))
#endif
    ;
/* Counts n cases not run, with the reason printed once per call. */
void skip(size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(CHECK_PRINTF_FORMAT, 2, 3)))
#endif
    ;
size_t checks_failed(void);
/* Prints the skip total and the closing "N passed, N failed" line. */
void print_summary(void);

/* Decodes hex into a fresh buffer of exactly strlen(hex)/2 bytes (malloc(0) for ""); aborts on bad hex. */
uint8_t *hex_decode(const char *hex, size_t *len);
/* A fresh buffer of exactly len bytes (malloc(0) for 0), uninitialised; aborts when out of memory. */
uint8_t *alloc_exact(size_t len);
/* A fresh exactly sized copy of p[0, len). */
uint8_t *copy_exact(const uint8_t *p, size_t len);
/* Whether a[0, len) equals b[0, len). */
int bytes_equal(const uint8_t *a, const uint8_t *b, size_t len);

/*
 * Loads and parses dir/name into *doc. Returns 1 when loaded; 0 when the file is absent or unreadable, after
 * counting a failure when the environment has CI=true (vectors must be there in CI) or a skip otherwise.
 */
int load_vectors(const char *dir, const char *name, json_value *doc);
/* A Wycheproof file's testGroups array, or NULL (counted as a failure naming `what`) when absent or empty. */
const json_value *wycheproof_groups(const json_value *doc, const char *what);

#endif
