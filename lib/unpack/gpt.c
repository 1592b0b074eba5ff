/*
 * GUID partition tables (UEFI specification, chapter "GUID Partition Table
 * Disk Layout"): a header at LBA 1 with its own CRC32, and an array of
 * partition entries with another. Both CRCs are checked, so a stray
 * "EFI PART" never passes. Sectors of 512 and 4096 bytes are tried. Each
 * partition is written out as a file named after its number and its name in
 * the table ("p2-rootfs"); the engine unpacks what it holds. The few fixed
 * fields are parsed here; no library is needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { HEADER_MIN = 92, MAX_ENTRIES = 1024, ENTRY_MIN = 128 };

typedef struct gpt {
	uint32_t sector;
	uint64_t entries_lba;
	uint32_t nentries, entry_size;
	uint64_t last_usable;
} gpt;

static bool read_header(const gb_input *in, uint32_t sector, gpt *g)
{
	uint8_t h[512];
	if (gb_input_read_exact(in, sector, h, sizeof(h)) < 0 || memcmp(h, "EFI PART", 8) != 0)
		return false;
	uint32_t hsize = gb_le32(h + 12), crc = gb_le32(h + 16);
	if (hsize < HEADER_MIN || hsize > sizeof(h) || gb_le64(h + 24) != 1)
		return false;
	memset(h + 16, 0, 4);
	if ((uint32_t)crc32(0, h, hsize) != crc)
		return false;
	*g = (gpt){sector, gb_le64(h + 72), gb_le32(h + 80), gb_le32(h + 84), gb_le64(h + 48)};
	if (g->nentries == 0 || g->nentries > MAX_ENTRIES || g->entry_size < ENTRY_MIN ||
	    g->entry_size > 4096 || g->entry_size % 8 || g->entries_lba < 2)
		return false;
	/* the entries' CRC, over the whole array */
	size_t len = (size_t)g->nentries * g->entry_size;
	uint8_t *e = malloc(len);
	bool ok = e && gb_input_read_exact(in, g->entries_lba * sector, e, len) == 0 &&
	          (uint32_t)crc32(0, e, (uInt)len) == gb_le32(h + 88);
	free(e);
	return ok;
}

static bool find_header(const gb_input *in, gpt *g)
{
	return read_header(in, 512, g) || read_header(in, 4096, g);
}

/* The entry's UTF-16LE name as a file-name-safe ASCII word ("rootfs"); empty when it has none. */
static void entry_name(const uint8_t *e, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < 36 && n + 1 < cap; i++) {
		uint16_t c = gb_le16(e + 56 + 2 * i);
		if (c == 0)
			break;
		bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		            c == '-' || c == '_' || c == '.';
		out[n++] = safe ? (char)c : '_';
	}
	out[n] = '\0';
}

static bool gpt_probe(const gb_input *in, gb_probe_result *res)
{
	gpt g;
	if (!find_header(in, &g))
		return false;
	uint64_t end = (g.last_usable + 34) * g.sector; /* the backup table follows the last usable LBA */
	res->size = end <= in->size ? end : in->size;
	res->confidence = 95;
	snprintf(res->detail, sizeof(res->detail), "GPT, %u-byte sectors, %u entries", g.sector, g.nentries);
	return true;
}

static int gpt_extract(gb_extract_ctx *x)
{
	gpt g;
	if (!find_header(&x->in, &g)) {
		gb_extract_error(x, "GPT header at LBA 1 fails its checks");
		return -1;
	}
	uint8_t e[4096];
	unsigned used = 0;
	for (uint32_t i = 0; i < g.nentries && !gb_extract_should_stop(x); i++) {
		uint64_t at = g.entries_lba * g.sector + (uint64_t)i * g.entry_size;
		if (gb_input_read_exact(&x->in, at, e, g.entry_size) < 0)
			break;
		static const uint8_t unused[16];
		if (!memcmp(e, unused, 16))
			continue;
		uint64_t first = gb_le64(e + 32), last = gb_le64(e + 40);
		char label[40], name[64];
		entry_name(e, label, sizeof(label));
		snprintf(name, sizeof(name), "p%u%s%s", i + 1, label[0] ? "-" : "", label);
		if (first < 2 || last < first || last > UINT64_MAX / g.sector - 1) {
			gb_emit_entry_error(x, name, "entry %u has an invalid range (LBA %llu to %llu)",
			                    i + 1, (unsigned long long)first, (unsigned long long)last);
			continue;
		}
		gb_entry_meta meta = {.mode = 0644};
		gb_emit_range(x, name, &meta, first * g.sector, (last - first + 1) * g.sector);
		used++;
	}
	gb_extract_detail(x, "%u partitions", used);
	return 0;
}

const gb_format gb_format_gpt = {
    .name = "gpt",
    .description =
        "GUID partition table (header and entry CRCs checked; 512 and 4096-byte sectors), parsed by glassbox",
    .magics = {{"EFI PART", 8, 512}, {"EFI PART", 8, 4096}},
    .flags = 0, /* a disk image starts with it */
    .probe = gpt_probe,
    .extract = gpt_extract,
};
