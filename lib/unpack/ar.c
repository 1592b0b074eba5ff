/*
 * ar archives (Unix ar, GNU and BSD variants; Debian packages are ar
 * archives holding control.tar.* and data.tar.*), read through libarchive.
 * The probe walks the 60-byte member headers (each ends with "`\n") to find
 * the archive's end.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/archive_common.h"
#include "util/util.h"

static bool decimal(const uint8_t *p, size_t n, uint64_t *v)
{
	*v = 0;
	size_t i = 0;
	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		*v = *v * 10 + (uint64_t)(p[i] - '0');
	if (i == 0)
		return false;
	for (; i < n; i++)
		if (p[i] != ' ')
			return false;
	return true;
}

static bool ar_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[60];
	if (gb_input_read_exact(in, 0, h, 8) < 0 || memcmp(h, "!<arch>\n", 8) != 0)
		return false;
	uint64_t off = 8;
	unsigned members = 0;
	bool deb = false;
	while (off + 60 <= in->size && members < (1u << 20)) {
		uint64_t size;
		if (gb_input_read_exact(in, off, h, 60) < 0 || h[58] != '`' || h[59] != '\n' ||
		    !decimal(h + 48, 10, &size))
			break;
		if (members == 0 && memcmp(h, "debian-binary ", 14) == 0)
			deb = true;
		off += 60 + size + (size & 1);
		members++;
	}
	if (members == 0)
		return false;
	res->size = off < in->size ? off : in->size;
	res->confidence = 95;
	snprintf(res->detail, sizeof(res->detail), "%s, %u members",
	         deb ? "Debian package (ar)" : "ar archive", members);
	return true;
}

static int setup(struct archive *a)
{
	return archive_read_support_format_ar(a);
}

static int ar_extract(gb_extract_ctx *x)
{
	return gb_archive_extract(x, setup, "ar");
}

const gb_format gb_format_ar = {
    .name = "ar",
    .description = "ar archive and Debian .deb package, libarchive",
    .magics = {{"!<arch>\n", 8, 0}},
    .flags = GB_FMT_CARVE,
    .probe = ar_probe,
    .extract = ar_extract,
};
