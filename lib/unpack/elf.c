/*
 * ELF executables, libraries and objects: identified, never extracted.
 * Hand-parsed after the System V gABI (ELF header, program and section
 * header tables): the header must be consistent (class, byte order,
 * version, type, header sizes) and both tables must lie inside the file.
 * The size reported is where the last table, segment or section ends. A
 * kernel (vmlinux) is told by its version banner.
 */
#include <stdio.h>
#include <string.h>

#include "unpack/emit.h"
#include "unpack/linux_banner.h"
#include "util/util.h"

typedef struct elf_reader {
	bool is64, be;
} elf_reader;

static uint16_t r16(const elf_reader *e, const uint8_t *p)
{
	return e->be ? gb_be16(p) : gb_le16(p);
}
static uint32_t r32(const elf_reader *e, const uint8_t *p)
{
	return e->be ? gb_be32(p) : gb_le32(p);
}
static uint64_t r64(const elf_reader *e, const uint8_t *p)
{
	return e->be ? gb_be64(p) : gb_le64(p);
}
static uint64_t rw(const elf_reader *e, const uint8_t *p)
{
	return e->is64 ? r64(e, p) : r32(e, p);
}

static const char *machine_name(unsigned m)
{
	switch (m) {
	case 2: return "sparc";
	case 3: return "x86";
	case 8: return "mips";
	case 20: return "powerpc";
	case 21: return "powerpc64";
	case 22: return "s390";
	case 40: return "arm";
	case 42: return "superh";
	case 43: return "sparc64";
	case 50: return "ia64";
	case 62: return "x86-64";
	case 83: return "avr";
	case 94: return "xtensa";
	case 164: return "hexagon";
	case 183: return "aarch64";
	case 189: return "microblaze";
	case 243: return "riscv";
	case 258: return "loongarch";
	default: return NULL;
	}
}

enum { MAX_PH = 4096, MAX_SH = 65535, SHT_NOBITS = 8 };

/* Entry I of the table at OFF (entries of ENTSIZE bytes, which lie in the
 * input: checked by the caller), read through BUF a chunk of entries at a
 * time; when I is the first entry of a chunk, the chunk is read. NULL on a
 * read error. */
static const uint8_t *table_entry(const gb_input *in, uint64_t off, unsigned entsize, unsigned i,
                                  uint8_t *buf, size_t bufsize)
{
	unsigned per = (unsigned)(bufsize / entsize);
	unsigned at = i % per;
	if (at == 0) {
		uint64_t start = off + (uint64_t)i * entsize;
		uint64_t want = (uint64_t)per * entsize;
		if (want > in->size - start)
			want = in->size - start;
		if (want < entsize || gb_input_read_exact(in, start, buf, (size_t)want) < 0)
			return NULL;
	}
	return buf + (size_t)at * entsize;
}

static bool elf_probe(const gb_input *in, gb_probe_result *res)
{
	uint8_t h[64];
	if (gb_input_read_exact(in, 0, h, 52) < 0 || memcmp(h,
	                                                    "\x7f"
	                                                    "ELF",
	                                                    4) != 0)
		return false;
	if ((h[4] != 1 && h[4] != 2) || (h[5] != 1 && h[5] != 2) || h[6] != 1)
		return false;
	elf_reader e = {.is64 = h[4] == 2, .be = h[5] == 2};
	if (e.is64 && gb_input_read_exact(in, 0, h, 64) < 0)
		return false;
	unsigned type = r16(&e, h + 16), machine = r16(&e, h + 18);
	if (type < 1 || type > 4 || machine == 0 || r32(&e, h + 20) != 1)
		return false;
	const uint8_t *q = h + 24 + (e.is64 ? 8 : 4); /* past e_entry */
	uint64_t phoff = rw(&e, q), shoff = rw(&e, q + (e.is64 ? 8 : 4));
	q += e.is64 ? 20 : 12; /* past e_flags */
	unsigned ehsize = r16(&e, q), phentsize = r16(&e, q + 2), phnum = r16(&e, q + 4);
	unsigned shentsize = r16(&e, q + 6), shnum = r16(&e, q + 8);
	if (ehsize != (e.is64 ? 64u : 52u))
		return false;
	if (phnum && (phentsize != (e.is64 ? 56u : 32u) || phnum > MAX_PH || phoff < ehsize ||
	              phoff + (uint64_t)phnum * phentsize > in->size))
		return false;
	if (shnum && (shentsize != (e.is64 ? 64u : 40u) || shoff < ehsize ||
	              shoff + (uint64_t)shnum * shentsize > in->size))
		return false;
	if (!phnum && !shnum)
		return false;
	uint64_t end = ehsize;
	if (phnum)
		end = phoff + (uint64_t)phnum * phentsize;
	if (shnum && shoff + (uint64_t)shnum * shentsize > end)
		end = shoff + (uint64_t)shnum * shentsize;
	/* Segments and sections must lie in the file too; they set the end when
	 * the tables are not last. */
	/* The tables are read a few KiB at a time, not an entry at a time:
	 * identification runs on every extracted file. */
	uint8_t tab[64 * 64];
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ent = table_entry(in, phoff, phentsize, i, tab, sizeof(tab));
		if (!ent)
			return false;
		uint64_t off = e.is64 ? r64(&e, ent + 8) : r32(&e, ent + 4);
		uint64_t filesz = e.is64 ? r64(&e, ent + 32) : r32(&e, ent + 16);
		if (off > in->size || filesz > in->size - off)
			return false;
		if (off + filesz > end)
			end = off + filesz;
	}
	for (unsigned i = 0; i < shnum && i < MAX_SH; i++) {
		const uint8_t *ent = table_entry(in, shoff, shentsize, i, tab, sizeof(tab));
		if (!ent)
			return false;
		uint32_t sht = r32(&e, ent + 4);
		uint64_t off = e.is64 ? r64(&e, ent + 24) : r32(&e, ent + 16);
		uint64_t size = e.is64 ? r64(&e, ent + 32) : r32(&e, ent + 20);
		if (sht == SHT_NOBITS || sht == 0)
			continue;
		if (off > in->size || size > in->size - off)
			return false;
		if (off + size > end)
			end = off + size;
	}
	static const char *const types[] = {"", "relocatable", "executable", "shared object", "core file"};
	const char *mn = machine_name(machine);
	char mbuf[24];
	if (!mn) {
		snprintf(mbuf, sizeof(mbuf), "machine %u", machine);
		mn = mbuf;
	}
	int n = snprintf(res->detail, sizeof(res->detail), "ELF %s-bit %s %s %s", e.is64 ? "64" : "32",
	                 e.be ? "MSB" : "LSB", mn, types[type]);
	/* A vmlinux: executables large enough to be a kernel carry the banner. */
	if (type == 2 && end > (1u << 20) && end < (1ull << 30)) {
		gb_map map;
		if (gb_input_map(in, 0, (size_t)end, &map) == 0) {
			char banner[GB_BANNER_MAX], release[128];
			if (gb_linux_banner_find(map.data, map.len, banner, sizeof(banner)) &&
			    gb_linux_banner_release(banner, release, sizeof(release)) && n > 0 &&
			    (size_t)n < sizeof(res->detail))
				snprintf(res->detail + n, sizeof(res->detail) - (size_t)n,
				         ", Linux kernel %s", release);
			gb_map_release(&map);
		}
	}
	res->size = end;
	res->confidence = 90;
	return true;
}

/* Never called for a leaf format; there so that a forced run has something safe. */
static int elf_extract(gb_extract_ctx *x)
{
	(void)x;
	return 0;
}

const gb_format gb_format_elf = {
    .name = "elf",
    .description = "ELF executable, shared object or kernel (identified, not extracted)",
    .magics = {{"\x7f"
                "ELF",
                4, 0}},
    .flags = GB_FMT_LEAF,
    .probe = elf_probe,
    .extract = elf_extract,
};
