/*
 * RAR archives, versions 4 and 5, read through libarchive. The probe checks
 * the signature and the CRC of the first header (RAR 4: the main archive
 * header's CRC16, the low half of a CRC32; RAR 5: the main header's CRC32),
 * from the RAR technote and unrar's headers. The extent is not known without
 * walking every block, so the extractor reports what libarchive read.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "unpack/archive_common.h"
#include "util/util.h"

/* RAR 5 variable-length integer (7 bits per byte, at most 10 bytes). */
static size_t vint(const uint8_t *p, size_t n, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n && i < 10; i++) {
		*v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
		if (!(p[i] & 0x80))
			return i + 1;
	}
	return 0;
}

static bool rar_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[64];
	if (gb_input_read_exact(in, 0, h, 7 + 13) < 0)
		return false;
	if (memcmp(h, "Rar!\x1a\x07\x00", 7) == 0) {
		/* Main archive header: CRC16, type 0x73, flags, size (13 bytes). */
		const uint8_t *m = h + 7;
		if (m[2] != 0x73 || gb_le16(m + 5) < 13)
			return false;
		if ((uint16_t)(crc32(0, m + 2, 11) & 0xffff) != gb_le16(m))
			return false;
		res->confidence = 95;
		snprintf(res->detail, sizeof(res->detail), "RAR 4");
		return true;
	}
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "Rar!\x1a\x07\x01\x00", 8) != 0)
		return false;
	uint64_t size;
	size_t len = vint(h + 12, sizeof(h) - 12, &size);
	if (!len || size == 0 || size > sizeof(h) - 12 - len)
		return false;
	if ((uint32_t)crc32(0, h + 12, (uInt)(len + size)) != gb_le32(h + 8))
		return false;
	res->confidence = 95;
	snprintf(res->detail, sizeof(res->detail), "RAR 5");
	return true;
}

static int setup(struct archive *a)
{
	archive_read_support_format_rar(a);
	return archive_read_support_format_rar5(a);
}

static int rar_extract(gb_extract_ctx *x)
{
	return gb_archive_extract(x, setup, "rar");
}

const gb_format gb_format_rar = {
    .name = "rar",
    .description = "RAR archive, versions 4 and 5, libarchive",
    .magics = {{"Rar!\x1a\x07\x00", 7, 0}, {"Rar!\x1a\x07\x01\x00", 8, 0}},
    .flags = GB_FMT_CARVE,
    .probe = rar_probe,
    .extract = rar_extract,
};
