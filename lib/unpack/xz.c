/*
 * xz (.xz file format, tukaani.org/xz/xz-file-format.txt), through liblzma.
 * Concatenated streams, with the stream padding (zero bytes in multiples of
 * four) the format allows between them, decompress to one file; whatever
 * follows is left for the carver.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/emit.h"
#include "unpack/lzma_common.h"
#include "util/util.h"

#define XZ_MAGIC                                                                                             \
	"\xfd"                                                                                               \
	"7zXZ\x00"

static void *xz_create(void)
{
	return gb_lzma_create(false);
}

/* Stream header: magic, 2 flag bytes (first 0, check type <= 15), CRC32 of the flags. */
static bool header_ok(const gb_input *in, uint64_t off)
{
	uint8_t h[12];
	if (gb_input_read_exact(in, off, h, sizeof(h)) < 0 || memcmp(h, XZ_MAGIC, 6) != 0)
		return false;
	if (h[6] != 0 || h[7] > 0x0f)
		return false;
	return lzma_crc32(h + 6, 2, 0) == gb_le32(h + 8);
}

static int64_t xz_next(const gb_input *in, uint64_t off)
{
	/* Stream padding: bounded so a run of zeros after the stream stays cheap to look at. */
	uint8_t buf[4096];
	ssize_t n = gb_input_read(in, off, buf, sizeof(buf));
	size_t z = 0;
	while (n > 0 && z < (size_t)n && buf[z] == 0)
		z++;
	z &= ~(size_t)3;
	return header_ok(in, off + z) ? (int64_t)z : -1;
}

const gb_stream_ops gb_stream_ops_xz = {"xz", xz_create, gb_lzma_step, gb_lzma_destroy, xz_next, NULL};

static bool xz_probe(const gb_input *in, gb_probe_result *res)
{
	if (!header_ok(in, 0))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_xz, 65536, &r) || !gb_stream_probe_fill(&r, res))
		return false;
	/* The header carries a CRC32: a valid one is already strong evidence. */
	if (res->confidence < 90)
		res->confidence = 90;
	uint8_t h[8];
	gb_input_read_exact(in, 0, h, sizeof(h));
	static const char *const checks[16] = {[0] = "none", [1] = "crc32", [4] = "crc64", [10] = "sha256"};
	snprintf(res->detail, sizeof(res->detail), "xz, check %s%s", checks[h[7]] ? checks[h[7]] : "reserved",
	         r.concatenated ? ", concatenated streams" : "");
	return true;
}

static int xz_extract(gb_extract_ctx *x)
{
	if (!header_ok(&x->in, 0)) {
		gb_extract_error(x, "invalid xz stream header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_xz, NULL, (const char *[]){".xz", ".txz=.tar", NULL});
}

const gb_format gb_format_xz = {
    .name = "xz",
    .description = "xz compressed stream, liblzma",
    .magics = {{XZ_MAGIC, 6, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = xz_probe,
    .extract = xz_extract,
};
