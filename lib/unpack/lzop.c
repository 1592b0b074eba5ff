/*
 * lzop files, decoded with liblzo2. liblzo2 only decompresses blocks; the
 * lzop container around them (header, block framing, checksums) has no
 * library, so it is parsed here, following lzop 1.04's file layout
 * (src/lzop.c of lzop: magic, header fields by version, big-endian words).
 */
#include <lzo/lzo1x.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "unpack/stream_name.h"
#include "util/util.h"

enum {
	F_ADLER32_D = 0x1,
	F_ADLER32_C = 0x2,
	F_H_EXTRA_FIELD = 0x40,
	F_CRC32_D = 0x100,
	F_CRC32_C = 0x200,
	F_H_FILTER = 0x800,
	F_H_CRC32 = 0x1000,
	MAX_BLOCK = 64u << 20, /* lzop's own limit on a block */
};

static const uint8_t MAGIC[9] = {0x89, 'L', 'Z', 'O', 0, '\r', '\n', 0x1a, '\n'};

typedef struct lzop_header {
	uint32_t flags;
	uint8_t method;
	uint64_t data; /* offset of the first block */
	char name[256];
} lzop_header;

/* Parses and checks the header (including its checksum). */
static bool parse_header(const gb_input *in, lzop_header *h)
{
	uint8_t b[9 + 2 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + 4 + 1 + 255 + 4];
	ssize_t n = gb_input_read(in, 0, b, sizeof(b));
	if (n < 9 + 25 || memcmp(b, MAGIC, 9) != 0)
		return false;
	size_t p = 9;
	uint16_t version = gb_be16(b + p);
	if (version < 0x0900 || version > 0x2000)
		return false;
	p += 4; /* version, lib version */
	if (version >= 0x0940) {
		if (gb_be16(b + p) > 0x1100 || gb_be16(b + p) < 0x0900)
			return false; /* version needed to extract */
		p += 2;
	}
	h->method = b[p++];
	if (h->method < 1 || h->method > 3)
		return false; /* LZO1X-1, LZO1X-1(15), LZO1X-999 */
	if (version >= 0x0940)
		p++; /* level */
	h->flags = gb_be32(b + p);
	p += 4;
	if (h->flags & F_H_FILTER)
		p += 4;
	p += 8; /* mode, mtime low */
	if (version >= 0x0940)
		p += 4; /* mtime high */
	size_t name_len = b[p++];
	if (p + name_len + 4 > (size_t)n)
		return false;
	memcpy(h->name, b + p, name_len);
	h->name[name_len] = '\0';
	p += name_len;
	uint32_t want = gb_be32(b + p);
	uint32_t got = (h->flags & F_H_CRC32) ? (uint32_t)crc32(0, b + 9, (uInt)(p - 9))
	                                      : (uint32_t)adler32(1, b + 9, (uInt)(p - 9));
	if (want != got)
		return false;
	p += 4;
	if (h->flags & F_H_EXTRA_FIELD) {
		if (p + 4 > (size_t)n)
			return false;
		uint32_t extra = gb_be32(b + p);
		if (extra > 65536)
			return false;
		p += 4 + extra + 4;
	}
	h->data = p;
	return true;
}

/* Reads one block at *off: its decompressed bytes into dst (room MAX_BLOCK).
 * Returns the decompressed length, 0 at the end marker, -1 with *err set. */
static int64_t read_block(const gb_input *in, const lzop_header *h, uint64_t *off, uint8_t *src, uint8_t *dst,
                          const char **err)
{
	uint8_t w[4];
	if (gb_input_read_exact(in, *off, w, 4) < 0) {
		*err = "truncated block header";
		return -1;
	}
	uint32_t dlen = gb_be32(w);
	if (dlen == 0) {
		*off += 4;
		return 0;
	}
	uint8_t hb[16];
	if (gb_input_read_exact(in, *off + 4, hb, 4) < 0) {
		*err = "truncated block header";
		return -1;
	}
	uint32_t slen = gb_be32(hb);
	if (dlen > MAX_BLOCK || slen > dlen || slen == 0) {
		*err = "implausible block sizes";
		return -1;
	}
	uint64_t p = *off + 8;
	p += (h->flags & F_ADLER32_D ? 4 : 0) + (h->flags & F_CRC32_D ? 4 : 0);
	if (slen < dlen)
		p += (h->flags & F_ADLER32_C ? 4 : 0) + (h->flags & F_CRC32_C ? 4 : 0);
	if (gb_input_read_exact(in, p, src, slen) < 0) {
		*err = "truncated block data";
		return -1;
	}
	if (slen == dlen) {
		memcpy(dst, src, dlen);
	} else {
		lzo_uint out = dlen;
		if (lzo1x_decompress_safe(src, slen, dst, &out, NULL) != LZO_E_OK || out != dlen) {
			*err = "corrupt LZO block";
			return -1;
		}
	}
	*off = p + slen;
	return dlen;
}

static bool lzop_probe(const gb_input *in, gb_probe_result *res)
{
	lzop_header h;
	if (!parse_header(in, &h) || lzo_init() != LZO_E_OK)
		return false;
	/* The first block must decode; its size bounds the buffers. */
	uint8_t w[8];
	if (gb_input_read_exact(in, h.data, w, 8) < 0)
		return false;
	uint32_t dlen = gb_be32(w), slen = gb_be32(w + 4);
	if (dlen != 0 && (dlen > MAX_BLOCK || slen > dlen || slen == 0))
		return false;
	if (dlen) {
		uint8_t *src = gb_xmalloc(slen), *dst = gb_xmalloc(dlen);
		uint64_t off = h.data;
		const char *err;
		int64_t got = read_block(in, &h, &off, src, dst, &err);
		free(src);
		free(dst);
		if (got <= 0)
			return false;
	}
	res->confidence = 95;
	snprintf(res->detail, sizeof(res->detail), "lzop, method %u%s%.100s", h.method,
	         h.name[0] ? ", name " : "", h.name);
	return true;
}

static int lzop_extract(gb_extract_ctx *x)
{
	lzop_header h;
	if (!parse_header(&x->in, &h) || lzo_init() != LZO_E_OK) {
		gb_extract_error(x, "invalid lzop header at 0x0");
		return -1;
	}
	char *name = gb_stream_output_name(h.name, x->name_hint, (const char *[]){".lzo", ".tzo=.tar", NULL});
	gb_entry_meta meta = {.mode = 0644};
	gb_sink *s = gb_emit_file(x, name, &meta);
	free(name);
	if (!s) {
		x->consumed = x->in.size;
		return 0;
	}
	uint8_t *src = gb_xmalloc(MAX_BLOCK), *dst = gb_xmalloc(MAX_BLOCK);
	uint64_t off = h.data;
	for (;;) {
		const char *err = NULL;
		uint64_t at = off;
		int64_t got = read_block(&x->in, &h, &off, src, dst, &err);
		if (got < 0) {
			gb_sink_fail(s, "lzop: %s at 0x%llx", err, (unsigned long long)at);
			gb_extract_error(x, "%s at 0x%llx", err, (unsigned long long)at);
			off = x->in.size;
			break;
		}
		if (got == 0)
			break;
		if (gb_sink_write(s, dst, (size_t)got) < 0 || gb_extract_should_stop(x)) {
			off = x->in.size;
			break;
		}
	}
	x->consumed = off;
	gb_sink_close(s);
	free(src);
	free(dst);
	return 0;
}

const gb_format gb_format_lzop = {
    .name = "lzop",
    .description = "lzop compressed file, liblzo2 (container parsed by glassbox)",
    .magics = {{(const char *)MAGIC, 9, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lzop_probe,
    .extract = lzop_extract,
};
