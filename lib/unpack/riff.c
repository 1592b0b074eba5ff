/*
 * RIFF files (WebP, WAVE, AVI, ANI and other forms; RIFX is the big-endian
 * variant): "RIFF", the size of what follows, a four-character form type,
 * then chunks of four-character id, size and data padded to an even length.
 * The size is the header's, checked against the chunk chain, which must fill
 * it exactly, so a RIFF file inside other data is carved as one piece and
 * nothing inside it is carved as junk.
 *
 * Unpacking: a RIFF file found inside other data is written out whole, as one
 * file (which is then unpacked as the whole file it is). A whole RIFF file
 * gives the top-level chunks worth having: an ICC profile, Exif, XMP, the
 * INFO list (title, software, comments) and ID3 tags. The media data itself
 * (VP8, PCM, video frames) is left in place.
 *
 * Parsed here: the top-level chunk chain is all that is needed, and no
 * Debian library reads RIFF in general (libwebp and libsndfile each read one
 * form and decode it).
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { MAX_CHUNKS = 1 << 20, SHOWN = 6 };

static bool fourcc_ok(const uint8_t *p)
{
	/* Letters, digits, "_" ("_PMX", XMP in WAVE), and spaces after the first character ("VP8 ",
	 * "fmt "). A NUL after the first character too: ImageMagick writes WebP's XMP chunk as "XMP\0". */
	for (int i = 0; i < 4; i++) {
		uint8_t c = p[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && c != '_' && !((c == ' ' || c == 0) && i > 0))
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

/* Top-level chunks worth having, and the files they are written to. */
static const struct {
	const char *id;
	const char *file;
} kept_chunks[] = {
    {"ICCP", "icc-profile.icc"}, {"EXIF", "exif.tiff"},     {"XMP ", "xmp.xml"},
    {"XMP\0", "xmp.xml"},        {"_PMX", "xmp.xml"},       {"id3 ", "id3.bin"},
    {"ID3 ", "id3.bin"},         {"LIST", "list-info.bin"}, /* LIST of type INFO */
};

/* Index into kept_chunks of the chunk at OFF, or -1 when it is not worth having. */
static int chunk_kind(const gb_input *in, const uint8_t *id, uint64_t off, uint64_t len)
{
	for (size_t i = 0; i < sizeof(kept_chunks) / sizeof(kept_chunks[0]); i++) {
		if (memcmp(id, kept_chunks[i].id, 4) != 0)
			continue;
		uint8_t type[4];
		if (memcmp(id, "LIST", 4) == 0 && (len < 4 || gb_input_read_exact(in, off + 8, type, 4) < 0 ||
		                                   memcmp(type, "INFO", 4) != 0))
			return -1;
		return (int)i;
	}
	return -1;
}

static int riff_extract(gb_extract_ctx *x)
{
	uint8_t h[12];
	if (gb_input_read_exact(&x->in, 0, h, sizeof(h)) < 0) {
		gb_extract_error(x, "RIFF header at 0x0 unreadable");
		return -1;
	}
	x->consumed = x->in.size;
	gb_entry_meta meta = {.mode = 0644};
	struct stat st;
	bool whole = x->in.base == 0 && fstat(x->in.fd, &st) == 0 && (uint64_t)st.st_size == x->in.size;
	if (!whole) {
		/* named after the form, so the file says what it is: WEBP -> riff.webp, WAVE -> riff.wave */
		char name[16] = "riff.bin", form[5] = {0};
		for (int i = 0; i < 4 && h[8 + i] != ' '; i++)
			form[i] = (char)(h[8 + i] >= 'A' && h[8 + i] <= 'Z' ? h[8 + i] + 32 : h[8 + i]);
		if (form[0] && form[0] != '_')
			snprintf(name, sizeof(name), "riff.%s", form);
		gb_emit_range(x, name, &meta, 0, x->in.size);
		return 0;
	}
	bool be = memcmp(h, "RIFX", 4) == 0;
	unsigned seen = 0; /* bit per kept_chunks entry */
	for (uint64_t off = 12; off + 8 <= x->in.size && !gb_extract_should_stop(x);) {
		uint8_t c[8];
		if (gb_input_read_exact(&x->in, off, c, sizeof(c)) < 0)
			break;
		uint64_t len = be ? gb_be32(c + 4) : gb_le32(c + 4);
		int k = chunk_kind(&x->in, c, off, len);
		while (k > 0 && strcmp(kept_chunks[k - 1].file, kept_chunks[k].file) == 0)
			k--; /* the XMP ids, id3 and ID3: one name, one bit */
		if (k >= 0) {
			/* a second chunk of the same kind gets its offset in its name */
			char name[48];
			if (seen & (1u << k))
				snprintf(name, sizeof(name), "0x%llx-%s", (unsigned long long)off,
				         kept_chunks[k].file);
			else
				snprintf(name, sizeof(name), "%s", kept_chunks[k].file);
			seen |= 1u << k;
			gb_emit_range(x, name, &meta, off + 8, len);
		}
		off += 8 + len + (len & 1);
	}
	return 0;
}

const gb_format gb_format_riff = {
    .name = "riff",
    .description = "RIFF file (WebP, WAVE, AVI...; RIFX too): chunk chain checked; ICC, Exif, XMP, INFO and "
                   "ID3 chunks out; parsed by glassbox",
    .magics = {{"RIFF", 4, 0}, {"RIFX", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = riff_probe,
    .extract = riff_extract,
};
