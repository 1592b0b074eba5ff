/*
 * ISO 9660 images (with Rock Ridge and Joliet), read through libarchive. The
 * probe checks the primary volume descriptor at sector 16 (ECMA-119 8.4):
 * "CD001", version 1, both-endian fields that agree, a 2048-byte logical
 * block, and takes the volume size as the extent.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/archive_common.h"
#include "util/util.h"

static bool iso_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t d[2048];
	if (gb_input_read_exact(in, 16 * 2048, d, sizeof(d)) < 0)
		return false;
	if (d[0] != 1 || memcmp(d + 1, "CD001", 5) != 0 || d[6] != 1)
		return false;
	uint32_t blocks = gb_le32(d + 80), block_size = gb_le16(d + 128);
	if (blocks != gb_be32(d + 84) || block_size != gb_be16(d + 130) || block_size != 2048 || blocks < 17)
		return false;
	res->size = (uint64_t)blocks * block_size;
	res->confidence = res->size <= in->size ? 95 : 70;
	char label[33];
	memcpy(label, d + 40, 32);
	label[32] = '\0';
	for (int i = 31; i >= 0 && label[i] == ' '; i--)
		label[i] = '\0';
	snprintf(res->detail, sizeof(res->detail), "ISO 9660, volume '%s', %u blocks", label, blocks);
	return true;
}

static int setup(struct archive *a)
{
	return archive_read_support_format_iso9660(a);
}

static int iso_extract(gb_extract_ctx *x)
{
	return gb_archive_extract(x, setup, "iso9660");
}

const gb_format gb_format_iso9660 = {
    .name = "iso9660",
    .description = "ISO 9660 image (Rock Ridge, Joliet), libarchive",
    .magics = {{"\x01"
                "CD001\x01",
                7, 0x8000}},
    .flags = GB_FMT_CARVE,
    .probe = iso_probe,
    .extract = iso_extract,
};
