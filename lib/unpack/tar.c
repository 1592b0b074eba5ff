/*
 * tar (POSIX ustar, pax and GNU), read through libarchive.
 *
 * The probe walks the 512-byte headers itself, checking each header's
 * checksum, so that it can say exactly where the archive ends: libarchive
 * reads ahead and cannot tell the carver where the next thing in a firmware
 * image starts. Layout from POSIX.1-2017 "pax - ustar Interchange Format".
 */
#include <stdio.h>
#include <string.h>

#include "unpack/archive_common.h"
#include "util/util.h"

enum { BLOCK = 512, MAX_WALK = 1u << 22 };

/* Numeric header field: octal text, or GNU base-256 when the top bit is set. */
static bool parse_number(const uint8_t *f, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (f[0] & 0x80) {
		if (f[0] & 0x40)
			return false; /* negative */
		v = f[0] & 0x3f;
		for (size_t i = 1; i < len; i++) {
			if (v >> 56)
				return false;
			v = v << 8 | f[i];
		}
		*out = v;
		return true;
	}
	size_t i = 0;
	while (i < len && f[i] == ' ')
		i++;
	bool digits = false;
	for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
		if (v >> 60)
			return false;
		v = v << 3 | (uint64_t)(f[i] - '0');
		digits = true;
	}
	for (; i < len; i++) /* only spaces and NULs may follow */
		if (f[i] != ' ' && f[i] != '\0')
			return false;
	*out = v;
	return digits || f[0] == '\0';
}

static bool checksum_ok(const uint8_t *h)
{
	uint64_t stored;
	if (!parse_number(h + 148, 8, &stored))
		return false;
	uint64_t usum = 0;
	int64_t ssum = 0;
	for (int i = 0; i < BLOCK; i++) {
		uint8_t c = (i >= 148 && i < 156) ? ' ' : h[i];
		usum += c;
		ssum += (int8_t)c; /* some old tars summed signed chars */
	}
	return stored == usum || (int64_t)stored == ssum;
}

static bool all_zero(const uint8_t *b)
{
	for (int i = 0; i < BLOCK; i++)
		if (b[i])
			return false;
	return true;
}

static bool tar_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[BLOCK];
	if (gb_input_read_exact(in, 0, h, BLOCK) < 0 || !checksum_ok(h))
		return false;
	bool gnu = memcmp(h + 257, "ustar  ", 8) == 0;
	if (!gnu && memcmp(h + 257, "ustar", 6) != 0 && memcmp(h + 257, "ustar", 5) != 0)
		return false;
	/* Walk to the end-of-archive marker (two zero blocks) or the first bad header. */
	uint64_t off = 0;
	unsigned entries = 0;
	bool ended = false;
	for (unsigned i = 0; i < MAX_WALK; i++) {
		if (gb_input_read_exact(in, off, h, BLOCK) < 0)
			break;
		if (all_zero(h)) {
			uint8_t h2[BLOCK];
			ended = gb_input_read_exact(in, off + BLOCK, h2, BLOCK) == 0 && all_zero(h2);
			off += ended ? 2 * BLOCK : BLOCK;
			break;
		}
		uint64_t size;
		if (!checksum_ok(h) || !parse_number(h + 124, 12, &size))
			break;
		/* Links, directories and devices carry no data whatever size says. */
		char type = (char)h[156];
		if (type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6')
			size = 0;
		uint64_t data = (size + BLOCK - 1) / BLOCK * BLOCK;
		if (data > in->size || off + BLOCK + data > in->size) {
			off = in->size; /* truncated: the extractor reports where */
			break;
		}
		off += BLOCK + data;
		entries++;
	}
	if (entries == 0)
		return false;
	/* Archives are padded to a record (10 KiB by default) with zero blocks. */
	if (ended) {
		uint8_t z[BLOCK];
		while (off % 10240 && gb_input_read_exact(in, off, z, BLOCK) == 0 && all_zero(z))
			off += BLOCK;
	}
	res->size = off;
	res->confidence = ended ? 95 : 80;
	snprintf(res->detail, sizeof(res->detail), "tar (%s), %u%s entries", gnu ? "gnu" : "ustar/pax",
	         entries, ended ? "" : "+");
	return true;
}

static int setup(struct archive *a)
{
	return archive_read_support_format_tar(a);
}

static int tar_extract(gb_extract_ctx *x)
{
	return gb_archive_extract(x, setup, "tar");
}

const gb_format gb_format_tar = {
    .name = "tar",
    .description = "tar archive (ustar, pax, GNU), libarchive",
    .magics = {{"ustar", 5, 257}},
    .flags = GB_FMT_CARVE,
    .probe = tar_probe,
    .extract = tar_extract,
};
