/* LZ4 frames (lz4 frame format 1.6.x), through liblz4's LZ4F API. */
#include <lz4frame.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/stream_decode.h"
#include "util/util.h"

static void *l4_init(void)
{
	LZ4F_dctx *d = NULL;
	if (LZ4F_isError(LZ4F_createDecompressionContext(&d, LZ4F_VERSION)))
		return NULL;
	return d;
}

static gb_step l4_step(void *st, const uint8_t **in, size_t *in_len, uint8_t **out, size_t *out_len,
                       const char **msg)
{
	size_t isz = *in_len, osz = *out_len;
	size_t rc = LZ4F_decompress(st, *out, &osz, *in, &isz, NULL);
	*in += isz;
	*in_len -= isz;
	*out += osz;
	*out_len -= osz;
	if (LZ4F_isError(rc)) {
		*msg = LZ4F_getErrorName(rc);
		return GB_STEP_ERROR;
	}
	return rc == 0 ? GB_STEP_END : GB_STEP_MORE;
}

static void l4_end(void *st)
{
	LZ4F_freeDecompressionContext(st);
}

static const gb_codec l4_codec = {"lz4", l4_init, l4_step, l4_end};

static bool lz4_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[7];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "\x04\x22\x4d\x18", 4) != 0)
		return false;
	/* FLG: version 01, reserved bit 1 clear; BD: block size id 4..7, reserved bits clear. */
	if ((h[4] >> 6) != 1 || (h[4] & 0x02) || (h[5] & 0x8f) || ((h[5] >> 4) & 7) < 4)
		return false;
	gb_stream_peek p = gb_stream_peek_decode(in, 0, &l4_codec, 65536);
	if (!gb_stream_peek_ok(&p, true))
		return false;
	res->confidence = 95;
	res->size = p.ended ? p.used : 0;
	snprintf(res->detail, sizeof(res->detail), "lz4 frame, %s blocks",
	         (h[5] >> 4) == 4   ? "64K"
	         : (h[5] >> 4) == 5 ? "256K"
	         : (h[5] >> 4) == 6 ? "1M"
	                            : "4M");
	return true;
}

static int lz4_extract(gb_extract_ctx *x)
{
	return gb_stream_extract(x, 0, &l4_codec, NULL, (const char *[]){".lz4", NULL});
}

const gb_format gb_format_lz4 = {
    .name = "lz4",
    .description = "LZ4 frame, liblz4",
    .magics = {{"\x04\x22\x4d\x18", 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lz4_probe,
    .extract = lz4_extract,
};
