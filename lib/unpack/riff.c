/*
 * RIFF files (WebP, WAVE, AVI, ANI and other forms; RIFX is the big-endian
 * variant): "RIFF", the size of what follows, a four-character form type,
 * then chunks of four-character id, size and data padded to an even length.
 * Identified, not unpacked: the size is the header's, checked against the
 * chunk chain, which must fill it exactly, so a RIFF file inside other data
 * is carved as one file and nothing inside it is carved as junk.
 *
 * Parsed here: the top-level chunk chain is all that is needed, and no
 * Debian library reads RIFF in general (libwebp and libsndfile each read one
 * form and decode it).
 */
#include <stdio.h>
#include <string.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { MAX_CHUNKS = 1 << 20, SHOWN = 6 };

static bool fourcc_ok(const uint8_t *p)
{
	/* letters, digits, "_" ("_PMX", XMP in WAVE) and spaces after the first character ("VP8 ", "fmt ") */
	for (int i = 0; i < 4; i++) {
		uint8_t c = p[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && !(c == ' ' && i > 0) && c != '_')
			return false;
	}
	return true;
}

static bool riff_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[12];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0)
		return false;
	bool be = memcmp(h, "RIFX", 4) == 0;
	if (!be && memcmp(h, "RIFF", 4) != 0)
		return false;
	uint64_t body = be ? gb_be32(h + 4) : gb_le32(h + 4);
	uint64_t end = 8 + body;
	if (body < 4 + 8 || end > in->size || !fourcc_ok(h + 8))
		return false;
	char shown[SHOWN * 5 + 8] = "";
	unsigned n = 0;
	uint64_t off = 12;
	while (off < end) {
		uint8_t c[8];
		if (n == MAX_CHUNKS || off + 8 > end || gb_input_read_exact(in, off, c, sizeof(c)) < 0 ||
		    !fourcc_ok(c))
			return false;
		uint64_t len = be ? gb_be32(c + 4) : gb_le32(c + 4);
		if (n < SHOWN)
			snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown), "%s%.4s", n ? "," : "",
			         (const char *)c);
		else if (n == SHOWN)
			snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown), ",...");
		n++;
		off += 8 + len;
		/* The pad byte after an odd-sized chunk; some writers leave it out of the last one. */
		if ((len & 1) && off < end)
			off++;
	}
	if (off != end)
		return false;
	res->size = end;
	res->confidence = 90;
	snprintf(res->detail, sizeof(res->detail), "%.4s %.4s, %u chunk%s (%s)", (const char *)h,
	         (const char *)h + 8, n, n == 1 ? "" : "s", shown);
	return true;
}

/* Only reached when the carver found a RIFF file inside other data: it is written out whole. */
static int riff_extract(gb_extract_ctx *x)
{
	uint8_t h[12];
	char name[32] = "riff.bin";
	if (gb_input_read_exact(&x->in, 0, h, sizeof(h)) == 0) {
		/* named after the form, so the file says what it is: WEBP -> .webp, WAVE -> .wave */
		char form[5] = {0};
		for (int i = 0; i < 4 && h[8 + i] != ' '; i++)
			form[i] = (char)(h[8 + i] >= 'A' && h[8 + i] <= 'Z' ? h[8 + i] + 32 : h[8 + i]);
		if (form[0])
			snprintf(name, sizeof(name), "riff.%s", form);
	}
	gb_entry_meta meta = {.mode = 0644};
	gb_emit_range(x, name, &meta, 0, x->in.size);
	x->consumed = x->in.size;
	return 0;
}

const gb_format gb_format_riff = {
    .name = "riff",
    .description =
        "RIFF file (WebP, WAVE, AVI...; RIFX too): chunk chain checked against the size, parsed by glassbox",
    .magics = {{"RIFF", 4, 0}, {"RIFX", 4, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_LEAF,
    .probe = riff_probe,
    .extract = riff_extract,
};
