/*
 * JPEG images (ITU-T T.81, with the JFIF and Exif application segments): a
 * chain of marker segments from SOI to EOI, with entropy-coded scan data after
 * each SOS. Identified, not unpacked: the size is where EOI ends, so an image
 * inside a firmware image is carved as one file, and the Exif thumbnail inside
 * an APP1 segment is not carved again as a second image.
 *
 * Parsed here rather than with libjpeg: only the segment lengths are needed,
 * and the library would decode the image, which is work (and attack surface)
 * the size does not need. The walk moves forward only, through a 64 KiB
 * buffer, so its cost is one pass over the image.
 *
 * An instance needs SOI, a frame header (SOFn) with non-zero sizes, a scan
 * (SOS) and EOI, every segment well formed: random data after a planted
 * "\xff\xd8\xff" fails at the first segment length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unpack/bufread.h"
#include "unpack/emit.h"
#include "util/util.h"

enum { SOI = 0xd8, EOI = 0xd9, SOS = 0xda, TEM = 0x01, MAX_SEGMENTS = 100000 };

typedef struct jpeg_info {
	unsigned width, height, components, sof;
	unsigned scans;
	bool exif, jfif;
	uint64_t end;
} jpeg_info;

static bool is_sof(unsigned m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc;
}

/* Skips the entropy-coded data of a scan: returns the offset of the next marker's 0xff. */
static uint64_t skip_scan(gb_bufread *r, uint64_t off)
{
	for (;;) {
		uint64_t ff = gb_bufread_find(r, off, 0xff);
		if (ff == UINT64_MAX)
			return UINT64_MAX;
		int next = gb_bufread_byte(r, ff + 1);
		if (next < 0)
			return UINT64_MAX;
		/* 0xff00 is a stuffed 0xff, 0xffd0..d7 restart markers: both belong to the scan. */
		if (next == 0 || (next >= 0xd0 && next <= 0xd7)) {
			off = ff + 2;
			continue;
		}
		return ff;
	}
}

static bool jpeg_walk(const gb_input *in, jpeg_info *j)
{
	gb_bufread *r = gb_xmalloc(sizeof(*r));
	gb_bufread_init(r, in);
	memset(j, 0, sizeof(*j));
	bool ok = false;
	if (gb_bufread_byte(r, 0) != 0xff || gb_bufread_byte(r, 1) != SOI)
		goto out;
	uint64_t off = 2;
	for (unsigned n = 0; n < MAX_SEGMENTS; n++) {
		if (gb_bufread_byte(r, off) != 0xff)
			goto out;
		int m;
		while ((m = gb_bufread_byte(r, off + 1)) == 0xff) /* fill bytes before a marker */
			off++;
		if (m < 0)
			goto out;
		off += 2;
		if (m == EOI) {
			j->end = off;
			ok = j->sof && j->scans && j->width && j->height;
			goto out;
		}
		if (m == TEM || (m >= 0xd0 && m <= 0xd7))
			continue; /* markers without a length */
		if (m == 0 || m == SOI)
			goto out;
		uint8_t len[2];
		if (gb_bufread_get(r, off, len, 2) < 0 || gb_be16(len) < 2)
			goto out;
		unsigned seglen = gb_be16(len);
		uint8_t seg[16] = {0};
		size_t want = seglen - 2 < sizeof(seg) ? seglen - 2 : sizeof(seg);
		if (gb_bufread_get(r, off + 2, seg, want) < 0)
			goto out;
		if (is_sof((unsigned)m)) {
			/* P, Y, X, Nf: 8 bytes of the 6 + 3 * Nf the segment must hold */
			if (want < 6 || seg[0] == 0 || seglen < 8 + 3u * seg[5] || seg[5] == 0)
				goto out;
			j->sof = (unsigned)m;
			j->height = gb_be16(seg + 1);
			j->width = gb_be16(seg + 3);
			j->components = seg[5];
		} else if (m == 0xe0 && want >= 5 && memcmp(seg, "JFIF", 5) == 0) {
			j->jfif = true;
		} else if (m == 0xe1 && want >= 6 && memcmp(seg, "Exif\0\0", 6) == 0) {
			j->exif = true;
		}
		off += seglen;
		if (m == SOS) {
			if (!j->sof)
				goto out;
			j->scans++;
			if ((off = skip_scan(r, off)) == UINT64_MAX)
				goto out;
		}
	}
out:
	free(r);
	return ok;
}

static const char *sof_name(unsigned sof)
{
	switch (sof) {
	case 0xc0: return "baseline";
	case 0xc1: return "extended";
	case 0xc2: return "progressive";
	case 0xc3: return "lossless";
	default: return "arithmetic or hierarchical";
	}
}

static bool jpeg_probe(const gb_input *in, gb_probe_result *res)
{
	jpeg_info j;
	if (!jpeg_walk(in, &j))
		return false;
	res->size = j.end;
	res->confidence = 90;
	snprintf(res->detail, sizeof(res->detail), "JPEG image%s, %ux%u, %u components, %s, %u scan%s",
	         j.exif   ? " (Exif)"
	         : j.jfif ? " (JFIF)"
	                  : "",
	         j.width, j.height, j.components, sof_name(j.sof), j.scans, j.scans == 1 ? "" : "s");
	return true;
}

/* Only reached when the carver found a JPEG inside other data: it is written out whole. */
static int jpeg_extract(gb_extract_ctx *x)
{
	gb_entry_meta meta = {.mode = 0644};
	gb_emit_range(x, "image.jpg", &meta, 0, x->in.size);
	x->consumed = x->in.size;
	return 0;
}

const gb_format gb_format_jpeg = {
    .name = "jpeg",
    .description = "JPEG image (segments walked from SOI to EOI), parsed by glassbox",
    .magics = {{"\xff\xd8\xff", 3, 0}},
    .flags = GB_FMT_CARVE | GB_FMT_LEAF,
    .probe = jpeg_probe,
    .extract = jpeg_extract,
};
