/*
 * zip archives, read through libarchive. The probe checks the first local
 * file header and looks for the end-of-central-directory record whose
 * central directory lies right before it, which gives the archive's extent
 * (APPNOTE.TXT 6.3.10, sections 4.3.7 and 4.3.16). With that record the
 * archive is read through its central directory (libarchive's seekable zip
 * reader); without it, a truncated archive is read entry by entry from the
 * local headers (the streaming reader), so what is there still comes out.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/archive_common.h"
#include "util/util.h"

enum { WINDOW = 1 << 20, MAX_SEARCH = 256u << 20 };

static bool local_header_ok(const uint8_t *h)
{
	uint16_t version = gb_le16(h + 4), flags = gb_le16(h + 6), method = gb_le16(h + 8);
	uint16_t name_len = gb_le16(h + 26);
	if (memcmp(h, "PK\3\4", 4) != 0 || (version & 0xff) > 63 || name_len == 0 || name_len > 4096)
		return false;
	if (flags & 0xc7b0) /* reserved and unused bits (APPNOTE 4.4.4) */
		return false;
	static const uint16_t methods[] = {0, 1, 6, 8, 9, 12, 14, 19, 93, 95, 96, 97, 98, 99};
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (method == methods[i])
			return true;
	return false;
}

/* Finds the end record of the archive that starts at 0: the first "PK\5\6"
 * whose central directory ends right before it. Returns its offset or -1. */
static int64_t find_end_record(const gb_input *in)
{
	static __thread uint8_t buf[WINDOW + 22];
	uint64_t limit = in->size < MAX_SEARCH ? in->size : MAX_SEARCH;
	for (uint64_t pos = 30; pos < limit; pos += WINDOW) {
		ssize_t n = gb_input_read(in, pos, buf, sizeof(buf));
		if (n < 22)
			break;
		for (const uint8_t *p = buf;
		     (p = memmem(p, (size_t)n - (size_t)(p - buf), "PK\5\6", 4)) != NULL; p++) {
			uint64_t at = pos + (uint64_t)(p - buf);
			if ((size_t)(p - buf) + 22 > (size_t)n)
				break;
			uint64_t cd_size = gb_le32(p + 12), cd_off = gb_le32(p + 16);
			if (cd_off + cd_size == at && gb_le16(p + 4) == 0 &&
			    gb_le16(p + 8) == gb_le16(p + 10))
				return (int64_t)at;
		}
		if ((uint64_t)n < sizeof(buf))
			break;
	}
	return -1;
}

static bool zip_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[30];
	if (gb_input_read_exact(in, 0, h, sizeof(h)) < 0 || !local_header_ok(h))
		return false;
	int64_t end = find_end_record(in);
	uint8_t e[22];
	if (end >= 0 && gb_input_read_exact(in, (uint64_t)end, e, 22) == 0) {
		res->size = (uint64_t)end + 22 + gb_le16(e + 20);
		if (res->size > in->size)
			res->size = in->size;
		res->confidence = 95;
		snprintf(res->detail, sizeof(res->detail), "zip, %u entries", gb_le16(e + 10));
	} else {
		res->confidence = 70;
		snprintf(res->detail, sizeof(res->detail),
		         "zip without end of central directory (truncated?)");
	}
	return true;
}

static int setup_seekable(struct archive *a)
{
	return archive_read_support_format_zip_seekable(a);
}

static int setup_streaming(struct archive *a)
{
	return archive_read_support_format_zip_streamable(a);
}

static int zip_extract(gb_extract_ctx *x)
{
	bool whole = find_end_record(&x->in) >= 0;
	if (!whole)
		gb_extract_error(x,
		                 "no end of central directory: read entry by entry from the local headers");
	return gb_archive_extract(x, whole ? setup_seekable : setup_streaming, "zip");
}

const gb_format gb_format_zip = {
    .name = "zip",
    .description = "zip archive, libarchive",
    .magics = {{"PK\3\4", 4, 0}},
    .flags = GB_FMT_CARVE,
    .probe = zip_probe,
    .extract = zip_extract,
};
