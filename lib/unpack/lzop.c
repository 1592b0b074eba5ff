/*
 * lzop (.lzo), through liblzo2. The container is hand-parsed, following
 * lzop's own reader (lzop 1.04 src/lzop.c p_header / x_decompress, there is
 * no separate spec):
 *   magic 89 4C 5A 4F 00 0D 0A 1A 0A
 *   BE16 version, BE16 lib version, [BE16 version needed, if version >= 0x0940]
 *   u8 method (1..3: LZO1X-1, LZO1X-1(15), LZO1X-999), [u8 level, >= 0x0940]
 *   BE32 flags, [BE32 filter, if F_H_FILTER], BE32 mode, BE32 mtime,
 *   [BE32 mtime high, >= 0x0940], u8 name length, name,
 *   BE32 header checksum (Adler-32, or CRC-32 with F_H_CRC32) of everything
 *   from the version on, [extra field: BE32 len, data, BE32 checksum]
 * then blocks: BE32 uncompressed length (0 ends the file), BE32 compressed
 * length, checksums of the uncompressed data (F_ADLER32_D, F_CRC32_D) and,
 * when the block is compressed, of the compressed data (F_ADLER32_C,
 * F_CRC32_C), then the data (stored as is when both lengths are equal).
 */
#include <lzo/lzo1x.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "unpack/stream_decode.h"
#include "util/util.h"

#define LZOP_MAGIC "\x89LZO\x00\r\n\x1a\n"

enum {
	F_ADLER32_D = 0x1,
	F_ADLER32_C = 0x2,
	F_H_EXTRA_FIELD = 0x40,
	F_CRC32_D = 0x100,
	F_CRC32_C = 0x200,
	F_MULTIPART = 0x400,
	F_H_FILTER = 0x800,
	F_H_CRC32 = 0x1000,
	MAX_BLOCK = 64 << 20, /* lzop's MAX_BLOCK_SIZE */
	MAX_EXTRA = 64 << 10,
	HEADER_MAX = 9 + 2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + 4 + 1 + 255 + 4,
};

typedef struct lzop_header {
	unsigned version, method, level;
	uint32_t flags;
	char name[256];
	size_t len; /* header length, extra field included */
} lzop_header;

/* Parses the header in b[0..n). Returns 1 when complete (h->len set), 0 when
 * more bytes are needed (*need says how many in all), -1 when invalid. */
static int parse_header(const uint8_t *b, size_t n, lzop_header *h, size_t *need)
{
	size_t p = 9 + 4;
	*need = p + 2;
	if (n < 9 + 4)
		return n >= 9 && memcmp(b, LZOP_MAGIC, 9) != 0 ? -1 : 0;
	if (memcmp(b, LZOP_MAGIC, 9) != 0)
		return -1;
	h->version = gb_be16(b + 9);
	if (h->version < 0x0900 || h->version > 0x1fff)
		return -1;
	bool new_fmt = h->version >= 0x0940;
	size_t fixed = p + (new_fmt ? 2 : 0) + 1 + (new_fmt ? 1 : 0) + 4;
	if (n < fixed) {
		*need = fixed;
		return 0;
	}
	if (new_fmt)
		p += 2;
	h->method = b[p++];
	if (h->method < 1 || h->method > 3)
		return -1;
	h->level = new_fmt ? b[p++] : 0;
	h->flags = gb_be32(b + p);
	p += 4;
	if (h->flags & F_MULTIPART)
		return -1; /* lzop never wrote these */
	size_t rest = (h->flags & F_H_FILTER ? 4 : 0) + 4 + 4 + (new_fmt ? 4 : 0) + 1;
	if (n < p + rest) {
		*need = p + rest;
		return 0;
	}
	p += rest;
	size_t name_len = b[p - 1];
	if (n < p + name_len + 4) {
		*need = p + name_len + 4;
		return 0;
	}
	memcpy(h->name, b + p, name_len);
	h->name[name_len] = '\0';
	p += name_len;
	uint32_t want = gb_be32(b + p);
	uint32_t got = h->flags & F_H_CRC32 ? (uint32_t)crc32(0, b + 9, (uInt)(p - 9))
	                                    : (uint32_t)adler32(1, b + 9, (uInt)(p - 9));
	if (want != got)
		return -1;
	p += 4;
	if (h->flags & F_H_EXTRA_FIELD) {
		if (n < p + 4) {
			*need = p + 4;
			return 0;
		}
		uint32_t xl = gb_be32(b + p);
		if (xl > MAX_EXTRA)
			return -1;
		if (n < p + 4 + xl + 4) {
			*need = p + 4 + xl + 4;
			return 0;
		}
		p += 4 + xl + 4;
	}
	h->len = p;
	return 1;
}

static pthread_once_t lzo_once = PTHREAD_ONCE_INIT;
static void lzo_setup(void)
{
	lzo_init();
}

typedef enum { S_HEADER, S_BLOCK_HEAD, S_BLOCK_DATA, S_DRAIN, S_DONE } lzop_state;

typedef struct lzop_dec {
	lzop_state state;
	lzop_header h;
	uint8_t *buf; /* gathered header / block bytes */
	size_t have, need, cap;
	uint32_t dlen, clen, dsum_a, dsum_c, csum_a, csum_c;
	uint8_t *out; /* a decompressed block being handed out */
	size_t out_len, out_at;
} lzop_dec;

static void *lzop_create(void)
{
	pthread_once(&lzo_once, lzo_setup);
	lzop_dec *d = gb_xcalloc(1, sizeof(*d));
	d->cap = HEADER_MAX + 8 + MAX_EXTRA;
	d->buf = gb_xmalloc(d->cap);
	d->need = 9;
	return d;
}

static void lzop_destroy(void *st)
{
	lzop_dec *d = st;
	free(d->buf);
	free(d->out);
	free(d);
}

static void grow(lzop_dec *d, size_t n)
{
	if (n > d->cap) {
		d->buf = gb_xrealloc(d->buf, n);
		d->cap = n;
	}
}

/* Size of the block header (both lengths and the checksums) for dlen/clen. */
static size_t block_head_len(const lzop_dec *d, uint32_t dlen, uint32_t clen)
{
	uint32_t f = d->h.flags;
	size_t n = 8;
	n += (f & F_ADLER32_D ? 4 : 0) + (f & F_CRC32_D ? 4 : 0);
	if (clen < dlen)
		n += (f & F_ADLER32_C ? 4 : 0) + (f & F_CRC32_C ? 4 : 0);
	return n;
}

static gb_sd_status fail(char *err, size_t err_size, const char *msg)
{
	snprintf(err, err_size, "%s", msg);
	return GB_SD_ERROR;
}

/* One block is complete in d->buf: check and decompress it. */
static gb_sd_status finish_block(lzop_dec *d, char *err, size_t err_size)
{
	uint32_t f = d->h.flags;
	const uint8_t *c = d->buf + d->have - d->clen;
	if (d->clen < d->dlen) {
		if ((f & F_ADLER32_C) && (uint32_t)adler32(1, c, d->clen) != d->csum_a)
			return fail(err, err_size, "compressed block Adler-32 mismatch");
		if ((f & F_CRC32_C) && (uint32_t)crc32(0, c, d->clen) != d->csum_c)
			return fail(err, err_size, "compressed block CRC-32 mismatch");
	}
	free(d->out);
	d->out = gb_xmalloc(d->dlen ? d->dlen : 1);
	if (d->clen == d->dlen) {
		memcpy(d->out, c, d->dlen);
	} else {
		lzo_uint out_len = d->dlen;
		int r = lzo1x_decompress_safe(c, d->clen, d->out, &out_len, NULL);
		if (r != LZO_E_OK || out_len != d->dlen)
			return fail(err, err_size, "LZO1X block does not decompress");
	}
	if ((f & F_ADLER32_D) && (uint32_t)adler32(1, d->out, d->dlen) != d->dsum_a)
		return fail(err, err_size, "block Adler-32 mismatch");
	if ((f & F_CRC32_D) && (uint32_t)crc32(0, d->out, d->dlen) != d->dsum_c)
		return fail(err, err_size, "block CRC-32 mismatch");
	d->out_len = d->dlen;
	d->out_at = 0;
	d->state = S_DRAIN;
	return GB_SD_MORE;
}

static gb_sd_status lzop_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                              size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	lzop_dec *d = st;
	size_t used = 0, made = 0;
	gb_sd_status r = GB_SD_MORE;
	for (;;) {
		if (d->state == S_DRAIN) {
			size_t take = d->out_len - d->out_at;
			if (take > out_cap - made)
				take = out_cap - made;
			memcpy(out + made, d->out + d->out_at, take);
			made += take;
			d->out_at += take;
			if (d->out_at < d->out_len)
				break; /* caller's buffer is full */
			d->state = S_BLOCK_HEAD;
			d->have = 0;
			d->need = 4;
			continue;
		}
		if (d->state == S_DONE) {
			r = GB_SD_END;
			break;
		}
		/* Gather exactly what the current piece needs: consuming more would
		 * hide where the file ends. */
		if (d->have < d->need) {
			size_t take = d->need - d->have;
			if (take > in_len - used)
				take = in_len - used;
			memcpy(d->buf + d->have, in + used, take);
			d->have += take;
			used += take;
			if (d->have < d->need)
				break; /* more input */
		}
		if (d->state == S_HEADER) {
			size_t need;
			int h = parse_header(d->buf, d->have, &d->h, &need);
			if (h < 0) {
				r = fail(err, err_size, "invalid lzop header");
				break;
			}
			if (h == 0) {
				d->need = need;
				continue;
			}
			d->state = S_BLOCK_HEAD;
			d->have = 0;
			d->need = 4;
			continue;
		}
		if (d->state == S_BLOCK_HEAD) {
			uint32_t dlen = gb_be32(d->buf);
			if (dlen == 0) {
				d->state = S_DONE;
				continue;
			}
			if (dlen > MAX_BLOCK) {
				r = fail(err, err_size, "block larger than 64 MiB");
				break;
			}
			if (d->need == 4) {
				d->need = 8;
				continue;
			}
			uint32_t clen = gb_be32(d->buf + 4);
			if (clen == 0 || clen > dlen) {
				r = fail(err, err_size, "invalid block lengths");
				break;
			}
			size_t hl = block_head_len(d, dlen, clen);
			if (d->need < hl) {
				d->need = hl;
				continue;
			}
			d->dlen = dlen;
			d->clen = clen;
			size_t p = 8;
			uint32_t f = d->h.flags;
			if (f & F_ADLER32_D)
				d->dsum_a = gb_be32(d->buf + p), p += 4;
			if (f & F_CRC32_D)
				d->dsum_c = gb_be32(d->buf + p), p += 4;
			if (clen < dlen) {
				if (f & F_ADLER32_C)
					d->csum_a = gb_be32(d->buf + p), p += 4;
				if (f & F_CRC32_C)
					d->csum_c = gb_be32(d->buf + p), p += 4;
			}
			grow(d, hl + clen);
			d->need = hl + clen;
			d->state = S_BLOCK_DATA;
			continue;
		}
		if (d->state == S_BLOCK_DATA) {
			r = finish_block(d, err, err_size);
			if (r == GB_SD_ERROR)
				break;
			continue;
		}
	}
	*in_used = used;
	*out_used = made;
	return r;
}

static bool header_at(const gb_input *in, uint64_t off, lzop_header *h)
{
	uint8_t b[HEADER_MAX];
	ssize_t n = gb_input_read(in, off, b, sizeof(b));
	size_t need;
	/* The extra field may run past this buffer: a complete fixed part with a
	 * valid checksum is enough to recognise a header. */
	int r = n > 0 ? parse_header(b, (size_t)n, h, &need) : -1;
	return r == 1 || (r == 0 && need > sizeof(b) && (h->flags & F_H_EXTRA_FIELD));
}

static int64_t lzop_next(const gb_input *in, uint64_t off)
{
	lzop_header h;
	return header_at(in, off, &h) ? 0 : -1;
}

const gb_stream_ops gb_stream_ops_lzop = {"lzop", lzop_create, lzop_step, lzop_destroy, lzop_next, NULL};

static bool lzop_probe(const gb_input *in, gb_probe_result *res)
{
	lzop_header h;
	memset(&h, 0, sizeof(h));
	if (!header_at(in, 0, &h))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_lzop, 65536, &r))
		return false;
	/* The header has its own checksum, so a header alone is good evidence. */
	if (r.ended && !r.concatenated)
		res->size = r.end;
	res->confidence = r.ended || r.out ? 95 : 80;
	snprintf(res->detail, sizeof(res->detail), "lzop %x.%02x, LZO1X%s%s%.64s", h.version >> 12,
	         (h.version >> 4) & 0xff, h.method == 3 ? "-999" : "-1", h.name[0] ? ", name " : "", h.name);
	return true;
}

static int lzop_extract(gb_extract_ctx *x)
{
	lzop_header h;
	memset(&h, 0, sizeof(h));
	if (!header_at(&x->in, 0, &h)) {
		gb_extract_error(x, "invalid lzop header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_lzop, h.name, (const char *[]){".lzo", ".tzo=.tar", NULL});
}

const gb_format gb_format_lzop = {
    .name = "lzop",
    .description = "lzop compressed file (LZO1X), liblzo2",
    .magics = {{LZOP_MAGIC, 9, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lzop_probe,
    .extract = lzop_extract,
};
