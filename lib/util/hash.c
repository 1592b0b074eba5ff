#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

static void to_hex(const unsigned char *md, unsigned len, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * len] = '\0';
}

void gb_sha256_init(gb_sha256 *h)
{
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		fprintf(stderr, "glassbox: OpenSSL SHA-256 unavailable\n");
		abort();
	}
}

void gb_sha256_update(gb_sha256 *h, const void *data, size_t len)
{
	if (len)
		EVP_DigestUpdate(h->ctx, data, len);
}

void gb_sha256_final(gb_sha256 *h, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	EVP_DigestFinal_ex(h->ctx, md, &len);
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
	to_hex(md, len, hex);
}

void gb_sha256_abort(gb_sha256 *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

void gb_sha256_hex(const void *data, size_t len, char hex[65])
{
	gb_sha256 h;
	gb_sha256_init(&h);
	gb_sha256_update(&h, data, len);
	gb_sha256_final(&h, hex);
}

int gb_sha256_fd_range(int fd, uint64_t off, uint64_t len, char hex[65])
{
	enum { CHUNK = 1 << 20 };
	unsigned char *buf = gb_xmalloc(CHUNK);
	gb_sha256 h;
	gb_sha256_init(&h);
	while (len > 0) {
		size_t want = len < CHUNK ? (size_t)len : CHUNK;
		ssize_t n = pread(fd, buf, want, (off_t)off);
		if (n <= 0) {
			gb_sha256_abort(&h);
			free(buf);
			return -1;
		}
		gb_sha256_update(&h, buf, (size_t)n);
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	gb_sha256_final(&h, hex);
	free(buf);
	return 0;
}

double gb_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
