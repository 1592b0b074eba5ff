/*
 * PNG images (ISO/IEC 15948, the W3C PNG specification): the 8-byte
 * signature, then chunks of length, type, data and a CRC-32 over type and
 * data, from IHDR to IEND. Identified, not unpacked: the size is where IEND
 * ends, so a boot logo inside a firmware image is carved as one file and the
 * carver does not look for magics inside it.
 *
 * Parsed here rather than with libpng: walking the chunk chain and checking
 * CRCs is all that is needed, and libpng would also decode the pixels, which
 * is work (and attack surface) a size and a verdict do not need.
 *
 * A PNG whose IHDR is intact but whose chain breaks later (a bad CRC, a chunk
 * running past the end of the data, no IEND) is still identified, with lower
 * confidence, a size up to the last intact chunk, and the reason and offset
 * in its detail; carved out of other data it is written out with that reason
 * as the region's error. Without an intact IHDR it is not a PNG: a planted
 * signature alone never is.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { SIG = 8, IHDR_END = SIG + 8 + 13 + 4, MAX_CHUNK = 0x7fffffff };

typedef struct png_walk {
	uint32_t width, height;
	unsigned depth, color, interlace;
	uint64_t end;  /* end of the last intact chunk */
	bool complete; /* IEND reached with every CRC right */
	unsigned chunks;
	char why[112]; /* what broke the chain, and where */
} png_walk;

static bool is_letter(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* CRC-32 of the type and data of the chunk at OFF; false when the data is not all there. */
static bool chunk_crc(const gb_input *in, uint64_t off, uint32_t len, uint32_t *crc)
{
	uint8_t buf[1 << 16];
	uLong c = crc32(0L, Z_NULL, 0);
	uint64_t p = off + 4, left = (uint64_t)len + 4;
	while (left) {
		size_t want = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		if (gb_input_read_exact(in, p, buf, want) < 0)
			return false;
		c = crc32(c, buf, (uInt)want);
		p += want;
		left -= want;
	}
	*crc = (uint32_t)c;
	return true;
}

static bool depth_ok(unsigned color, unsigned depth)
{
	switch (color) {
	case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
	case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
	case 2:
	case 4:
	case 6: return depth == 8 || depth == 16;
	default: return false;
	}
}

/* False when this is no PNG (no intact IHDR); otherwise fills w, complete or with why. */
static bool png_walk_chunks(const gb_input *in, png_walk *w)
{
	uint8_t h[IHDR_END];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || memcmp(h, "\x89PNG\r\n\x1a\n", SIG) != 0 ||
	    gb_be32(h + 8) != 13 || memcmp(h + 12, "IHDR", 4) != 0)
		return false;
	memset(w, 0, sizeof(*w));
	w->width = gb_be32(h + 16);
	w->height = gb_be32(h + 20);
	w->depth = h[24];
	w->color = h[25];
	w->interlace = h[28];
	if (!w->width || !w->height || w->width > MAX_CHUNK || w->height > MAX_CHUNK ||
	    !depth_ok(w->color, w->depth) || h[26] != 0 || h[27] != 0 || w->interlace > 1)
		return false;
	if ((uint32_t)crc32(crc32(0L, Z_NULL, 0), h + 12, 17) != gb_be32(h + 29))
		return false;
	w->end = IHDR_END;
	w->chunks = 1;
	bool idat = false;
	for (uint64_t off = IHDR_END;;) {
		uint8_t c[8];
		ssize_t got = gb_input_read(in, off, c, sizeof(c));
		if (got < (ssize_t)sizeof(c)) {
			snprintf(w->why, sizeof(w->why), "%s at 0x%llx, no IEND",
			         got <= 0 ? "data ends" : "chunk header cut short by the end of the data",
			         (unsigned long long)off);
			return true;
		}
		uint32_t len = gb_be32(c);
		char type[5] = {(char)c[4], (char)c[5], (char)c[6], (char)c[7], 0};
		if (!is_letter(c[4]) || !is_letter(c[5]) || !is_letter(c[6]) || !is_letter(c[7])) {
			snprintf(w->why, sizeof(w->why), "no chunk type at 0x%llx, no IEND",
			         (unsigned long long)off);
			return true;
		}
		if (len > MAX_CHUNK || off + 12 + len > in->size) {
			snprintf(w->why, sizeof(w->why),
			         "chunk %s at 0x%llx (%u bytes) runs past the end of the data", type,
			         (unsigned long long)off, len);
			return true;
		}
		uint32_t crc, stored;
		uint8_t s[4];
		if (!chunk_crc(in, off, len, &crc) || gb_input_read_exact(in, off + 8 + len, s, 4) < 0) {
			snprintf(w->why, sizeof(w->why), "read error at 0x%llx", (unsigned long long)off);
			return true;
		}
		stored = gb_be32(s);
		if (crc != stored) {
			snprintf(w->why, sizeof(w->why), "chunk %s at 0x%llx: CRC-32 %08x, stored %08x", type,
			         (unsigned long long)off, crc, stored);
			return true;
		}
		off += 12 + (uint64_t)len;
		w->end = off;
		w->chunks++;
		if (memcmp(type, "IDAT", 4) == 0)
			idat = true;
		if (memcmp(type, "IEND", 4) == 0) {
			if (idat)
				w->complete = true;
			else
				snprintf(w->why, sizeof(w->why), "IEND at 0x%llx without image data (IDAT)",
				         (unsigned long long)(off - 12 - len));
			return true;
		}
	}
}

static const char *color_name(unsigned color)
{
	switch (color) {
	case 0: return "grey";
	case 2: return "RGB";
	case 3: return "palette";
	case 4: return "grey+alpha";
	default: return "RGBA";
	}
}

static bool png_probe(const gb_input *in, gb_probe_result *res)
{
	png_walk w;
	if (!png_walk_chunks(in, &w))
		return false;
	res->size = w.end;
	res->confidence = w.complete ? 95 : 60;
	snprintf(res->detail, sizeof(res->detail), "PNG image, %ux%u, %u-bit %s%s%s%.80s", w.width, w.height,
	         w.depth, color_name(w.color), w.interlace ? ", interlaced" : "",
	         w.complete ? "" : "; damaged: ", w.complete ? "" : w.why);
	return true;
}

/* Only reached when the carver found a PNG inside other data: it is written out whole. */
static int png_extract(gb_extract_ctx *x)
{
	/* The view ends where the probe stopped; the reason a damaged PNG stopped
	 * lies after that, so the walk is repeated over the rest of the file. */
	struct stat st;
	gb_input rest = x->in;
	if (fstat(x->in.fd, &st) == 0 && (uint64_t)st.st_size > x->in.base)
		rest.size = (uint64_t)st.st_size - x->in.base;
	png_walk w;
	if (!png_walk_chunks(&rest, &w)) {
		gb_extract_error(x, "PNG header at 0x0 is not valid");
		return -1;
	}
	gb_entry_meta meta = {.mode = 0644};
	gb_emit_range(x, "image.png", &meta, 0, w.end < x->in.size ? w.end : x->in.size);
	if (!w.complete)
		gb_extract_error(x, "damaged PNG: %s", w.why);
	x->consumed = w.end < x->in.size ? w.end : x->in.size;
	return 0;
}

const gb_format gb_format_png = {
    .name = "png",
    .description =
        "PNG image (chunk chain and CRCs checked; damaged ones named with the reason), parsed by glassbox",
    .magics = {{"\x89PNG\r\n\x1a\n", 8, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_LEAF,
    .probe = png_probe,
    .extract = png_extract,
};
