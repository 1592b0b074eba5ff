/* The ELF reader of lib/verify/elf_internal.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "verify/elf_internal.h"

#define r16       gb_elf_r16
#define r32       gb_elf_r32
#define r64       gb_elf_r64
#define rword     gb_elf_rword
#define in_bounds gb_elf_in_bounds

uint16_t gb_elf_r16(const elf_file *e, uint64_t off)
{
	return e->be ? gb_be16(e->p + off) : gb_le16(e->p + off);
}
uint32_t gb_elf_r32(const elf_file *e, uint64_t off)
{
	return e->be ? gb_be32(e->p + off) : gb_le32(e->p + off);
}
uint64_t gb_elf_r64(const elf_file *e, uint64_t off)
{
	return e->be ? gb_be64(e->p + off) : gb_le64(e->p + off);
}
uint64_t gb_elf_rword(const elf_file *e, uint64_t off)
{
	return e->is64 ? r64(e, off) : r32(e, off);
}

/* [off, off+n) lies inside a buffer of LEN bytes, without overflow. */
bool gb_elf_in_bounds(uint64_t off, uint64_t n, uint64_t len)
{
	return off <= len && n <= len - off;
}

void gb_elf_file_free(elf_file *e)
{
	free(e->ph);
	free(e->sh);
}

int gb_elf_parse(elf_file *e, const uint8_t *p, size_t len, char *err, size_t errsz, const char *side)
{
	memset(e, 0, sizeof(*e));
	e->p = p;
	e->len = len;
	if (len < 52 || memcmp(p,
	                       "\x7f"
	                       "ELF",
	                       4) != 0) {
		snprintf(err, errsz, "%s: not an ELF file", side);
		return -1;
	}
	if ((p[4] != 1 && p[4] != 2) || (p[5] != 1 && p[5] != 2) || p[6] != 1) {
		snprintf(err, errsz, "%s: bad ELF class, byte order or version", side);
		return -1;
	}
	e->is64 = p[4] == 2;
	e->be = p[5] == 2;
	if (e->is64 && len < 64) {
		snprintf(err, errsz, "%s: truncated ELF header", side);
		return -1;
	}
	unsigned w = e->is64 ? 8 : 4;
	e->type = r16(e, 16);
	e->machine = r16(e, 18);
	e->version = r32(e, 20);
	e->entry = rword(e, 24);
	e->phoff = rword(e, 24 + w);
	uint64_t shoff = rword(e, 24 + 2 * w);
	uint64_t q = 24 + 3 * (uint64_t)w;
	e->eflags = r32(e, q);
	e->ehsize = r16(e, q + 4);
	e->phentsize = r16(e, q + 6);
	size_t phnum = r16(e, q + 8);
	unsigned shentsize = r16(e, q + 10);
	uint64_t shnum = r16(e, q + 12);
	uint32_t shstrndx = r16(e, q + 14);

	if (phnum) {
		unsigned need = e->is64 ? 56 : 32;
		if (e->phentsize < need || phnum > MAX_PHDRS ||
		    !in_bounds(e->phoff, (uint64_t)phnum * e->phentsize, len)) {
			snprintf(err, errsz, "%s: program header table outside the file", side);
			return -1;
		}
		e->ph = gb_xcalloc(phnum, sizeof(*e->ph));
		e->phnum = phnum;
		for (size_t i = 0; i < phnum; i++) {
			uint64_t o = e->phoff + i * (uint64_t)e->phentsize;
			elf_phdr *ph = &e->ph[i];
			ph->type = r32(e, o);
			if (e->is64) {
				ph->flags = r32(e, o + 4);
				ph->offset = r64(e, o + 8);
				ph->filesz = r64(e, o + 32);
				ph->align = r64(e, o + 48);
			} else {
				ph->offset = r32(e, o + 4);
				ph->filesz = r32(e, o + 16);
				ph->flags = r32(e, o + 24);
				ph->align = r32(e, o + 28);
			}
			if ((ph->type == PT_LOAD || ph->type == PT_NOTE) &&
			    !in_bounds(ph->offset, ph->filesz, len)) {
				snprintf(err, errsz, "%s: segment %zu outside the file", side, i);
				return -1;
			}
		}
	}

	if (shoff == 0)
		return 0;
	unsigned need = e->is64 ? 64 : 40;
	if (shentsize < need || !in_bounds(shoff, shentsize, len)) {
		snprintf(err, errsz, "%s: section header table outside the file", side);
		return -1;
	}
	/* More than 0xff00 sections: the real count and string-table index are
	 * kept in section 0 (gABI, "Extended Section Numbering"). */
	if (shnum == 0)
		shnum = e->is64 ? r64(e, shoff + 32) : r32(e, shoff + 20);
	if (shstrndx == 0xffff)
		shstrndx = r32(e, shoff + (e->is64 ? 40 : 24));
	if (shnum > MAX_SECTIONS || !in_bounds(shoff, shnum * shentsize, len)) {
		snprintf(err, errsz, "%s: section header table outside the file", side);
		return -1;
	}
	e->sh = gb_xcalloc(shnum ? shnum : 1, sizeof(*e->sh));
	e->shnum = shnum;
	uint64_t *name_off = gb_xcalloc(shnum ? shnum : 1, sizeof(*name_off));
	for (size_t i = 0; i < shnum; i++) {
		uint64_t o = shoff + i * (uint64_t)shentsize;
		elf_section *s = &e->sh[i];
		name_off[i] = r32(e, o);
		s->type = r32(e, o + 4);
		s->flags = rword(e, o + 8);
		s->offset = e->is64 ? r64(e, o + 24) : r32(e, o + 16);
		s->size = e->is64 ? r64(e, o + 32) : r32(e, o + 20);
		s->link = r32(e, o + (e->is64 ? 40 : 24));
		s->entsize = e->is64 ? r64(e, o + 56) : r32(e, o + 36);
		if (s->type != SHT_NOBITS && s->type != SHT_NULL && !in_bounds(s->offset, s->size, len)) {
			snprintf(err, errsz, "%s: section %zu outside the file", side, i);
			free(name_off);
			return -1;
		}
	}
	/* The name table is only read when it lies in the file (sections of type
	 * NULL and NOBITS were not checked above, having no bytes). */
	const elf_section *strtab = NULL;
	if (shstrndx < shnum && e->sh[shstrndx].type != SHT_NOBITS && e->sh[shstrndx].type != SHT_NULL &&
	    in_bounds(e->sh[shstrndx].offset, e->sh[shstrndx].size, len))
		strtab = &e->sh[shstrndx];
	for (size_t i = 0; i < shnum; i++) {
		elf_section *s = &e->sh[i];
		if (strtab && name_off[i] < strtab->size) {
			const char *nm = (const char *)p + strtab->offset + name_off[i];
			size_t max = strtab->size - name_off[i];
			size_t n = strnlen(nm, max);
			if (n >= sizeof(s->name))
				n = sizeof(s->name) - 1;
			memcpy(s->name, nm, n);
			s->name[n] = '\0';
		}
		/* Nameless or unnamed: name it by index so it still pairs and reports. */
		if (!s->name[0])
			snprintf(s->name, sizeof(s->name), "[%zu]", i);
	}
	free(name_off);
	return 0;
}
