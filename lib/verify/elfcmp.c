/*
 * ELF comparison for `glassbox verify`: are two ELF files the same program
 * once what differs between two builds of the same source is discounted?
 *
 * A linked file (with PT_LOAD segments) is compared the way it runs: the ELF
 * header fields that matter for loading, the program header table byte for
 * byte, then every byte the loader maps, attributed to the section it lies
 * in. Section headers are only used for naming, so a shipped file cannot hide
 * a change by lying in them. Within the mapped bytes only the GNU build-id
 * note and strings that differ by timestamp or build-directory prefix are
 * discounted. Sections not mapped (debug information, symbol tables,
 * .comment, .gnu_debuglink) are compared by name: debug, symbols and links to
 * debug files may differ or be absent (a stripped file against an unstripped
 * reference); anything else must match.
 *
 * A relocatable object (no PT_LOAD), or a file whose program headers differ,
 * is compared section by section by name instead.
 *
 * The input is untrusted: every offset and size is checked against the file
 * with overflow-safe arithmetic before it is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/verify.h"
#include "util/util.h"
#include "verify/elf_internal.h"

/* Sections that two builds of one source may have differently, or only one
 * of them: debug information (a stripped file against an unstripped one),
 * the links to separate debug files, the build-id and, in linked files, the
 * symbol tables strip removes. The section-name string table changes with
 * them. */
static bool discountable(const char *name, bool linked)
{
	const char *n = name;
	if (!strncmp(n, ".rela.", 6))
		n += 5;
	else if (!strncmp(n, ".rel.", 5))
		n += 4;
	if (!strncmp(n, ".debug", 6) || !strncmp(n, ".zdebug", 7) || !strcmp(n, ".gnu_debuglink") ||
	    !strcmp(n, ".gnu_debugaltlink") || !strcmp(n, ".gnu_debugdata") ||
	    !strcmp(n, ".note.gnu.build-id") || !strncmp(n, ".gnu.build.attributes", 21) ||
	    !strcmp(n, ".shstrtab"))
		return true;
	return linked && (!strcmp(n, ".symtab") || !strcmp(n, ".strtab") || !strcmp(n, ".symtab_shndx"));
}

/* A name alone is not enough: a section the loader or linker would map
 * (SHF_ALLOC) is never discounted, whatever it is called, except the
 * build-id note itself. Otherwise code could hide in ".debug_x". */
static bool may_discount(const elf_section *s, bool linked)
{
	if (!discountable(s->name, linked))
		return false;
	if (!(s->flags & SHF_ALLOC))
		return true;
	return !strcmp(s->name, ".note.gnu.build-id") && s->type == SHT_NOTE && !(s->flags & SHF_EXECINSTR);
}

static gb_section_diff *entry(gb_elf_diff *d, const char *name, bool executable)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->sections[i].name, name))
			return &d->sections[i];
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->sections = gb_xrealloc(d->sections, d->cap * sizeof(*d->sections));
	}
	gb_section_diff *s = &d->sections[d->count++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->outcome = GB_SECTION_NORMALISED;
	s->first_offset = UINT64_MAX;
	s->executable = executable;
	return s;
}

typedef struct range {
	uint64_t start, end;
	const char *name; /* NULL: skipped silently (compared elsewhere) */
} range;

typedef struct cmp_ctx {
	const elf_file *a, *b;
	gb_elf_diff *d;
	range ignore[MAX_IGNORE];
	size_t nignore;
	bool by_segments;
	/* fixed attribution (section pass) */
	const char *fixed_name;
	uint64_t fixed_base;
	bool fixed_exec;
} cmp_ctx;

static bool printable(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/* The section of A holding file offset POS (mapped, with bytes), or NULL. */
static const elf_section *section_at(const elf_file *a, uint64_t pos)
{
	const elf_section *best = NULL;
	for (size_t i = 0; i < a->shnum; i++) {
		const elf_section *s = &a->sh[i];
		if (s->type == SHT_NOBITS || s->type == SHT_NULL || !(s->flags & SHF_ALLOC))
			continue;
		if (pos >= s->offset && pos - s->offset < s->size && (!best || s->size < best->size))
			best = s;
	}
	return best;
}

static void account(cmp_ctx *c, uint64_t pos, uint64_t n, bool normalised)
{
	const char *name = c->fixed_name;
	bool exec = c->fixed_exec;
	uint64_t base = c->fixed_base;
	char segname[32];
	if (!name) {
		const elf_section *s = section_at(c->a, pos);
		if (s) {
			name = s->name;
			exec = s->flags & SHF_EXECINSTR;
			base = s->offset;
		} else {
			/* Mapped bytes no section claims: name the segment. */
			size_t seg = 0;
			for (size_t i = 0; i < c->a->phnum; i++)
				if (c->a->ph[i].type == PT_LOAD && pos >= c->a->ph[i].offset &&
				    pos - c->a->ph[i].offset < c->a->ph[i].filesz) {
					seg = i;
					break;
				}
			snprintf(segname, sizeof(segname), "(segment %zu)", seg);
			name = segname;
			exec = c->a->ph[seg].flags & PF_X;
			base = c->a->ph[seg].offset;
		}
	}
	gb_section_diff *e = entry(c->d, name, exec);
	if (normalised)
		e->bytes_normalised += n;
	else
		e->bytes_different += n;
	if (pos - base < e->first_offset)
		e->first_offset = pos - base;
}

/* Bytes [aoff, aoff+n) of A against [boff, boff+n) of B. A differing byte
 * inside a printable string is retried as a whole string with the
 * normalisation; the string ends at a NUL on each side, and what follows the
 * shorter one up to the longer one's end must be NUL padding. */
static void walk(cmp_ctx *c, uint64_t aoff, uint64_t boff, uint64_t n)
{
	const uint8_t *pa = c->a->p + aoff, *pb = c->b->p + boff;
	uint64_t i = 0, no_string_before = 0;
	while (i < n) {
		if (pa[i] == pb[i]) {
			i++;
			continue;
		}
		bool ignored = false;
		for (size_t k = 0; k < c->nignore; k++) {
			const range *r = &c->ignore[k];
			if (aoff + i >= r->start && aoff + i < r->end) {
				uint64_t end = r->end - aoff < n ? r->end - aoff : n;
				if (r->name) {
					gb_section_diff *e = entry(c->d, r->name, false);
					e->bytes_normalised += end - i;
					e->outcome = GB_SECTION_DISCOUNTED;
					if (e->first_offset == UINT64_MAX)
						e->first_offset = 0;
				}
				i = end;
				ignored = true;
				break;
			}
		}
		if (ignored)
			continue;
		if (i >= no_string_before && (printable(pa[i]) || pa[i] == 0) &&
		    (printable(pb[i]) || pb[i] == 0)) {
			uint64_t s = i;
			while (s > 0 && printable(pa[s - 1]))
				s--; /* bytes before i are equal on both sides */
			uint64_t ea = i, eb = i;
			while (ea < n && printable(pa[ea]))
				ea++;
			while (eb < n && printable(pb[eb]))
				eb++;
			uint64_t end = ea > eb ? ea : eb;
			bool pad = end < n;
			for (uint64_t k = ea; pad && k <= end; k++)
				pad = pa[k] == 0;
			for (uint64_t k = eb; pad && k <= end; k++)
				pad = pb[k] == 0;
			unsigned flags = 0;
			if (pad && ea > s && eb > s &&
			    gb_norm_strings_equiv((const char *)pa + s, ea - s, (const char *)pb + s, eb - s,
			                          &c->d->map, &flags)) {
				c->d->norm_flags |= flags;
				uint64_t diffs = 0;
				for (uint64_t k = i; k <= end; k++)
					diffs += pa[k] != pb[k];
				account(c, aoff + i, diffs, true);
				i = end + 1;
				continue;
			}
			no_string_before = end + 1;
		}
		account(c, aoff + i, 1, false);
		i++;
	}
}

static void add_build_id_ranges(cmp_ctx *c)
{
	const elf_file *a = c->a;
	for (size_t i = 0; i < a->phnum && c->nignore < MAX_IGNORE; i++) {
		const elf_phdr *ph = &a->ph[i];
		if (ph->type != PT_NOTE)
			continue;
		uint64_t align = ph->align == 8 ? 8 : 4, off = 0;
		while (off + 12 <= ph->filesz && c->nignore < MAX_IGNORE) {
			uint64_t base = ph->offset + off;
			uint64_t namesz = gb_elf_r32(a, base), descsz = gb_elf_r32(a, base + 4);
			uint32_t type = gb_elf_r32(a, base + 8);
			uint64_t name_len = (namesz + align - 1) / align * align;
			uint64_t desc_len = (descsz + align - 1) / align * align;
			if (name_len > ph->filesz || desc_len > ph->filesz ||
			    off + 12 + name_len + desc_len > ph->filesz)
				break;
			if (type == NT_GNU_BUILD_ID && namesz == 4 && !memcmp(a->p + base + 12, "GNU", 4))
				c->ignore[c->nignore++] =
				    (range){base + 12 + name_len, base + 12 + name_len + descsz,
				            ".note.gnu.build-id"};
			off += 12 + name_len + desc_len;
		}
	}
}

static void header_diff(cmp_ctx *c)
{
	const elf_file *a = c->a, *b = c->b;
	if (memcmp(a->p, b->p, 16) || a->type != b->type || a->machine != b->machine ||
	    a->version != b->version || a->entry != b->entry || a->phoff != b->phoff ||
	    a->eflags != b->eflags || a->ehsize != b->ehsize || a->phentsize != b->phentsize ||
	    a->phnum != b->phnum) {
		gb_section_diff *e = entry(c->d, "(ELF header)", false);
		e->bytes_different++;
		e->first_offset = 0;
		e->ref_size = e->shipped_size = a->ehsize;
	}
}

static bool same_phdrs(const elf_file *a, const elf_file *b)
{
	if (a->phnum != b->phnum || a->phentsize != b->phentsize)
		return false;
	uint64_t n = (uint64_t)a->phnum * a->phentsize;
	return !memcmp(a->p + a->phoff, b->p + b->phoff, n);
}

/* The section with NAME, the ORDINAL-th of that name, in E; not yet matched. */
static elf_section *find_section(elf_file *e, const char *name, size_t ordinal)
{
	for (size_t i = 0; i < e->shnum; i++)
		if (!strcmp(e->sh[i].name, name) && ordinal-- == 0)
			return &e->sh[i];
	return NULL;
}

static void compare_section(cmp_ctx *c, const elf_section *sa, const elf_section *sb, bool linked)
{
	bool exec = sa->flags & SHF_EXECINSTR;
	bool disc = may_discount(sa, linked) && may_discount(sb, linked);
	if (sa->type == SHT_NOBITS || sb->type == SHT_NOBITS) {
		if (sa->type != sb->type || sa->size != sb->size) {
			gb_section_diff *e = entry(c->d, sa->name, exec);
			e->bytes_different += sa->size > sb->size ? sa->size - sb->size : sb->size - sa->size;
			e->ref_size = sa->size;
			e->shipped_size = sb->size;
			if (disc)
				e->outcome = GB_SECTION_DISCOUNTED;
		}
		return;
	}
	const uint8_t *pa = c->a->p + sa->offset, *pb = c->b->p + sb->offset;
	if (sa->size == sb->size && !memcmp(pa, pb, sa->size))
		return;
	gb_section_diff *e = entry(c->d, sa->name, exec);
	e->ref_size = sa->size;
	e->shipped_size = sb->size;
	if (disc) {
		e->outcome = GB_SECTION_DISCOUNTED;
		uint64_t n = sa->size < sb->size ? sa->size : sb->size;
		e->bytes_normalised = (sa->size > sb->size ? sa->size - sb->size : sb->size - sa->size);
		for (uint64_t k = 0; k < n; k++)
			if (pa[k] != pb[k]) {
				e->bytes_normalised++;
				if (e->first_offset == UINT64_MAX)
					e->first_offset = k;
			}
		return;
	}
	if (sa->size == sb->size) {
		c->fixed_name = sa->name;
		c->fixed_base = sa->offset;
		c->fixed_exec = exec;
		walk(c, sa->offset, sb->offset, sa->size);
		c->fixed_name = NULL;
		return;
	}
	/* Sizes differ: equivalent only if the whole section is strings that are
	 * (.comment, string tables whose build paths differ in length). */
	unsigned flags = 0;
	if (gb_norm_strings_equiv((const char *)pa, sa->size, (const char *)pb, sb->size, &c->d->map,
	                          &flags)) {
		c->d->norm_flags |= flags;
		e->bytes_normalised = sa->size > sb->size ? sa->size - sb->size : sb->size - sa->size;
		e->first_offset = 0;
		return;
	}
	uint64_t n = sa->size < sb->size ? sa->size : sb->size;
	e->bytes_different = sa->size > sb->size ? sa->size - sb->size : sb->size - sa->size;
	for (uint64_t k = 0; k < n; k++)
		if (pa[k] != pb[k]) {
			e->bytes_different++;
			if (e->first_offset == UINT64_MAX)
				e->first_offset = k;
		}
	if (e->first_offset == UINT64_MAX)
		e->first_offset = n;
}

/* Pairs sections by name (and position among those of the same name). In a
 * linked file compared by segments, mapped sections were covered already. */
static void compare_sections(cmp_ctx *c, elf_file *a, elf_file *b, bool linked)
{
	for (size_t i = 0; i < a->shnum; i++) {
		elf_section *sa = &a->sh[i];
		if (sa->type == SHT_NULL || (c->by_segments && (sa->flags & SHF_ALLOC)))
			continue;
		size_t ordinal = 0;
		for (size_t k = 0; k < i; k++)
			ordinal += !strcmp(a->sh[k].name, sa->name);
		elf_section *sb = find_section(b, sa->name, ordinal);
		if (!sb || sb->type == SHT_NULL || (c->by_segments && (sb->flags & SHF_ALLOC))) {
			if ((!strcmp(sa->name, ".comment") && !(sa->flags & SHF_ALLOC)) ||
			    may_discount(sa, linked)) {
				gb_section_diff *e = entry(c->d, sa->name, false);
				e->outcome = GB_SECTION_DISCOUNTED;
				e->ref_size = sa->size;
			} else {
				gb_section_diff *e = entry(c->d, sa->name, sa->flags & SHF_EXECINSTR);
				e->outcome = GB_SECTION_ONLY_REFERENCE;
				e->ref_size = sa->size;
			}
			continue;
		}
		sb->matched = true;
		compare_section(c, sa, sb, linked);
	}
	for (size_t i = 0; i < b->shnum; i++) {
		elf_section *sb = &b->sh[i];
		if (sb->matched || sb->type == SHT_NULL || (c->by_segments && (sb->flags & SHF_ALLOC)))
			continue;
		gb_section_diff *e = entry(c->d, sb->name, sb->flags & SHF_EXECINSTR);
		e->shipped_size = sb->size;
		e->outcome =
		    (!strcmp(sb->name, ".comment") && !(sb->flags & SHF_ALLOC)) || may_discount(sb, linked)
		        ? GB_SECTION_DISCOUNTED
		        : GB_SECTION_ONLY_SHIPPED;
	}
}

int gb_elf_compare(const uint8_t *ref, size_t ref_len, const uint8_t *shipped, size_t shipped_len,
                   gb_elf_diff *out)
{
	memset(out, 0, sizeof(*out));
	elf_file a, b;
	/* A failed parse may have allocated its tables already: freed here. */
	if (gb_elf_parse(&a, ref, ref_len, out->error, sizeof(out->error), "reference") < 0) {
		gb_elf_file_free(&a);
		return -1;
	}
	if (gb_elf_parse(&b, shipped, shipped_len, out->error, sizeof(out->error), "shipped") < 0) {
		gb_elf_file_free(&a);
		gb_elf_file_free(&b);
		return -1;
	}
	cmp_ctx c = {.a = &a, .b = &b, .d = out};
	header_diff(&c);
	bool has_load = false;
	for (size_t i = 0; i < a.phnum; i++)
		has_load |= a.ph[i].type == PT_LOAD && a.ph[i].filesz > 0;
	bool phdrs_same = same_phdrs(&a, &b);
	if (!phdrs_same) {
		gb_section_diff *e = entry(out, "(program headers)", false);
		e->bytes_different = 1;
		e->first_offset = 0;
		e->ref_size = (uint64_t)a.phnum * a.phentsize;
		e->shipped_size = (uint64_t)b.phnum * b.phentsize;
	}
	c.by_segments = has_load && phdrs_same && a.ehsize <= a.len && a.ehsize <= b.len;
	if (c.by_segments) {
		/* The header fields that matter were compared above; the ones strip
		 * changes (section table offset, count, string index) are not. */
		c.ignore[c.nignore++] = (range){0, a.ehsize, NULL};
		add_build_id_ranges(&c);
		/* Segments in file order; bytes shared by two are walked once. */
		uint64_t done = 0;
		for (;;) {
			const elf_phdr *next = NULL;
			for (size_t i = 0; i < a.phnum; i++) {
				const elf_phdr *ph = &a.ph[i];
				if (ph->type == PT_LOAD && ph->offset + ph->filesz > done &&
				    (!next || ph->offset < next->offset))
					next = ph;
			}
			if (!next)
				break;
			uint64_t start = next->offset > done ? next->offset : done,
			         end = next->offset + next->filesz;
			/* Identical program headers give identical offsets; the lengths
			 * were checked against each file when parsing. */
			if (!gb_elf_in_bounds(start, end - start, b.len))
				break;
			walk(&c, start, start, end - start);
			done = end;
		}
		for (size_t i = 0; i < out->count; i++) {
			const elf_section *s = find_section(&a, out->sections[i].name, 0);
			if (s && !out->sections[i].ref_size) {
				out->sections[i].ref_size = s->size;
				const elf_section *t = find_section(&b, s->name, 0);
				out->sections[i].shipped_size = t ? t->size : 0;
			}
		}
	}
	compare_sections(&c, &a, &b, has_load);

	out->equivalent = true;
	for (size_t i = 0; i < out->count; i++) {
		gb_section_diff *s = &out->sections[i];
		if (s->outcome == GB_SECTION_NORMALISED && s->bytes_different)
			s->outcome = GB_SECTION_DIFFERENT;
		if (s->first_offset == UINT64_MAX)
			s->first_offset = 0;
		if (s->outcome == GB_SECTION_DIFFERENT || s->outcome == GB_SECTION_ONLY_REFERENCE ||
		    s->outcome == GB_SECTION_ONLY_SHIPPED) {
			out->equivalent = false;
			if (s->executable)
				out->code_differs = true;
		}
	}
	gb_elf_file_free(&a);
	gb_elf_file_free(&b);
	return 0;
}

void gb_elf_diff_free(gb_elf_diff *d)
{
	free(d->sections);
	d->sections = NULL;
	d->count = d->cap = 0;
}

const char *gb_section_outcome_name(gb_section_outcome o)
{
	switch (o) {
	case GB_SECTION_NORMALISED: return "normalised";
	case GB_SECTION_DISCOUNTED: return "discounted";
	case GB_SECTION_DIFFERENT: return "different";
	case GB_SECTION_ONLY_REFERENCE: return "only-reference";
	case GB_SECTION_ONLY_SHIPPED: return "only-shipped";
	}
	return "?";
}
