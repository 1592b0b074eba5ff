/*
 * Zstandard (RFC 8878), through libzstd. Frames and skippable frames
 * (magic 0x184D2A50..5F) that follow each other decompress to one file, as
 * zstd -d does; whatever follows is left for the carver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "unpack/emit.h"
#include "unpack/stream_decode.h"
#include "util/util.h"

#define ZSTD_MAGIC_LE "\x28\xb5\x2f\xfd"

/* A window above 1 GiB is refused (zstd -d refuses above 128 MiB without --long). */
enum { WINDOW_LOG_MAX = 30 };

static bool frame_at(const gb_input *in, uint64_t off)
{
	uint8_t h[8];
	if (gb_input_read_exact(in, off, h, sizeof(h)) < 0)
		return false;
	uint32_t m = gb_le32(h);
	if ((m & 0xfffffff0u) == 0x184d2a50u)
		return true;
	if (m != 0xfd2fb528u)
		return false;
	return (h[4] & 0x08) == 0; /* frame header descriptor: reserved bit clear */
}

static void *zs_create(void)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	if (d)
		ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, WINDOW_LOG_MAX);
	return d;
}

static gb_sd_status zs_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                            size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	ZSTD_inBuffer ib = {in, in_len, 0};
	ZSTD_outBuffer ob = {out, out_cap, 0};
	size_t r = ZSTD_decompressStream(st, &ob, &ib);
	*in_used = ib.pos;
	*out_used = ob.pos;
	if (ZSTD_isError(r)) {
		snprintf(err, err_size, "%s", ZSTD_getErrorName(r));
		return GB_SD_ERROR;
	}
	/* 0: the frame is decoded and flushed; it stops at the frame's end. */
	return r == 0 ? GB_SD_END : GB_SD_MORE;
}

static void zs_destroy(void *st)
{
	ZSTD_freeDCtx(st);
}

static int64_t zs_next(const gb_input *in, uint64_t off)
{
	return frame_at(in, off) ? 0 : -1;
}

const gb_stream_ops gb_stream_ops_zstd = {"zstd", zs_create, zs_step, zs_destroy, zs_next, NULL};

static bool zstd_probe(const gb_input *in, gb_probe_result *res)
{
	if (!frame_at(in, 0))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_zstd, 65536, &r) || !gb_stream_probe_fill(&r, res))
		return false;
	uint8_t h[18];
	ssize_t n = gb_input_read(in, 0, h, sizeof(h));
	unsigned long long content = ZSTD_getFrameContentSize(h, n > 0 ? (size_t)n : 0);
	char size[48] = "";
	if (content != ZSTD_CONTENTSIZE_UNKNOWN && content != ZSTD_CONTENTSIZE_ERROR)
		snprintf(size, sizeof(size), ", %llu bytes", content);
	snprintf(res->detail, sizeof(res->detail), "zstd%s%s", size,
	         r.concatenated ? ", several frames" : "");
	return true;
}

static int zstd_extract(gb_extract_ctx *x)
{
	if (!frame_at(&x->in, 0)) {
		gb_extract_error(x, "invalid zstd frame header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_zstd, NULL,
	                         (const char *[]){".zst", ".zstd", ".tzst=.tar", NULL});
}

const gb_format gb_format_zstd = {
    .name = "zstd",
    .description = "Zstandard compressed stream (RFC 8878), libzstd",
    .magics = {{ZSTD_MAGIC_LE, 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = zstd_probe,
    .extract = zstd_extract,
};
