/*
 * xz (.xz container) and lzma-alone (.lzma) streams, through liblzma.
 * Header layouts: "The .xz File Format" 1.1.0 and the LZMA SDK's lzma.txt.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/stream_decode.h"
#include "util/util.h"

static gb_step lzma_step(void *st, const uint8_t **in, size_t *in_len, uint8_t **out, size_t *out_len,
                         const char **msg)
{
	lzma_stream *z = st;
	z->next_in = *in;
	z->avail_in = *in_len;
	z->next_out = *out;
	z->avail_out = *out_len;
	lzma_ret rc = lzma_code(z, LZMA_RUN);
	*in = z->next_in;
	*in_len = z->avail_in;
	*out = z->next_out;
	*out_len = z->avail_out;
	switch (rc) {
	case LZMA_OK:
	case LZMA_BUF_ERROR: return GB_STEP_MORE;
	case LZMA_STREAM_END: return GB_STEP_END;
	case LZMA_MEMLIMIT_ERROR: *msg = "needs more than 256 MiB of dictionary"; return GB_STEP_ERROR;
	case LZMA_FORMAT_ERROR: *msg = "bad header"; return GB_STEP_ERROR;
	case LZMA_OPTIONS_ERROR: *msg = "unsupported options"; return GB_STEP_ERROR;
	default: *msg = "corrupt data"; return GB_STEP_ERROR;
	}
}

static void lzma_end_(void *st)
{
	lzma_end(st);
	free(st);
}

/* A memory limit so a hostile dictionary size cannot make liblzma allocate gigabytes. */
enum { MEMLIMIT = 256u << 20 };

static void *xz_init(void)
{
	lzma_stream *z = gb_xcalloc(1, sizeof(*z));
	*z = (lzma_stream)LZMA_STREAM_INIT;
	if (lzma_stream_decoder(z, MEMLIMIT, 0) != LZMA_OK) {
		free(z);
		return NULL;
	}
	return z;
}

static void *alone_init(void)
{
	lzma_stream *z = gb_xcalloc(1, sizeof(*z));
	*z = (lzma_stream)LZMA_STREAM_INIT;
	if (lzma_alone_decoder(z, MEMLIMIT) != LZMA_OK) {
		free(z);
		return NULL;
	}
	return z;
}

static const gb_codec xz_codec = {"xz", xz_init, lzma_step, lzma_end_};
static const gb_codec alone_codec = {"lzma", alone_init, lzma_step, lzma_end_};

static bool xz_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[12];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h,
	                                                           "\xfd"
	                                                           "7zXZ\0",
	                                                           6) != 0)
		return false;
	/* Stream flags: first byte 0, check type 0..15; CRC32 of the flags follows. */
	if (h[6] != 0 || h[7] > 0x0f || lzma_crc32(h + 6, 2, 0) != gb_le32(h + 8))
		return false;
	gb_stream_peek p = gb_stream_peek_decode(in, 0, &xz_codec, 65536);
	if (!gb_stream_peek_ok(&p, true))
		return false;
	res->confidence = 95;
	res->size = p.ended ? p.used : 0;
	static const char *const checks[16] = {[0] = "none", [1] = "crc32", [4] = "crc64", [10] = "sha256"};
	snprintf(res->detail, sizeof(res->detail), "xz, check %s", checks[h[7]] ? checks[h[7]] : "other");
	return true;
}

static int xz_extract(gb_extract_ctx *x)
{
	return gb_stream_extract(x, 0, &xz_codec, NULL, (const char *[]){".xz", ".txz=.tar", NULL});
}

const gb_format gb_format_xz = {
    .name = "xz",
    .description = "xz compressed stream, liblzma",
    .magics = {{"\xfd"
                "7zXZ\0",
                6, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = xz_probe,
    .extract = xz_extract,
};

/* lzma-alone has no magic: a properties byte, a dictionary size and an
 * uncompressed size. The magics below are the properties and dictionary
 * sizes real encoders write (lc=3 lp=0 pb=2, dictionaries 64 KiB .. 64 MiB),
 * and the probe decodes the start of the stream before accepting it. */
static bool alone_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[13];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || h[0] >= 9 * 5 * 5)
		return false;
	uint32_t dict = gb_le32(h + 1);
	uint64_t usize = gb_le64(h + 5);
	if (dict < 4096 || dict > (1u << 30))
		return false;
	/* Unknown size (all ones) or a plausible one: under 16 GiB. */
	if (usize != UINT64_MAX && usize > (16ull << 30))
		return false;
	if (usize == 0)
		return false;
	gb_stream_peek p = gb_stream_peek_decode(in, 0, &alone_codec, 65536);
	if (!gb_stream_peek_ok(&p, false))
		return false;
	/* Without a magic, a short accidental decode is the risk: ask for more. */
	if (!p.ended && p.out < 65536)
		return false;
	if (p.ended && usize != UINT64_MAX && p.out != usize)
		return false;
	res->confidence = 75;
	res->size = p.ended ? p.used : 0;
	if (usize != UINT64_MAX)
		snprintf(res->detail, sizeof(res->detail), "lzma, dictionary %u, %llu bytes", dict,
		         (unsigned long long)usize);
	else
		snprintf(res->detail, sizeof(res->detail), "lzma, dictionary %u, size unknown", dict);
	return true;
}

static int alone_extract(gb_extract_ctx *x)
{
	return gb_stream_extract(x, 0, &alone_codec, NULL, (const char *[]){".lzma", ".tlz=.tar", NULL});
}

const gb_format gb_format_lzma = {
    .name = "lzma",
    .description = "lzma-alone compressed stream (LZMA SDK .lzma), liblzma",
    .magics = {{"\x5d\x00\x00\x01\x00", 5, 0},
               {"\x5d\x00\x00\x10\x00", 5, 0},
               {"\x5d\x00\x00\x20\x00", 5, 0},
               {"\x5d\x00\x00\x40\x00", 5, 0},
               {"\x5d\x00\x00\x80\x00", 5, 0},
               {"\x5d\x00\x00\x00\x01", 5, 0},
               {"\x5d\x00\x00\x00\x04", 5, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = alone_probe,
    .extract = alone_extract,
};
