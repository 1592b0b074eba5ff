/* bzip2 streams, through libbz2. Concatenated streams (pbzip2) are decoded as one file. */
#include <bzlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/stream_decode.h"
#include "util/util.h"

typedef struct bz_state {
	bz_stream z;
} bz_state;

static void *bz_init(void)
{
	bz_state *s = gb_xcalloc(1, sizeof(*s));
	/* small=0: the fast decoder; its memory is bounded by the block size (900 KiB max). */
	if (BZ2_bzDecompressInit(&s->z, 0, 0) != BZ_OK) {
		free(s);
		return NULL;
	}
	return s;
}

static gb_step bz_step(void *st, const uint8_t **in, size_t *in_len, uint8_t **out, size_t *out_len,
                       const char **msg)
{
	bz_state *s = st;
	/* libbz2 counts in unsigned int. */
	unsigned ia = *in_len > (1u << 30) ? 1u << 30 : (unsigned)*in_len;
	unsigned oa = *out_len > (1u << 30) ? 1u << 30 : (unsigned)*out_len;
	s->z.next_in = (char *)*in;
	s->z.avail_in = ia;
	s->z.next_out = (char *)*out;
	s->z.avail_out = oa;
	int rc = BZ2_bzDecompress(&s->z);
	*in += ia - s->z.avail_in;
	*in_len -= ia - s->z.avail_in;
	*out += oa - s->z.avail_out;
	*out_len -= oa - s->z.avail_out;
	if (rc == BZ_STREAM_END)
		return GB_STEP_END;
	if (rc == BZ_OK)
		return GB_STEP_MORE;
	*msg = rc == BZ_DATA_ERROR         ? "block CRC or structure error"
	       : rc == BZ_DATA_ERROR_MAGIC ? "bad magic"
	                                   : "error";
	return GB_STEP_ERROR;
}

static void bz_end(void *st)
{
	bz_state *s = st;
	BZ2_bzDecompressEnd(&s->z);
	free(s);
}

static const gb_codec bz_codec = {"bzip2", bz_init, bz_step, bz_end};

static bool bzip2_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[10];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "BZh", 3) != 0 || h[3] < '1' ||
	    h[3] > '9')
		return false;
	/* The first block header (pi) or the end-of-stream marker (sqrt(pi)) follows. */
	if (memcmp(h + 4, "\x31\x41\x59\x26\x53\x59", 6) != 0 &&
	    memcmp(h + 4, "\x17\x72\x45\x38\x50\x90", 6) != 0)
		return false;
	gb_stream_peek p = gb_stream_peek_decode(in, 0, &bz_codec, 65536);
	if (!gb_stream_peek_ok(&p, true))
		return false;
	res->confidence = 95;
	res->size = p.ended ? p.used : 0;
	snprintf(res->detail, sizeof(res->detail), "bzip2, %d00k blocks", h[3] - '0');
	return true;
}

static int bzip2_extract(gb_extract_ctx *x)
{
	return gb_stream_extract(x, 0, &bz_codec, NULL,
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
