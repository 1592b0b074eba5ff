/*
 * LZMA-alone (.lzma, the LZMA SDK / lzma-utils format), through liblzma.
 * The 13-byte header (hand-parsed, per the LZMA SDK's lzma-file-format.txt):
 * properties byte (lc/lp/pb, (pb*5+lp)*9+lc < 225), dictionary size (LE32),
 * uncompressed size (LE64, all ones = unknown and ended by a marker). It has
 * no magic, so the probe checks the fields and decodes the start.
 */
#include <stdio.h>

#include "unpack/emit.h"
#include "unpack/lzma_common.h"
#include "util/util.h"

static void *lzma_alone_create(void)
{
	return gb_lzma_create(true);
}

const gb_stream_ops gb_stream_ops_lzma = {"lzma", lzma_alone_create, gb_lzma_step, gb_lzma_destroy, NULL,
                                          NULL};

static bool header_ok(const gb_input *in, uint32_t *dict, uint64_t *usize)
{
	uint8_t h[13];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || h[0] >= 225)
		return false;
	*dict = gb_le32(h + 1);
	*usize = gb_le64(h + 5);
	/* Encoders write 2^n or 2^n + 2^(n-1) between 4 KiB and 1.5 GiB (the lzma
	 * tool writes 2^n, the SDK rounds up); anything else is not a header. */
	if (*dict < 4096 || *dict > (3u << 29))
		return false;
	uint32_t d = *dict;
	while (!(d & 1))
		d >>= 1;
	if (d != 1 && d != 3)
		return false;
	/* Known sizes above 256 GiB do not occur in firmware. */
	if (*usize != UINT64_MAX && *usize > (256ull << 30))
		return false;
	return true;
}

static bool lzma_probe(const gb_input *in, gb_probe_result *res)
{
	uint32_t dict;
	uint64_t usize;
	if (!header_ok(in, &dict, &usize))
		return false;
	gb_stream_probe_result r;
	if (!gb_stream_probe(in, &gb_stream_ops_lzma, 65536, &r))
		return false;
	/* Random bytes after a plausible header decode for a while before LZMA
	 * notices, so a short output proves little: ask for a clean end of the
	 * stream or a real amount of output. */
	if (!r.ended && r.out < 4096)
		return false;
	if (!gb_stream_probe_fill(&r, res))
		return false;
	if (usize != UINT64_MAX && usize < 16)
		return false; /* too small to be worth a region, and too easy to fake */
	char size[32] = "unknown size";
	if (usize != UINT64_MAX)
		snprintf(size, sizeof(size), "%llu bytes", (unsigned long long)usize);
	snprintf(res->detail, sizeof(res->detail), "lzma, dictionary %u KiB, %s", dict >> 10, size);
	return true;
}

static int lzma_extract(gb_extract_ctx *x)
{
	uint32_t dict;
	uint64_t usize;
	if (!header_ok(&x->in, &dict, &usize)) {
		gb_extract_error(x, "invalid lzma header at 0x0");
		return -1;
	}
	return gb_stream_extract(x, &gb_stream_ops_lzma, NULL, (const char *[]){".lzma", ".tlz=.tar", NULL});
}

const gb_format gb_format_lzma = {
    .name = "lzma",
    .description = "LZMA-alone compressed stream (.lzma), liblzma",
    /* properties 0x5d (lc3 lp0 pb2, what every encoder defaults to) and a
     * dictionary below 16 MiB; the probe checks the rest */
    .magics = {{"\x5d\x00\x00", 3, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_STREAM,
    .probe = lzma_probe,
    .extract = lzma_extract,
};
