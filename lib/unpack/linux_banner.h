/*
 * The Linux version banner, init/version.c: "Linux version %s (%s@%s) (%s) %s\n"
 * with the release (uname -r) first: "Linux version 6.1.0-50-armmp
 * (debian-kernel@lists.debian.org) (gcc-12 ...) #1 SMP Debian 6.1.176-1 ...".
 */
#ifndef GB_UNPACK_LINUX_BANNER_H
#define GB_UNPACK_LINUX_BANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GB_BANNER_MAX 320

/* Finds the first complete banner in buf[0..len) and copies its line (no
 * newline) to out. */
bool gb_linux_banner_find(const uint8_t *buf, size_t len, char *out, size_t out_size);
/* The release from a banner line: "6.1.0-50-armmp". */
bool gb_linux_banner_release(const char *banner, char *out, size_t out_size);

/* Looks for the banner in data that arrives in pieces (a decompressor's output). */
typedef struct gb_banner_finder {
	bool found;
	char banner[GB_BANNER_MAX];
	uint8_t carry[GB_BANNER_MAX];
	size_t carry_len;
} gb_banner_finder;
void gb_banner_feed(gb_banner_finder *f, const uint8_t *buf, size_t len);

#endif
