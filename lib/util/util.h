/* Small helpers shared by more than one part of the library. */
#ifndef GB_UTIL_H
#define GB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <openssl/evp.h>

/* Allocation that never returns NULL: glassbox treats out-of-memory as fatal,
 * as SQLite's and Redis's CLIs do, because every limit that bounds memory is
 * checked before allocating. */
void *gb_xmalloc(size_t n);
void *gb_xcalloc(size_t n, size_t size);
void *gb_xrealloc(void *p, size_t n);
char *gb_xstrdup(const char *s);
char *gb_xstrndup(const char *s, size_t n);
char *gb_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *gb_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Streaming SHA-256 (OpenSSL EVP). */
typedef struct gb_sha256 {
	EVP_MD_CTX *ctx;
} gb_sha256;
void gb_sha256_init(gb_sha256 *h);
void gb_sha256_update(gb_sha256 *h, const void *data, size_t len);
void gb_sha256_final(gb_sha256 *h, char hex[65]);
void gb_sha256_abort(gb_sha256 *h);
void gb_sha256_hex(const void *data, size_t len, char hex[65]);
/* Hash [off, off+len) of fd with pread; 0 ok, -1 on I/O error. */
int gb_sha256_fd_range(int fd, uint64_t off, uint64_t len, char hex[65]);

double gb_now(void); /* monotonic seconds */

/* Writes S for HTML text and attribute values: & < > " ' escaped, control
 * characters and bytes that are not UTF-8 as \xNN (html.c). */
void gb_html_puts(FILE *out, const char *s);

/* Last path component of a '/'-separated path (no allocation). */
const char *gb_basename(const char *path);

/* Growable byte buffer. */
typedef struct gb_buf {
	char *data;
	size_t len, cap;
} gb_buf;
void gb_buf_append(gb_buf *b, const void *data, size_t len);
void gb_buf_puts(gb_buf *b, const char *s);
void gb_buf_printf(gb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *gb_buf_steal(gb_buf *b); /* NUL-terminated; the buffer is reset */
void gb_buf_free(gb_buf *b);

/* String -> uint64 hash map (open addressing), for path lookups inside one container. */
typedef struct gb_strmap {
	char **keys;
	uint64_t *vals;
	size_t count, cap;
} gb_strmap;
void gb_strmap_put(gb_strmap *m, const char *key, uint64_t val);
bool gb_strmap_get(const gb_strmap *m, const char *key, uint64_t *val);
void gb_strmap_free(gb_strmap *m);

/* Big/little endian loads from unaligned memory. */
static inline uint16_t gb_le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}
static inline uint32_t gb_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
static inline uint64_t gb_le64(const void *p)
{
	return (uint64_t)gb_le32(p) | (uint64_t)gb_le32((const uint8_t *)p + 4) << 32;
}
static inline uint16_t gb_be16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}
static inline uint32_t gb_be32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}
static inline uint64_t gb_be64(const void *p)
{
	return (uint64_t)gb_be32(p) << 32 | (uint64_t)gb_be32((const uint8_t *)p + 4);
}

#endif
