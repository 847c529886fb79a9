/* Recursive-descent JSON parser (RFC 8259) for the test vectors; see json.h. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

typedef struct {
  const char *p, *end, *start;
  char *err;
  size_t err_size;
} parser;

static int fail(parser *ps, const char *why) {
  if (ps->err_size > 0 && ps->err[0] == '\0') {
    snprintf(ps->err, ps->err_size, "JSON error at byte %ld: %s", (long)(ps->p - ps->start), why);
  }
  return -1;
}

static void skip_ws(parser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static int literal(parser *ps, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return fail(ps, "unknown literal");
  ps->p += n;
  return 0;
}

static int hex4(parser *ps, unsigned *out) {
  if (ps->end - ps->p < 4) return fail(ps, "short \\u escape");
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = *ps->p++;
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return fail(ps, "bad hex digit in \\u escape");
  }
  *out = v;
  return 0;
}

static size_t put_utf8(char *dst, unsigned cp) {
  if (cp < 0x80) { dst[0] = (char)cp; return 1; }
  if (cp < 0x800) { dst[0] = (char)(0xC0 | cp >> 6); dst[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    dst[0] = (char)(0xE0 | cp >> 12); dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); dst[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  dst[0] = (char)(0xF0 | cp >> 18); dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); dst[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* Parses a string at the opening quote; the decoded text is never longer than the escaped text. */
static int parse_string(parser *ps, char **out, size_t *out_len) {
  ps->p++;
  const char *q = ps->p;
  while (q < ps->end && *q != '"') q += (*q == '\\') ? 2 : 1;
  if (q >= ps->end) return fail(ps, "unterminated string");
  char *s = malloc((size_t)(q - ps->p) + 1);
  if (s == NULL) return fail(ps, "out of memory");
  size_t n = 0;
  while (*ps->p != '"') {
    char c = *ps->p++;
    if ((unsigned char)c < 0x20) { free(s); return fail(ps, "control character in string"); }
    if (c != '\\') { s[n++] = c; continue; }
    char e = *ps->p++;
    switch (e) {
      case '"': case '\\': case '/': s[n++] = e; break;
      case 'b': s[n++] = '\b'; break;
      case 'f': s[n++] = '\f'; break;
      case 'n': s[n++] = '\n'; break;
      case 'r': s[n++] = '\r'; break;
      case 't': s[n++] = '\t'; break;
      case 'u': {
        unsigned cp, lo;
        if (hex4(ps, &cp) != 0) { free(s); return -1; }
        /* A surrogate pair is 12 escaped bytes for 4 UTF-8 bytes; a lone surrogate is kept as is. */
        if (cp >= 0xD800 && cp < 0xDC00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
          ps->p += 2;
          if (hex4(ps, &lo) != 0) { free(s); return -1; }
          if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          else { free(s); return fail(ps, "bad surrogate pair"); }
        }
        n += put_utf8(s + n, cp);
        break;
      }
      default: free(s); return fail(ps, "bad escape");
    }
  }
  ps->p++;
  s[n] = '\0';
  *out = s;
  *out_len = n;
  return 0;
}

static int parse_number(parser *ps, double *out) {
  /* strtod needs a terminator: copy the number's characters (at most 63) first. */
  char buf[64];
  size_t n = 0;
  while (ps->p + n < ps->end && n < sizeof buf - 1 && strchr("+-0123456789.eE", ps->p[n]) != NULL) n++;
  if (n == 0) return fail(ps, "unexpected character");
  memcpy(buf, ps->p, n);
  buf[n] = '\0';
  char *endp;
  *out = strtod(buf, &endp);
  if ((size_t)(endp - buf) != n) return fail(ps, "bad number");
  ps->p += n;
  return 0;
}

static int parse_value(parser *ps, json_value *v, int depth);

/* Appends one element to a growing array of values (and keys, for objects). */
static int append(parser *ps, json_value *v, size_t *cap, char *key) {
  if (v->count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 4;
    json_value *items = realloc(v->items, ncap * sizeof *items);
    if (items == NULL) return fail(ps, "out of memory");
    v->items = items;
    if (v->type == JSON_OBJECT) {
      char **keys = realloc(v->keys, ncap * sizeof *keys);
      if (keys == NULL) return fail(ps, "out of memory");
      v->keys = keys;
    }
    *cap = ncap;
  }
  memset(&v->items[v->count], 0, sizeof v->items[0]);
  if (v->type == JSON_OBJECT) v->keys[v->count] = key;
  v->count++;
  return 0;
}

static int parse_container(parser *ps, json_value *v, int depth) {
  char close = v->type == JSON_OBJECT ? '}' : ']';
  size_t cap = 0;
  ps->p++;
  skip_ws(ps);
  if (ps->p < ps->end && *ps->p == close) { ps->p++; return 0; }
  for (;;) {
    char *key = NULL;
    if (v->type == JSON_OBJECT) {
      size_t key_len;
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != '"') return fail(ps, "expected a member name");
      if (parse_string(ps, &key, &key_len) != 0) return -1;
      skip_ws(ps);
      if (ps->p >= ps->end || *ps->p != ':') { free(key); return fail(ps, "expected ':'"); }
      ps->p++;
    }
    if (append(ps, v, &cap, key) != 0) { free(key); return -1; }
    if (parse_value(ps, &v->items[v->count - 1], depth + 1) != 0) return -1;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
    if (ps->p < ps->end && *ps->p == close) { ps->p++; return 0; }
    return fail(ps, "expected ',' or the container's end");
  }
}

static int parse_value(parser *ps, json_value *v, int depth) {
  if (depth > JSON_MAX_DEPTH) return fail(ps, "nested too deeply");
  skip_ws(ps);
  if (ps->p >= ps->end) return fail(ps, "unexpected end");
  switch (*ps->p) {
    case '{': v->type = JSON_OBJECT; return parse_container(ps, v, depth);
    case '[': v->type = JSON_ARRAY; return parse_container(ps, v, depth);
    case '"': v->type = JSON_STRING; return parse_string(ps, &v->string, &v->string_len);
    case 't': v->type = JSON_BOOL; v->boolean = 1; return literal(ps, "true");
    case 'f': v->type = JSON_BOOL; v->boolean = 0; return literal(ps, "false");
    case 'n': v->type = JSON_NULL; return literal(ps, "null");
    default: v->type = JSON_NUMBER; return parse_number(ps, &v->number);
  }
}

int json_parse(const char *text, size_t len, json_value *out, char *err, size_t err_size) {
  parser ps = {text, text + len, text, err, err_size};
  if (err_size > 0) err[0] = '\0';
  memset(out, 0, sizeof *out);
  if (parse_value(&ps, out, 0) != 0) { json_free(out); return -1; }
  skip_ws(&ps);
  if (ps.p != ps.end) { json_free(out); return fail(&ps, "trailing characters"); }
  return 0;
}

void json_free(json_value *v) {
  for (size_t i = 0; i < v->count; i++) {
    json_free(&v->items[i]);
    if (v->keys != NULL) free(v->keys[i]);
  }
  free(v->items);
  free(v->keys);
  free(v->string);
  memset(v, 0, sizeof *v);
}

const json_value *json_get(const json_value *v, const char *key) {
  if (v == NULL || v->type != JSON_OBJECT) return NULL;
  for (size_t i = 0; i < v->count; i++) {
    if (strcmp(v->keys[i], key) == 0) return &v->items[i];
  }
  return NULL;
}

const char *json_get_string(const json_value *v, const char *key) {
  const json_value *m = json_get(v, key);
  return m != NULL && m->type == JSON_STRING ? m->string : NULL;
}

double json_get_number(const json_value *v, const char *key, double def) {
  const json_value *m = json_get(v, key);
  return m != NULL && m->type == JSON_NUMBER ? m->number : def;
}
