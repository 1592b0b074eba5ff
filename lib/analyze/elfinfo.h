/*
 * What the binaries analyzer needs to know about one ELF file: the hardening
 * verdicts exactly as checksec 2.6.0 gives them for a file (it greps the
 * output of readelf; elfinfo.c reproduces each of those greps on the parsed
 * structures), the imported functions and whether a shell path is in it.
 *
 * Every architecture, both byte orders, ELF32 and ELF64. The file is hostile:
 * every offset, size and count is checked against the buffer before use.
 */
#ifndef GB_ANALYZE_ELFINFO_H
#define GB_ANALYZE_ELFINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { GB_RELRO_NONE, GB_RELRO_PARTIAL, GB_RELRO_FULL } gb_relro;
typedef enum { GB_PIE_NO, GB_PIE_YES, GB_PIE_DSO, GB_PIE_REL, GB_PIE_NOT_ELF } gb_pie;

typedef struct gb_elfinfo {
	bool is64, be;
	uint16_t type, machine;
	gb_relro relro;
	bool canary, nx;
	gb_pie pie;
	bool rpath, runpath, symbols, fortify;
	unsigned fortified, fortifiable;
	bool dynamic;          /* has a PT_INTERP or PT_DYNAMIC: linked against shared libraries */
	bool has_sections;     /* section header table present and usable */
	const char *rpath_str; /* points into the file, may be NULL; not NUL-terminated past rpath_len */
	size_t rpath_len;
	const char *runpath_str;
	size_t runpath_len;
	/* Names of undefined dynamic symbols (imports), pointing into the file. */
	const char **imports;
	size_t nimports;
} gb_elfinfo;

/* Parses DATA. Returns 0, or -1 when it is no ELF file or its header is
 * unusable (INFO then says pie = not_elf, as checksec would). */
int gb_elfinfo_parse(const uint8_t *data, size_t len, gb_elfinfo *info);
void gb_elfinfo_free(gb_elfinfo *info);

const char *gb_relro_name(gb_relro r); /* "full" "partial" "no" as checksec's JSON */
const char *gb_pie_name(gb_pie p);     /* "yes" "no" "dso" "rel" "not_elf" */
bool gb_elfinfo_imports(const gb_elfinfo *info, const char *name);

#endif
