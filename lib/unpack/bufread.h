/*
 * A forward-moving buffered reader over a gb_input, for the image parsers
 * (JPEG, GIF) that walk many small blocks: one pread per 64 KiB instead of one
 * per block, so a large image costs a few syscalls in a probe.
 */
#ifndef GB_UNPACK_BUFREAD_H
#define GB_UNPACK_BUFREAD_H

#include <stdint.h>

#include "unpack/format.h"

typedef struct gb_bufread {
	const gb_input *in;
	uint64_t start; /* view offset of buf[0] */
	size_t len;     /* valid bytes in buf */
	uint8_t buf[1 << 16];
} gb_bufread;

void gb_bufread_init(gb_bufread *r, const gb_input *in);
/* The byte at OFF, or -1 past the end of the view (or on a read error). */
int gb_bufread_byte(gb_bufread *r, uint64_t off);
/* Copies N bytes (N <= 64 KiB) at OFF into DST; 0, or -1 when they are not all there. */
int gb_bufread_get(gb_bufread *r, uint64_t off, void *dst, size_t n);
/* Offset of the first byte equal to C at or after OFF, or UINT64_MAX if none before the end. */
uint64_t gb_bufread_find(gb_bufread *r, uint64_t off, uint8_t c);

#endif
