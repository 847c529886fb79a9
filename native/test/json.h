/*
 * A small JSON reader for the test vectors: parses a whole document into a tree (no streaming, no writer).
 * Plain C11 so the test program builds wherever the library does (glibc, aarch64, mingw).
 */
#ifndef OBJSYNC_TEST_JSON_H
#define OBJSYNC_TEST_JSON_H

#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
  json_type type;
  int boolean;
  double number;
  char *string;  /* JSON_STRING: UTF-8, NUL-terminated; string_len excludes the NUL */
  size_t string_len;
  struct json_value *items;  /* JSON_ARRAY elements, JSON_OBJECT member values */
  char **keys;               /* JSON_OBJECT member names, parallel to items */
  size_t count;
} json_value;

/* Parses text[0, len) into *out; 0 on success, else -1 with a message (offset and reason) in err. */
int json_parse(const char *text, size_t len, json_value *out, char *err, size_t err_size);
void json_free(json_value *v);

/* The member named key of an object, or NULL (also when v is NULL or not an object). */
const json_value *json_get(const json_value *v, const char *key);
/* The member's string, or NULL when absent or not a string. */
const char *json_get_string(const json_value *v, const char *key);
/* The member's number, or def when absent or not a number. */
double json_get_number(const json_value *v, const char *key, double def);

#endif
