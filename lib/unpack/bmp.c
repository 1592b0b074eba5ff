/*
 * Windows and OS/2 bitmaps (BMP): a 14-byte file header ("BM", file size,
 * two reserved words, offset of the pixels) and an info header whose size
 * names its version (12: OS/2 core, 40: Windows 3, 52/56: with bit masks,
 * 64: OS/2 2, 108: v4, 124: v5). Identified, not unpacked: the size is the
 * file header's, so a boot logo inside a firmware image is carved as one
 * file. Parsed here (a few fixed fields; no Debian library reads BMP alone).
 *
 * "BM" is two bytes and common in text, so the probe demands a consistent
 * header: reserved words zero, a known info header size, one plane, a known
 * bit depth and compression, the pixels after the headers and, for
 * uncompressed images, all rows inside the declared size.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { FILE_HDR = 14, MAX_DIM = 1 << 16 };

static bool bmp_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[FILE_HDR + 40];
	if (gb_input_read_exact(in, 0, h, FILE_HDR + 12) < 0 || h[0] != 'B' || h[1] != 'M')
		return false;
	uint32_t fsize = gb_le32(h + 2), pixels = gb_le32(h + 10), dib = gb_le32(h + 14);
	if (gb_le32(h + 6) != 0 || fsize > in->size)
		return false;
	if (dib != 12 && dib != 40 && dib != 52 && dib != 56 && dib != 64 && dib != 108 && dib != 124)
		return false;
	if (pixels < FILE_HDR + dib || pixels >= fsize)
		return false;
	uint64_t width, height;
	unsigned planes, bpp, compression = 0;
	if (dib == 12) {
		width = gb_le16(h + 18);
		height = gb_le16(h + 20);
		planes = gb_le16(h + 22);
		bpp = gb_le16(h + 24);
	} else {
		if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0)
			return false;
		int32_t w = (int32_t)gb_le32(h + 18), hh = (int32_t)gb_le32(h + 22);
		if (w <= 0 || hh == 0 || hh == INT32_MIN)
			return false;
		width = (uint64_t)w;
		height = (uint64_t)(hh < 0 ? -hh : hh); /* negative: rows stored top-down */
		planes = gb_le16(h + 26);
		bpp = gb_le16(h + 28);
		compression = gb_le32(h + 30);
	}
	if (!width || !height || width > MAX_DIM || height > MAX_DIM || planes != 1)
		return false;
	bool known_bpp = bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32;
	/* 0 BI_RGB, 1 RLE8, 2 RLE4, 3 BITFIELDS, 4 JPEG, 5 PNG, 6 ALPHABITFIELDS */
	if (compression > 6 || (compression == 4 || compression == 5 ? bpp != 0 : !known_bpp))
		return false;
	if (compression == 0 || compression == 3 || compression == 6) {
		uint64_t row = (width * bpp + 31) / 32 * 4;
		if (row * height > fsize - pixels)
			return false;
	}
	static const char *const comp[] = {
	    "", ", RLE8", ", RLE4", ", bit fields", ", JPEG", ", PNG", ", alpha bit fields"};
	res->size = fsize;
	res->confidence = 80;
	snprintf(res->detail, sizeof(res->detail), "BMP image, %llux%llu, %u-bit%s, %u-byte info header",
	         (unsigned long long)width, (unsigned long long)height, bpp, comp[compression], dib);
	return true;
}

/* Only reached when the carver found a bitmap inside other data: it is written out whole. */
static int bmp_extract(gb_extract_ctx *x)
{
	gb_entry_meta meta = {.mode = 0644};
	gb_emit_range(x, "image.bmp", &meta, 0, x->in.size);
	x->consumed = x->in.size;
	return 0;
}

const gb_format gb_format_bmp = {
    .name = "bmp",
    .description = "BMP image (Windows and OS/2 bitmap; header consistency checked), parsed by glassbox",
    .magics = {{"BM", 2, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_LEAF,
    .probe = bmp_probe,
    .extract = bmp_extract,
};
