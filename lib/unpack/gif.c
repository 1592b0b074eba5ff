/*
 * GIF images (GIF87a and GIF89a): a logical screen descriptor, an optional
 * global colour table, then blocks (extensions, images, each with their data
 * in sub-blocks of at most 255 bytes) up to the trailer byte 0x3b.
 * Identified, not unpacked: the size is where the trailer ends, so an image
 * inside a firmware image is carved as one file.
 *
 * Parsed here rather than with giflib: the block walk is all that is needed
 * for a size, and the library would decode the frames. The walk reads through
 * a 64 KiB buffer and stops at the first byte that is no block.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/bufread.h"
#include "unpack/emit.h"
#include "util/util.h"

enum { MAX_BLOCKS = 1000000 };

typedef struct gif_info {
	unsigned width, height, images;
	char version[4];
	uint64_t end;
} gif_info;

/* Skips a chain of data sub-blocks at OFF; the offset after its terminator, or UINT64_MAX. */
static uint64_t skip_subblocks(gb_bufread *r, uint64_t off)
{
	for (;;) {
		int n = gb_bufread_byte(r, off);
		if (n < 0)
			return UINT64_MAX;
		off += 1 + (unsigned)n;
		if (n == 0)
			return off;
	}
}

static bool gif_walk(const gb_input *in, gif_info *g)
{
	gb_bufread *r = gb_xmalloc(sizeof(*r));
	gb_bufread_init(r, in);
	memset(g, 0, sizeof(*g));
	bool ok = false;
	uint8_t h[13];
	if (gb_bufread_get(r, 0, h, sizeof(h)) < 0 ||
	    (memcmp(h, "GIF87a", 6) != 0 && memcmp(h, "GIF89a", 6) != 0))
		goto out;
	memcpy(g->version, h + 3, 3);
	g->width = gb_le16(h + 6);
	g->height = gb_le16(h + 8);
	if (!g->width || !g->height)
		goto out;
	uint64_t off = 13;
	if (h[10] & 0x80)
		off += 3u << ((h[10] & 7) + 1);
	for (unsigned n = 0; n < MAX_BLOCKS; n++) {
		int b = gb_bufread_byte(r, off);
		if (b == 0x3b) { /* trailer */
			g->end = off + 1;
			ok = g->images > 0;
			goto out;
		}
		if (b == 0x21) { /* extension: label, then sub-blocks */
			if (gb_bufread_byte(r, off + 1) < 0)
				goto out;
			off = skip_subblocks(r, off + 2);
		} else if (b == 0x2c) { /* image descriptor, local colour table, LZW code size, data */
			uint8_t d[10];
			if (gb_bufread_get(r, off, d, sizeof(d)) < 0)
				goto out;
			unsigned w = gb_le16(d + 5), hh = gb_le16(d + 7);
			if (!w || !hh)
				goto out;
			off += 10;
			if (d[9] & 0x80)
				off += 3u << ((d[9] & 7) + 1);
			int lzw = gb_bufread_byte(r, off);
			if (lzw < 1 || lzw > 12)
				goto out;
			off = skip_subblocks(r, off + 1);
			g->images++;
		} else {
			goto out;
		}
		if (off == UINT64_MAX)
			goto out;
	}
out:
	free(r);
	return ok;
}

static bool gif_probe(const gb_input *in, gb_probe_result *res)
{
	gif_info g;
	if (!gif_walk(in, &g))
		return false;
	res->size = g.end;
	res->confidence = 90;
	snprintf(res->detail, sizeof(res->detail), "GIF%s image, %ux%u, %u frame%s", g.version, g.width,
	         g.height, g.images, g.images == 1 ? "" : "s");
	return true;
}

/* Only reached when the carver found a GIF inside other data: it is written out whole. */
static int gif_extract(gb_extract_ctx *x)
{
	gb_entry_meta meta = {.mode = 0644};
	gb_emit_range(x, "image.gif", &meta, 0, x->in.size);
	x->consumed = x->in.size;
	return 0;
}

const gb_format gb_format_gif = {
    .name = "gif",
    .description = "GIF image (GIF87a, GIF89a; blocks walked to the trailer), parsed by glassbox",
    .magics = {{"GIF87a", 6, 0}, {"GIF89a", 6, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_LEAF,
    .probe = gif_probe,
    .extract = gif_extract,
};
