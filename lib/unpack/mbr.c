/*
 * DOS/MBR partition tables, as on the eMMC and SD-card images of network
 * equipment: four primary entries at 0x1be, logical partitions in the chain
 * of extended boot records. Each partition is written out as a file named
 * after its number and type ("p1-linux"), and the engine unpacks what it
 * holds. Parsed here: the layout is a few fixed fields (no library needed),
 * after the "Master Boot Record" layout documented with every fdisk.
 *
 * The probe is strict because 0x55aa at 510 is common (every FAT boot sector
 * has it): every used entry must have a boot flag of 0 or 0x80, a start past
 * the MBR, a non-zero length, and no two partitions may overlap. A protective
 * MBR (type 0xee) is left to the gpt module.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/emit.h"
#include "util/util.h"

enum { SECTOR = 512, MAX_LOGICAL = 128, MAX_PARTS = 4 + MAX_LOGICAL };

typedef struct part {
	uint64_t start, count; /* sectors from the start of the disk */
	unsigned type, number;
} part;

static bool is_extended(unsigned type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

static const char *type_name(unsigned type)
{
	switch (type) {
	case 0x01:
	case 0x04:
	case 0x06:
	case 0x0b:
	case 0x0c:
	case 0x0e: return "fat";
	case 0x07: return "ntfs";
	case 0x82: return "swap";
	case 0x83: return "linux";
	case 0x8e: return "lvm";
	case 0xfd: return "raid";
	case 0xda: return "data";
	default: return "part";
	}
}

/* Reads the four entries of the table in the sector at SECTOR_NO; false when it is not a table. */
static bool read_table(const gb_input *in, uint64_t sector_no, part out[4])
{
	uint8_t s[SECTOR];
	if (gb_input_read_exact(in, sector_no * SECTOR, s, SECTOR) < 0 || s[510] != 0x55 || s[511] != 0xaa)
		return false;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = s + 0x1be + 16 * i;
		out[i] = (part){gb_le32(e + 8), gb_le32(e + 12), e[4], 0};
		if (out[i].type == 0)
			continue;
		if ((e[0] != 0 && e[0] != 0x80) || out[i].count == 0)
			return false;
	}
	return true;
}

/* The primary partitions and the logical ones of the extended chain, checked; 0 when not an MBR. */
static size_t read_parts(const gb_input *in, part *parts, bool *truncated)
{
	part t[4];
	size_t n = 0;
	if (!read_table(in, 0, t))
		return 0;
	uint64_t ext_start = 0;
	for (int i = 0; i < 4; i++) {
		if (t[i].type == 0)
			continue;
		if (t[i].type == 0xee || t[i].start == 0)
			return 0; /* GPT's protective MBR, or an entry overlapping the MBR itself */
		t[i].number = (unsigned)i + 1;
		if (is_extended(t[i].type))
			ext_start = ext_start ? ext_start : t[i].start;
		parts[n++] = t[i];
	}
	/* Logical partitions: each EBR holds one partition (relative to that EBR)
	 * and a link to the next EBR (relative to the extended partition). */
	uint64_t ebr = ext_start;
	for (unsigned k = 0; ebr && k < MAX_LOGICAL; k++) {
		if (!read_table(in, ebr, t)) {
			*truncated = true;
			break;
		}
		if (t[0].type) {
			parts[n] = (part){ebr + t[0].start, t[0].count, t[0].type, 5 + k};
			if (t[0].start == 0)
				return 0;
			n++;
		}
		uint64_t next = t[1].type && is_extended(t[1].type) ? ext_start + t[1].start : 0;
		if (next <= ebr) /* the chain only goes forward: no loops */
			break;
		ebr = next;
	}
	/* No two data partitions overlap (an extended partition contains its logical ones). */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			if (is_extended(parts[i].type) || is_extended(parts[j].type))
				continue;
			if (parts[i].start < parts[j].start + parts[j].count &&
			    parts[j].start < parts[i].start + parts[i].count)
				return 0;
		}
	return n;
}

static uint64_t disk_end(const part *parts, size_t n)
{
	uint64_t end = 0;
	for (size_t i = 0; i < n; i++)
		if (parts[i].start + parts[i].count > end)
			end = parts[i].start + parts[i].count;
	return end * SECTOR;
}

static bool mbr_probe(const gb_input *in, gb_probe_result *res)
{
	part parts[MAX_PARTS];
	bool truncated = false;
	size_t n = read_parts(in, parts, &truncated);
	if (n == 0)
		return false;
	uint64_t end = disk_end(parts, n);
	res->size = end <= in->size ? end : in->size;
	res->confidence = end <= in->size && !truncated ? 90 : 60;
	snprintf(res->detail, sizeof(res->detail), "DOS/MBR partition table, %zu partitions, %llu bytes", n,
	         (unsigned long long)end);
	return true;
}

static int mbr_extract(gb_extract_ctx *x)
{
	part parts[MAX_PARTS];
	bool truncated = false;
	size_t n = read_parts(&x->in, parts, &truncated);
	if (n == 0) {
		gb_extract_error(x, "partition table at 0x1be is not valid");
		return -1;
	}
	if (truncated)
		gb_extract_error(x, "the chain of extended boot records is cut short");
	for (size_t i = 0; i < n && !gb_extract_should_stop(x); i++) {
		if (is_extended(parts[i].type))
			continue; /* its logical partitions come out on their own */
		char name[32];
		snprintf(name, sizeof(name), "p%u-%s", parts[i].number, type_name(parts[i].type));
		gb_entry_meta meta = {.mode = 0644};
		gb_emit_range(x, name, &meta, parts[i].start * SECTOR, parts[i].count * SECTOR);
	}
	return 0;
}

const gb_format gb_format_mbr = {
    .name = "mbr",
    .description = "DOS/MBR partition table (primary and logical partitions), parsed by glassbox",
    .magics = {{"\x55\xaa", 2, 510}},
    .flags = 0, /* a disk image starts with it; searching 0x55aa everywhere would only find boot sectors */
    .probe = mbr_probe,
    .extract = mbr_extract,
};
