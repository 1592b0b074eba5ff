/* Zstandard frames (RFC 8878), through libzstd. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "unpack/stream_decode.h"
#include "util/util.h"

static void *zs_init(void)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	if (!d)
		return NULL;
	/* Refuse windows over 128 MiB (2^27): a hostile frame header cannot demand gigabytes. */
	ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, 27);
	return d;
}

static gb_step zs_step(void *st, const uint8_t **in, size_t *in_len, uint8_t **out, size_t *out_len,
                       const char **msg)
{
	ZSTD_inBuffer ib = {*in, *in_len, 0};
	ZSTD_outBuffer ob = {*out, *out_len, 0};
	size_t rc = ZSTD_decompressStream(st, &ob, &ib);
	*in += ib.pos;
	*in_len -= ib.pos;
	*out += ob.pos;
	*out_len -= ob.pos;
	if (ZSTD_isError(rc)) {
		*msg = ZSTD_getErrorName(rc);
		return GB_STEP_ERROR;
	}
	return rc == 0 ? GB_STEP_END : GB_STEP_MORE;
}

static void zs_end(void *st)
{
	ZSTD_freeDStream(st);
}

static const gb_codec zs_codec = {"zstd", zs_init, zs_step, zs_end};

static bool zstd_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[6];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "\x28\xb5\x2f\xfd", 4) != 0)
		return false;
	if (h[4] & 0x08) /* reserved bit of the frame header descriptor */
		return false;
	gb_stream_peek p = gb_stream_peek_decode(in, 0, &zs_codec, 65536);
	if (!gb_stream_peek_ok(&p, false))
		return false;
	res->confidence = 95;
	res->size = p.ended ? p.used : 0;
	snprintf(res->detail, sizeof(res->detail), "zstd frame");
	return true;
}

static int zstd_extract(gb_extract_ctx *x)
{
	return gb_stream_extract(x, 0, &zs_codec, NULL,
	                         (const char *[]){".zst", ".zstd", ".tzst=.tar", NULL});
}

const gb_format gb_format_zstd = {
    .name = "zstd",
    .description = "Zstandard compressed frame, libzstd",
    .magics = {{"\x28\xb5\x2f\xfd", 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = zstd_probe,
    .extract = zstd_extract,
};
