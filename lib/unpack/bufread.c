#include <string.h>

#include "unpack/bufread.h"

void gb_bufread_init(gb_bufread *r, const gb_input *in)
{
	r->in = in;
	r->start = 0;
	r->len = 0;
}

/* Makes [off, off + n) resident if the view holds it; returns how many of those bytes are. */
static size_t fill(gb_bufread *r, uint64_t off, size_t n)
{
	if (off >= r->start && off - r->start + n <= r->len)
		return n;
	ssize_t got = gb_input_read(r->in, off, r->buf, sizeof(r->buf));
	r->start = off;
	r->len = got > 0 ? (size_t)got : 0;
	return r->len < n ? r->len : n;
}

int gb_bufread_byte(gb_bufread *r, uint64_t off)
{
	if (fill(r, off, 1) < 1)
		return -1;
	return r->buf[off - r->start];
}

int gb_bufread_get(gb_bufread *r, uint64_t off, void *dst, size_t n)
{
	if (n > sizeof(r->buf) || fill(r, off, n) < n)
		return -1;
	memcpy(dst, r->buf + (off - r->start), n);
	return 0;
}

uint64_t gb_bufread_find(gb_bufread *r, uint64_t off, uint8_t c)
{
	for (;;) {
		if (fill(r, off, 1) < 1)
			return UINT64_MAX;
		size_t at = (size_t)(off - r->start);
		const uint8_t *hit = memchr(r->buf + at, c, r->len - at);
		if (hit)
			return r->start + (uint64_t)(hit - r->buf);
		off = r->start + r->len;
	}
}
