/*
 * The ELF reader shared by the comparison of `glassbox verify` and the
 * symbol tables of `glassbox diff`: header, program headers and section
 * headers of a file held in memory, 32/64-bit, either byte order, every
 * table checked to lie in the file before it is read.
 */
#ifndef GB_VERIFY_ELF_INTERNAL_H
#define GB_VERIFY_ELF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	PT_LOAD = 1,
	PT_NOTE = 4,
	SHT_NULL = 0,
	SHT_NOBITS = 8,
	SHT_DYNAMIC = 6,
	SHT_NOTE = 7,
	SHT_DYNSYM = 11,
	SHF_ALLOC = 2,
	SHF_EXECINSTR = 4,
	PF_X = 1,
	NT_GNU_BUILD_ID = 3,
	MAX_PHDRS = 4096,
	MAX_SECTIONS = 1 << 16,
	MAX_IGNORE = 64,
};

typedef struct elf_section {
	char name[64];
	uint32_t type;
	uint64_t flags, offset, size, entsize;
	uint32_t link;
	bool matched;
} elf_section;

typedef struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, filesz, align;
} elf_phdr;

typedef struct elf_file {
	const uint8_t *p;
	size_t len;
	bool is64, be;
	unsigned type, machine, ehsize, phentsize;
	uint32_t version, eflags;
	uint64_t entry, phoff;
	elf_phdr *ph;
	size_t phnum;
	elf_section *sh;
	size_t shnum;
} elf_file;

uint16_t gb_elf_r16(const elf_file *e, uint64_t off);
uint32_t gb_elf_r32(const elf_file *e, uint64_t off);
uint64_t gb_elf_r64(const elf_file *e, uint64_t off);
uint64_t gb_elf_rword(const elf_file *e, uint64_t off);
/* [off, off+n) lies inside a buffer of LEN bytes, without overflow. */
bool gb_elf_in_bounds(uint64_t off, uint64_t n, uint64_t len);
/* Parses P; -1 with ERR ("SIDE: what is wrong") if it is no ELF file that can
 * be read. Free with gb_elf_file_free in both cases. */
int gb_elf_parse(elf_file *e, const uint8_t *p, size_t len, char *err, size_t errsz, const char *side);
void gb_elf_file_free(elf_file *e);

#endif
