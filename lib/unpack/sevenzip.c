/*
 * 7z archives, read through libarchive. The signature header carries a CRC
 * of the next-header fields and the archive's extent (7zFormat.txt of the
 * LZMA SDK: 6-byte signature, version, start-header CRC, next header offset,
 * size and CRC).
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "unpack/archive_common.h"
#include "util/util.h"

static bool sevenzip_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[32];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "7z\xbc\xaf\x27\x1c", 6) != 0)
		return false;
	if (h[6] != 0 || (uint32_t)crc32(0, h + 12, 20) != gb_le32(h + 8))
		return false;
	uint64_t next_off = gb_le64(h + 12), next_size = gb_le64(h + 20);
	if (next_off > (1ull << 48) || next_size > (1ull << 32))
		return false;
	res->size = 32 + next_off + next_size;
	res->confidence = res->size <= in->size ? 95 : 70;
	snprintf(res->detail, sizeof(res->detail), "7z, version 0.%u%s", h[7],
	         res->size <= in->size ? "" : ", truncated");
	return true;
}

static int setup(struct archive *a)
{
	return archive_read_support_format_7zip(a);
}

static int sevenzip_extract(gb_extract_ctx *x)
{
	return gb_archive_extract(x, setup, "7z");
}

const gb_format gb_format_7z = {
    .name = "7z",
    .description = "7z archive, libarchive",
    .magics = {{"7z\xbc\xaf\x27\x1c", 6, 0}},
    .flags = GB_FMT_CARVE,
    .probe = sevenzip_probe,
    .extract = sevenzip_extract,
};
