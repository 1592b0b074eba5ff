/*
 * bzip2, through libbz2. A stream is "BZh" + level '1'..'9', then blocks that
 * start with the 48-bit magic 0x314159265359 (or the end-of-stream magic
 * 0x177245385090 for an empty stream). Concatenated streams (pbzip2, lbzip2)
 * decompress to one file, as bunzip2 does.
 */
#include <bzlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/emit.h"
#include "unpack/stream_decode.h"
#include "util/util.h"

static bool header_ok(const gb_input *in, uint64_t off)
{
	uint8_t h[10];
	if (gb_input_read_exact(in, off, h, sizeof(h)) < 0)
		return false;
	if (memcmp(h, "BZh", 3) != 0 || h[3] < '1' || h[3] > '9')
		return false;
	return memcmp(h + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
	       memcmp(h + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0;
}

static void *bz_create(void)
{
	bz_stream *z = gb_xcalloc(1, sizeof(*z));
	if (BZ2_bzDecompressInit(z, 0, 0) != BZ_OK) {
		free(z);
		return NULL;
	}
	return z;
}

static gb_sd_status bz_step(void *st, const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out,
                            size_t out_cap, size_t *out_used, char *err, size_t err_size)
{
	bz_stream *z = st;
	/* libbz2 counts in unsigned int */
	unsigned ilen = in_len > (1u << 30) ? 1u << 30 : (unsigned)in_len;
	unsigned olen = out_cap > (1u << 30) ? 1u << 30 : (unsigned)out_cap;
	z->next_in = (char *)in;
	z->avail_in = ilen;
	z->next_out = (char *)out;
	z->avail_out = olen;
	int r = BZ2_bzDecompress(z);
	*in_used = ilen - z->avail_in;
	*out_used = olen - z->avail_out;
	if (r == BZ_STREAM_END)
		return GB_SD_END;
	if (r == BZ_OK)
		return GB_SD_MORE;
	snprintf(err, err_size, "%s",
	         r == BZ_DATA_ERROR_MAGIC ? "bad magic"
	         : r == BZ_DATA_ERROR     ? "data error (block CRC)"
	                                  : "error");
	return GB_SD_ERROR;
}

static void bz_destroy(void *st)
{
	BZ2_bzDecompressEnd(st);
	free(st);
}

static int64_t bz_next(const gb_input *in, uint64_t off)
{
	return header_ok(in, off) ? 0 : -1;
}

const gb_stream_ops gb_stream_ops_bzip2 = {"bzip2", bz_create, bz_step, bz_destroy, bz_next, NULL};

static bool bzip2_probe(const gb_input *in, gb_probe_result *res)
{
	if (!header_ok(in, 0))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_bzip2, 65536, &r) || !gb_stream_probe_fill(&r, res))
		return false;
	uint8_t h[4];
	gb_input_read_exact(in, 0, h, sizeof(h));
	snprintf(res->detail, sizeof(res->detail), "bzip2, block size %c00k%s", h[3],
	         r.concatenated ? ", concatenated streams" : "");
	return true;
}

static int bzip2_extract(gb_extract_ctx *x)
{
	if (!header_ok(&x->in, 0)) {
		gb_extract_error(x, "invalid bzip2 header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_bzip2, NULL,
	                         (const char *[]){".bz2", ".tbz2=.tar", ".tbz=.tar", NULL});
}

const gb_format gb_format_bzip2 = {
    .name = "bzip2",
    .description = "bzip2 compressed stream, libbz2",
    .magics = {{"BZh", 3, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = bzip2_probe,
    .extract = bzip2_extract,
};
