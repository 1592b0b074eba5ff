/*
 * LZ4 frame format (lz4_Frame_format.md), through liblz4's LZ4F API. Frames
 * and skippable frames that follow each other decompress to one file, as
 * lz4 -d does.
 */
#include <lz4frame.h>
#include <stdio.h>
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

static const gb_stream_ops lz_ops = {"lz4", lz_create, lz_step, lz_destroy, lz_next};

static bool lz4_probe(const gb_input *in, gb_probe_result *res)
{
	if (!frame_at(in, 0))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &lz_ops, 65536, &r) || !gb_stream_probe_fill(&r, res))
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
	return gb_stream_extract(x, &lz_ops, NULL, (const char *[]){".lz4", NULL});
}

const gb_format gb_format_lz4 = {
    .name = "lz4",
    .description = "LZ4 frame compressed stream, liblz4",
    .magics = {{LZ4_MAGIC_LE, 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lz4_probe,
    .extract = lz4_extract,
};
