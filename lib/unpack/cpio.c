/*
 * cpio archives (newc "070701", crc "070702", odc "070707"), read through
 * libarchive. The probe checks the first header's fields are the digits their
 * format requires and walks the headers to the TRAILER!!! entry, so the
 * carver knows where the archive ends (an initramfs is often followed by
 * more data). Header layouts: the cpio(5) manual of libarchive.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/archive_common.h"
#include "util/util.h"

enum { MAX_WALK = 1u << 22 };

static bool hexfield(const uint8_t *p, size_t n, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = p[i] >= '0' && p[i] <= '9'   ? p[i] - '0'
		        : p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10
		        : p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10
		                                     : -1;
		if (d < 0)
			return false;
		*v = *v << 4 | (uint64_t)d;
	}
	return true;
}

static bool octfield(const uint8_t *p, size_t n, uint64_t *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '7')
			return false;
		*v = *v << 3 | (uint64_t)(p[i] - '0');
	}
	return true;
}

/* One header at off: sets the offset of the next one and whether this is the trailer. */
static bool next_header(const gb_input *in, uint64_t off, uint64_t *next, bool *trailer)
{
	uint8_t h[110 + 11];
	if (gb_input_read_exact(in, off, h, 76) < 0)
		return false;
	uint64_t namesize, filesize;
	if (memcmp(h, "070701", 6) == 0 || memcmp(h, "070702", 6) == 0) {
		if (gb_input_read_exact(in, off, h, 110 + 11) < 0 && gb_input_read_exact(in, off, h, 110) < 0)
			return false;
		for (int f = 0; f < 13; f++) {
			uint64_t v;
			if (!hexfield(h + 6 + 8 * f, 8, &v))
				return false;
		}
		hexfield(h + 54, 8, &filesize);
		hexfield(h + 94, 8, &namesize);
		if (namesize == 0 || namesize > 4096)
			return false;
		uint64_t name_end = (110 + namesize + 3) & ~3ull;
		*trailer = namesize == 11 && memcmp(h + 110, "TRAILER!!!", 10) == 0;
		*next = off + name_end + ((filesize + 3) & ~3ull);
	} else if (memcmp(h, "070707", 6) == 0) {
		for (int f = 0; f < 10; f++) {
			uint64_t v;
			if (!octfield(h + 6 + 6 * f, 6, &v))
				return false;
		}
		octfield(h + 59, 6, &namesize);
		octfield(h + 65, 11, &filesize);
		if (namesize == 0 || namesize > 4096)
			return false;
		uint8_t name[11];
		*trailer = namesize == 11 && gb_input_read_exact(in, off + 76, name, 11) == 0 &&
		           memcmp(name, "TRAILER!!!", 10) == 0;
		*next = off + 76 + namesize + filesize;
	} else {
		return false;
	}
	return *next <= in->size;
}

static bool cpio_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t m[6];
	if (gb_input_read_exact(in, 0, m, 6) < 0)
		return false;
	uint64_t off = 0, next = 0;
	bool trailer = false;
	unsigned entries = 0;
	if (!next_header(in, 0, &next, &trailer))
		return false;
	for (; entries < MAX_WALK; entries++) {
		if (!next_header(in, off, &next, &trailer))
			break;
		off = next;
		if (trailer)
			break;
	}
	/* Without a trailer the archive is taken to end after its last header that
	 * checked out: libarchive then never sees the bad one, whose sizes are
	 * exactly what a hostile archive would use to make it allocate gigabytes. */
	res->size = off;
	/* newc pads the archive to 512 bytes with NULs after the trailer. */
	if (trailer) {
		uint8_t z[512];
		uint64_t pad = (512 - off % 512) % 512;
		if (pad && gb_input_read_exact(in, off, z, pad) == 0) {
			bool zeros = true;
			for (uint64_t i = 0; i < pad; i++)
				zeros &= z[i] == 0;
			if (zeros)
				res->size = off + pad;
		}
	}
	res->confidence = trailer ? 95 : 70;
	snprintf(res->detail, sizeof(res->detail), "cpio (%s), %u entries%s",
	         memcmp(m, "070707", 6) == 0   ? "odc"
	         : memcmp(m, "070702", 6) == 0 ? "crc"
	                                       : "newc",
	         entries, trailer ? "" : ", no trailer");
	return true;
}

static int setup(struct archive *a)
{
	return archive_read_support_format_cpio(a);
}

static int cpio_extract(gb_extract_ctx *x)
{
	return gb_archive_extract(x, setup, "cpio");
}

const gb_format gb_format_cpio = {
    .name = "cpio",
    .description = "cpio archive (newc, crc, odc), libarchive",
    .magics = {{"070701", 6, 0}, {"070702", 6, 0}, {"070707", 6, 0}},
    .flags = GB_FMT_CARVE,
    .probe = cpio_probe,
    .extract = cpio_extract,
};
