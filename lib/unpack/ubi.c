/*
 * UBI images (as ubinize makes them, or dumped from raw NAND): each physical
 * eraseblock starts with an erase-counter header ("UBI#") pointing at a
 * volume-id header ("UBI!") that says which volume and logical block it
 * holds. No library reads UBI outside the kernel, so it is parsed here,
 * following drivers/mtd/ubi/ubi-media.h. Each volume is written out as one
 * file, its logical blocks in order (the copy with the highest sequence
 * number wins; unmapped blocks read as erased flash, 0xff), named from the
 * volume table; the engine then identifies what the volume holds (UBIFS,
 * squashfs...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unpack/emit.h"
#include "util/util.h"

enum {
	HDR = 64,
	LAYOUT_VOLUME = 0x7fffefff,
	VTBL_RECORD = 172,
	MAX_VOLUMES = 128,
	MAX_LEBS = 1 << 20,
};

/* UBI's CRC is crc32_le seeded with all ones and not inverted at the end. */
static uint32_t ucrc(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0, p, (uInt)n) ^ 0xffffffffu;
}

typedef struct ec_hdr {
	uint32_t vid_off, data_off;
} ec_hdr;

static bool read_ec(const gb_input *in, uint64_t off, ec_hdr *h)
{
	uint8_t b[HDR];
	if (gb_input_read_exact(in, off, b, HDR) < 0 || memcmp(b, "UBI#", 4) != 0 || b[4] != 1)
		return false;
	if (ucrc(b, 60) != gb_be32(b + 60))
		return false;
	h->vid_off = gb_be32(b + 16);
	h->data_off = gb_be32(b + 20);
	return h->vid_off >= HDR && h->data_off > h->vid_off && h->data_off <= (1u << 21);
}

/* The eraseblock size: the distance to the next valid erase-counter header. */
static uint32_t peb_size(const gb_input *in, const ec_hdr *first)
{
	for (uint32_t size = 16384; size <= (4u << 20); size <<= 1) {
		ec_hdr h;
		if (size > first->data_off && read_ec(in, size, &h))
			return size;
	}
	return 0;
}

static bool ubi_probe(const gb_input *in, gb_probe_result *res)
{
	ec_hdr h;
	if (!read_ec(in, 0, &h))
		return false;
	uint32_t peb = peb_size(in, &h);
	uint64_t count = 1;
	if (peb)
		while ((count + 1) * peb <= in->size + peb && count < MAX_LEBS &&
		       read_ec(in, count * peb, &h))
			count++;
	res->size = peb ? count * peb : 0;
	if (res->size > in->size)
		res->size = in->size;
	res->confidence = peb ? 95 : 60;
	snprintf(res->detail, sizeof(res->detail), "UBI, %llu eraseblocks of %u bytes",
	         (unsigned long long)count, peb);
	return true;
}

typedef struct leb {
	uint32_t vol, lnum, data_size;
	uint64_t sqnum, peb;
	uint8_t vol_type;
} leb;

static int cmp_leb(const void *a, const void *b)
{
	const leb *x = a, *y = b;
	if (x->vol != y->vol)
		return x->vol < y->vol ? -1 : 1;
	if (x->lnum != y->lnum)
		return x->lnum < y->lnum ? -1 : 1;
	return x->sqnum > y->sqnum ? -1 : x->sqnum < y->sqnum; /* newest copy first */
}

static int ubi_extract(gb_extract_ctx *x)
{
	ec_hdr first;
	if (!read_ec(&x->in, 0, &first)) {
		gb_extract_error(x, "no UBI erase-counter header at 0x0");
		return -1;
	}
	uint32_t peb = peb_size(&x->in, &first);
	if (!peb) {
		gb_extract_error(
		    x, "a single eraseblock, or no second erase-counter header: eraseblock size unknown");
		return -1;
	}
	uint64_t npeb = x->in.size / peb;
	if (npeb > MAX_LEBS)
		npeb = MAX_LEBS;
	leb *lebs = gb_xcalloc(npeb ? npeb : 1, sizeof(*lebs));
	size_t n = 0;
	unsigned bad = 0;
	uint32_t leb_size = peb - first.data_off;
	for (uint64_t i = 0; i < npeb; i++) {
		ec_hdr ec;
		uint8_t v[HDR];
		if (!read_ec(&x->in, i * peb, &ec)) {
			bad++;
			continue;
		}
		if (gb_input_read_exact(&x->in, i * peb + ec.vid_off, v, HDR) < 0 ||
		    memcmp(v, "UBI!", 4) != 0)
			continue; /* erased: no volume data here */
		if (ucrc(v, 60) != gb_be32(v + 60)) {
			bad++;
			continue;
		}
		lebs[n++] = (leb){gb_be32(v + 8), gb_be32(v + 12), gb_be32(v + 20), gb_be64(v + 40), i, v[5]};
	}
	qsort(lebs, n, sizeof(*lebs), cmp_leb);
	/* Volume names from the layout volume's first block (the volume table). */
	char *names[MAX_VOLUMES] = {0};
	for (size_t i = 0; i < n; i++) {
		if (lebs[i].vol != LAYOUT_VOLUME || lebs[i].lnum != 0)
			continue;
		uint8_t rec[VTBL_RECORD];
		for (unsigned v = 0; v < MAX_VOLUMES; v++) {
			uint64_t at = lebs[i].peb * peb + first.data_off + (uint64_t)v * VTBL_RECORD;
			if (gb_input_read_exact(&x->in, at, rec, VTBL_RECORD) < 0 ||
			    ucrc(rec, 168) != gb_be32(rec + 168))
				continue;
			uint16_t len = gb_be16(rec + 14);
			if (len && len < 128 && gb_be32(rec) != 0)
				names[v] = gb_xstrndup((const char *)rec + 16, len);
		}
		break;
	}
	uint8_t *buf = gb_xmalloc(leb_size), *erased = gb_xmalloc(leb_size);
	memset(erased, 0xff, leb_size);
	unsigned volumes = 0;
	for (size_t i = 0; i < n && !gb_extract_should_stop(x);) {
		uint32_t vol = lebs[i].vol;
		size_t j = i;
		while (j < n && lebs[j].vol == vol)
			j++;
		if (vol == LAYOUT_VOLUME) {
			i = j;
			continue;
		}
		volumes++;
		char *name = vol < MAX_VOLUMES && names[vol] && !strchr(names[vol], '/')
		                 ? gb_xstrdup(names[vol])
		                 : gb_xasprintf("volume-%u", vol);
		gb_entry_meta meta = {.mode = 0644};
		gb_sink *s = gb_emit_file(x, name, &meta);
		uint32_t next = 0;
		for (size_t k = i; s && k < j; k++) {
			if (k > i && lebs[k].lnum == lebs[k - 1].lnum)
				continue;                                      /* an older copy */
			for (; next < lebs[k].lnum && next < MAX_LEBS; next++) /* unmapped: erased flash */
				if (gb_sink_write(s, erased, leb_size) < 0)
					goto done;
			/* Static volumes say how much of the block is data; dynamic ones use all of it. */
			uint32_t len = lebs[k].vol_type == 2 && lebs[k].data_size <= leb_size
			                   ? lebs[k].data_size
			                   : leb_size;
			if (gb_input_read_exact(&x->in, lebs[k].peb * peb + first.data_off, buf, len) < 0) {
				gb_sink_fail(s, "block %u of volume %u truncated at 0x%llx", lebs[k].lnum,
				             vol, (unsigned long long)(lebs[k].peb * peb));
				break;
			}
			if (gb_sink_write(s, buf, len) < 0)
				break;
			next = lebs[k].lnum + 1;
		}
	done:
		if (s)
			gb_sink_close(s);
		free(name);
		i = j;
	}
	if (bad)
		gb_extract_error(x, "%u eraseblocks with bad headers skipped", bad);
	gb_extract_detail(x, "%u volumes", volumes);
	x->consumed = npeb * peb;
	for (unsigned v = 0; v < MAX_VOLUMES; v++)
		free(names[v]);
	free(buf);
	free(erased);
	free(lebs);
	return 0;
}

const gb_format gb_format_ubi = {
    .name = "ubi",
    .description = "UBI image: each volume written out as a file (volume table names), parsed by glassbox",
    .magics = {{"UBI#\x01", 5, 0}},
    .flags = GB_FMT_CARVE,
    .probe = ubi_probe,
    .extract = ubi_extract,
};
