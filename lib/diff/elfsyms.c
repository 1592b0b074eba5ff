/*
 * Dynamic imports, exports and needed libraries of an ELF file, for
 * `glassbox diff`: read from the dynamic symbol table (.dynsym, the one the
 * loader uses and strip keeps) and the DT_NEEDED entries of the dynamic
 * section, with the names from the string tables they link to. Every
 * offset is checked against the file (elf_internal.h).
 */
#include <stdlib.h>
#include <string.h>

#include "glassbox/diff.h"
#include "util/util.h"
#include "verify/elf_internal.h"

enum { STB_GLOBAL = 1, STB_WEAK = 2, DT_NEEDED = 1, MAX_SYMBOLS = 1 << 20 };

typedef struct strlist {
	char **v;
	size_t n, cap;
} strlist;

static void push(strlist *l, const char *s, size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = gb_xrealloc(l->v, l->cap * sizeof(char *));
	}
	l->v[l->n++] = gb_xstrndup(s, n);
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(strlist *l)
{
	if (!l->n)
		return;
	qsort(l->v, l->n, sizeof(char *), by_str);
	size_t k = 1;
	for (size_t i = 1; i < l->n; i++) {
		if (strcmp(l->v[i], l->v[k - 1]))
			l->v[k++] = l->v[i];
		else
			free(l->v[i]);
	}
	l->n = k;
}

/* The NUL-terminated name at OFF in string table section STR, or NULL. */
static const char *name_at(const elf_file *e, const elf_section *str, uint64_t off, size_t *len)
{
	if (off >= str->size)
		return NULL;
	const char *s = (const char *)e->p + str->offset + off;
	*len = strnlen(s, str->size - off);
	return *len < str->size - off ? s : NULL; /* unterminated: refused */
}

static const elf_section *linked_strtab(const elf_file *e, const elf_section *s)
{
	if (s->link >= e->shnum)
		return NULL;
	const elf_section *t = &e->sh[s->link];
	return t->type != SHT_NOBITS && t->type != SHT_NULL && gb_elf_in_bounds(t->offset, t->size, e->len)
	           ? t
	           : NULL;
}

int gb_elf_symbols_read(const uint8_t *p, size_t len, gb_elf_symbols *out)
{
	memset(out, 0, sizeof(*out));
	elf_file e;
	char err[128];
	if (gb_elf_parse(&e, p, len, err, sizeof(err), "file") < 0) {
		gb_elf_file_free(&e);
		return -1;
	}
	strlist imp = {0}, exp = {0}, need = {0};
	unsigned entsize = e.is64 ? 24 : 16;
	for (size_t i = 0; i < e.shnum; i++) {
		const elf_section *s = &e.sh[i];
		const elf_section *str = linked_strtab(&e, s);
		if (!str)
			continue;
		if (s->type == SHT_DYNSYM) {
			uint64_t n = s->size / entsize;
			for (uint64_t k = 1; k < n && k < MAX_SYMBOLS;
			     k++) { /* symbol 0 is the null symbol */
				uint64_t o = s->offset + k * entsize;
				uint32_t nameoff = gb_elf_r32(&e, o);
				uint8_t info = e.is64 ? p[o + 4] : p[o + 12];
				uint16_t shndx = gb_elf_r16(&e, o + (e.is64 ? 6 : 14));
				unsigned bind = info >> 4;
				size_t nl;
				const char *nm = name_at(&e, str, nameoff, &nl);
				if (!nm || !nl || (bind != STB_GLOBAL && bind != STB_WEAK))
					continue;
				push(shndx == 0 ? &imp : &exp, nm, nl);
			}
		} else if (s->type == SHT_DYNAMIC) {
			unsigned w = e.is64 ? 8 : 4;
			for (uint64_t o = s->offset; o + 2 * w <= s->offset + s->size; o += 2 * w) {
				uint64_t tag = gb_elf_rword(&e, o), val = gb_elf_rword(&e, o + w);
				if (tag == 0)
					break;
				size_t nl;
				const char *nm = tag == DT_NEEDED ? name_at(&e, str, val, &nl) : NULL;
				if (nm && nl)
					push(&need, nm, nl);
			}
		}
	}
	sort_unique(&imp);
	sort_unique(&exp);
	sort_unique(&need);
	out->imports = imp.v;
	out->nimports = imp.n;
	out->exports = exp.v;
	out->nexports = exp.n;
	out->needed = need.v;
	out->nneeded = need.n;
	gb_elf_file_free(&e);
	return 0;
}

void gb_elf_symbols_free(gb_elf_symbols *s)
{
	for (size_t i = 0; i < s->nimports; i++)
		free(s->imports[i]);
	for (size_t i = 0; i < s->nexports; i++)
		free(s->exports[i]);
	for (size_t i = 0; i < s->nneeded; i++)
		free(s->needed[i]);
	free(s->imports);
	free(s->exports);
	free(s->needed);
	memset(s, 0, sizeof(*s));
}
