/*
 * LZ4 frame format (lz4_Frame_format.md), through liblz4's LZ4F API. Frames
 * and skippable frames that follow each other decompress to one file, as
 * lz4 -d does.
 *
 * Also the legacy format (lz4 -l, and what Linux kernels carry), hand-parsed
 * after lz4_Frame_format.md "Legacy frame": magic 0x184C2102, then blocks of
 * LE32 compressed size + LZ4 block data, each decompressing to at most 8 MiB.
 * It has no end marker: it ends at the end of the input, or at a size no
 * block can have (the kernel appends the uncompressed size there).
 */
#include <lz4.h>
#include <lz4frame.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/emit.h"
#include "unpack/stream_decode.h"
#include "util/util.h"

#define LZ4_MAGIC_LE "\x04\x22\x4d\x18"

/* Frame descriptor: FLG version 01, reserved bit clear; BD reserved bits clear
 * and block maximum size 4..7; the header checksum byte is checked by liblz4. */
static bool frame_at(const gb_input *in, uint64_t off)
{
	uint8_t h[6];
	if (gb_input_read_exact(in, off, h, sizeof(h)) < 0)
		return false;
	uint32_t m = gb_le32(h);
	if ((m & 0xfffffff0u) == 0x184d2a50u)
		return true;
	if (m != 0x184d2204u)
		return false;
	if ((h[4] >> 6) != 1 || (h[4] & 0x02))
		return false;
	unsigned bsize = (h[5] >> 4) & 7;
	return (h[5] & 0x8f) == 0 && bsize >= 4;
}

static void *lz_create(void)
{
	LZ4F_dctx *d = NULL;
	if (LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION)))
		return NULL;
	return d;
}

static gb_sd_status lz_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                            size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	size_t src = in_len, dst = out_cap;
	size_t r = LZ4F_decompress(st, out, &dst, in, &src, NULL);
	*in_used = src;
	*out_used = dst;
	if (LZ4F_isError(r)) {
		snprintf(err, err_size, "%s", LZ4F_getErrorName(r));
		return GB_SD_ERROR;
	}
	return r == 0 ? GB_SD_END : GB_SD_MORE;
}

static void lz_destroy(void *st)
{
	LZ4F_freeDecompressionContext(st);
}

static int64_t lz_next(const gb_input *in, uint64_t off)
{
	return frame_at(in, off) ? 0 : -1;
}

const gb_stream_ops gb_stream_ops_lz4 = {"lz4", lz_create, lz_step, lz_destroy, lz_next, NULL};

static bool lz4_probe(const gb_input *in, gb_probe_result *res)
{
	if (!frame_at(in, 0))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_lz4, 65536, &r) || !gb_stream_probe_fill(&r, res))
		return false;
	snprintf(res->detail, sizeof(res->detail), "lz4 frame%s", r.concatenated ? ", several frames" : "");
	return true;
}

static int lz4_extract(gb_extract_ctx *x)
{
	if (!frame_at(&x->in, 0)) {
		gb_extract_error(x, "invalid lz4 frame header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_lz4, NULL, (const char *[]){".lz4", NULL});
}

const gb_format gb_format_lz4 = {
    .name = "lz4",
    .description = "LZ4 frame compressed stream, liblz4",
    .magics = {{LZ4_MAGIC_LE, 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lz4_probe,
    .extract = lz4_extract,
};

/* ---- legacy format ---- */

enum { LEGACY_MAGIC = 0x184c2102u, LEGACY_BLOCK = 8 << 20 };

typedef struct lz4_legacy {
	int state; /* 0 magic, 1 block size, 2 block data, 3 handing out */
	uint8_t hdr[4];
	size_t hhave;
	uint8_t *cbuf, *out;
	size_t clen, chave, olen, oat;
} lz4_legacy;

static void *lzl_create(void)
{
	return gb_xcalloc(1, sizeof(lz4_legacy));
}

static void lzl_destroy(void *st)
{
	lz4_legacy *d = st;
	free(d->cbuf);
	free(d->out);
	free(d);
}

static bool size_ends(uint32_t v)
{
	return v == 0 || v > (uint32_t)LZ4_compressBound(LEGACY_BLOCK);
}

static gb_sd_status lzl_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                             size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	lz4_legacy *d = st;
	size_t used = 0, made = 0;
	gb_sd_status r = GB_SD_MORE;
	for (;;) {
		if (d->state == 3) {
			size_t take = d->olen - d->oat;
			if (take > out_cap - made)
				take = out_cap - made;
			memcpy(out + made, d->out + d->oat, take);
			made += take;
			d->oat += take;
			if (d->oat < d->olen)
				break;
			d->state = 1;
			d->hhave = 0;
			continue;
		}
		if (d->state <= 1) {
			/* Look at a block size before taking it: one that ends the
			 * stream is not part of it. */
			if (d->state == 1 && d->hhave == 0 && in_len - used >= 4 &&
			    size_ends(gb_le32(in + used)) && gb_le32(in + used) != LEGACY_MAGIC) {
				r = GB_SD_END;
				break;
			}
			while (d->hhave < 4 && used < in_len)
				d->hdr[d->hhave++] = in[used++];
			if (d->hhave < 4)
				break;
			uint32_t v = gb_le32(d->hdr);
			d->hhave = 0;
			if (d->state == 0 ||
			    v == LEGACY_MAGIC) { /* a following stream's magic just continues */
				if (v != LEGACY_MAGIC) {
					snprintf(err, err_size, "bad legacy magic");
					r = GB_SD_ERROR;
					break;
				}
				d->state = 1;
				continue;
			}
			if (size_ends(v)) {
				r = GB_SD_END;
				break;
			}
			d->clen = v;
			d->chave = 0;
			if (!d->cbuf) {
				d->cbuf = gb_xmalloc((size_t)LZ4_compressBound(LEGACY_BLOCK));
				d->out = gb_xmalloc(LEGACY_BLOCK);
			}
			d->state = 2;
			continue;
		}
		/* state 2: gather the block */
		size_t take = d->clen - d->chave;
		if (take > in_len - used)
			take = in_len - used;
		memcpy(d->cbuf + d->chave, in + used, take);
		d->chave += take;
		used += take;
		if (d->chave < d->clen)
			break;
		int n =
		    LZ4_decompress_safe((const char *)d->cbuf, (char *)d->out, (int)d->clen, LEGACY_BLOCK);
		if (n < 0) {
			snprintf(err, err_size, "LZ4 block does not decompress");
			r = GB_SD_ERROR;
			break;
		}
		d->olen = (size_t)n;
		d->oat = 0;
		d->state = 3;
	}
	*in_used = used;
	*out_used = made;
	return r;
}

static bool lzl_at_eof(void *st)
{
	lz4_legacy *d = st;
	return d->state == 1 && d->hhave == 0;
}

const gb_stream_ops gb_stream_ops_lz4_legacy = {"lz4", lzl_create, lzl_step, lzl_destroy, NULL, lzl_at_eof};

static bool legacy_header_ok(const gb_input *in)
{
	uint8_t h[8];
	return gb_input_read_exact(in, 0, h, sizeof(h)) == 0 && gb_le32(h) == LEGACY_MAGIC &&
	       !size_ends(gb_le32(h + 4));
}

static bool lz4_legacy_probe(const gb_input *in, gb_probe_result *res)
{
	if (!legacy_header_ok(in))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_lz4_legacy, 65536, &r))
		return false;
	/* Random bytes after a planted magic pass for a block size one time in
	 * 512 and are then only buffered: a block must actually decompress. */
	if (!r.out && !r.ended)
		return false;
	if (!gb_stream_probe_fill(&r, res))
		return false;
	snprintf(res->detail, sizeof(res->detail), "lz4 legacy format");
	return true;
}

static int lz4_legacy_extract(gb_extract_ctx *x)
{
	if (!legacy_header_ok(&x->in)) {
		gb_extract_error(x, "invalid lz4 legacy header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_lz4_legacy, NULL, (const char *[]){".lz4", NULL});
}

const gb_format gb_format_lz4_legacy = {
    .name = "lz4-legacy",
    .description = "LZ4 legacy format (lz4 -l, Linux kernels), liblz4",
    .magics = {{"\x02\x21\x4c\x18", 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lz4_legacy_probe,
    .extract = lz4_legacy_extract,
};
