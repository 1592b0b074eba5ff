/*
 * ELF hardening verdicts, reproducing checksec 2.6.0's filecheck() decision
 * by decision. checksec greps the text readelf prints, so each verdict below
 * is "would this grep match", answered from the structures readelf prints:
 *
 *   RELRO    a GNU_RELRO segment; full if `readelf -d` shows "BIND_NOW": the
 *            DT_BIND_NOW tag or DF_BIND_NOW in DT_FLAGS. DF_1_NOW in
 *            DT_FLAGS_1 prints as "NOW" and does not count.
 *   canary   a symbol (.dynsym or .symtab) whose name contains
 *            __stack_chk_fail, __stack_chk_guard or __intel_security_cookie.
 *   NX       a GNU_STACK segment whose flags are not all of R, W and E.
 *   PIE      e_type EXEC: no; DYN: yes with a DT_DEBUG entry, else dso;
 *            REL: rel; anything else: not_elf.
 *   RPATH    the first `readelf -d` line containing "RPATH" has text between
 *            brackets (likewise RUNPATH).
 *   symbols  a symbol table section whose name contains ".symtab".
 *   FORTIFY  the 8th column of `readelf --dyn-syms`, leading underscores and
 *            the version cut off, ends in _chk; "fortified" counts those names
 *            that are glibc _chk functions, "fortify-able" adds the names of
 *            the functions they check. checksec takes the _chk list from the
 *            libc of the machine it runs on; glassbox carries glibc 2.36's
 *            (Debian 12), so that a scan does not depend on the host.
 *
 * Strings in readelf's output that happen to contain a pattern (a library
 * named "libDEBUG.so") match checksec's grep, so they match here too. When
 * the file has no section headers (sstrip), readelf reads the symbols through
 * the dynamic segment (DT_SYMTAB, sized by DT_HASH or DT_GNU_HASH); so does
 * this parser.
 */
#include "analyze/elfinfo.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_GNU_STACK 0x6474e551u
#define PT_GNU_RELRO 0x6474e552u

#define SHT_SYMTAB 2
#define SHT_DYNSYM 11

#define DT_NULL      0
#define DT_NEEDED    1
#define DT_HASH      4
#define DT_STRTAB    5
#define DT_SYMTAB    6
#define DT_STRSZ     10
#define DT_SONAME    14
#define DT_RPATH     15
#define DT_DEBUG     21
#define DT_BIND_NOW  24
#define DT_RUNPATH   29
#define DT_FLAGS     30
#define DT_GNU_HASH  0x6ffffef5u
#define DT_CONFIG    0x6ffffefau
#define DT_DEPAUDIT  0x6ffffefbu
#define DT_AUDIT     0x6ffffefcu
#define DT_AUXILIARY 0x7ffffffdu
#define DT_USED      0x7ffffffeu
#define DT_FILTER    0x7fffffffu
#define DF_BIND_NOW  0x8

/* glibc 2.36's fortified functions, without the leading "__" (what checksec's
 * sed keeps of libc's "__X_chk@@" symbols). Sorted for bsearch. */
static const char *const chk_funcs[] = {
    "asprintf_chk",       "confstr_chk",        "dprintf_chk",
    "explicit_bzero_chk", "fdelt_chk",          "fgets_chk",
    "fgets_unlocked_chk", "fgetws_chk",         "fgetws_unlocked_chk",
    "fprintf_chk",        "fread_chk",          "fread_unlocked_chk",
    "fwprintf_chk",       "getcwd_chk",         "getdomainname_chk",
    "getgroups_chk",      "gethostname_chk",    "getlogin_r_chk",
    "gets_chk",           "getwd_chk",          "longjmp_chk",
    "mbsnrtowcs_chk",     "mbsrtowcs_chk",      "mbstowcs_chk",
    "memcpy_chk",         "memmove_chk",        "mempcpy_chk",
    "memset_chk",         "obstack_printf_chk", "obstack_vprintf_chk",
    "poll_chk",           "ppoll_chk",          "pread64_chk",
    "pread_chk",          "printf_chk",         "ptsname_r_chk",
    "read_chk",           "readlink_chk",       "readlinkat_chk",
    "realpath_chk",       "recv_chk",           "recvfrom_chk",
    "snprintf_chk",       "sprintf_chk",        "stpcpy_chk",
    "stpncpy_chk",        "strcat_chk",         "strcpy_chk",
    "strncat_chk",        "strncpy_chk",        "swprintf_chk",
    "syslog_chk",         "ttyname_r_chk",      "vasprintf_chk",
    "vdprintf_chk",       "vfprintf_chk",       "vfwprintf_chk",
    "vprintf_chk",        "vsnprintf_chk",      "vsprintf_chk",
    "vswprintf_chk",      "vsyslog_chk",        "vwprintf_chk",
    "wcpcpy_chk",         "wcpncpy_chk",        "wcrtomb_chk",
    "wcscat_chk",         "wcscpy_chk",         "wcsncat_chk",
    "wcsncpy_chk",        "wcsnrtombs_chk",     "wcsrtombs_chk",
    "wcstombs_chk",       "wctomb_chk",         "wmemcpy_chk",
    "wmemmove_chk",       "wmempcpy_chk",       "wmemset_chk",
    "wprintf_chk",
};
#define NCHK (sizeof(chk_funcs) / sizeof(*chk_funcs))

typedef struct rd {
	const uint8_t *d;
	size_t len;
	bool be, is64;
} rd;

static bool in(const rd *r, uint64_t off, uint64_t n)
{
	return off <= r->len && n <= r->len - off;
}

/* Callers check bounds first. */
static uint64_t u(const rd *r, uint64_t off, unsigned n)
{
	const uint8_t *p = r->d + off;
	switch (n) {
	case 1: return p[0];
	case 2: return r->be ? gb_be16(p) : gb_le16(p);
	case 4: return r->be ? gb_be32(p) : gb_le32(p);
	default: return r->be ? gb_be64(p) : gb_le64(p);
	}
}

/* A word: 4 bytes in ELF32, 8 in ELF64. */
static uint64_t w(const rd *r, uint64_t off)
{
	return u(r, off, r->is64 ? 8 : 4);
}

/* A NUL-terminated string at OFF inside the table [TAB, TAB+TABLEN), or NULL. */
static const char *str_in(const rd *r, uint64_t tab, uint64_t tablen, uint64_t off)
{
	if (!in(r, tab, 0) || off >= tablen)
		return NULL;
	/* the table may claim to run past the file (or past 2^64) */
	uint64_t end = tablen > r->len - tab ? r->len : tab + tablen;
	if (tab + off >= end)
		return NULL;
	const char *s = (const char *)r->d + tab + off;
	return memchr(s, 0, end - tab - off) ? s : NULL;
}

typedef struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz;
} phdr;

typedef struct parse {
	rd r;
	uint64_t phoff, shoff;
	uint32_t phnum, shnum, shstrndx;
	unsigned phentsize, shentsize;
	gb_elfinfo *info;
	size_t imports_cap;
} parse;

static bool read_phdr(const parse *p, uint32_t i, phdr *h)
{
	const rd *r = &p->r;
	uint64_t o = p->phoff + (uint64_t)i * p->phentsize;
	if (!in(r, o, r->is64 ? 56 : 32))
		return false;
	h->type = (uint32_t)u(r, o, 4);
	if (r->is64) {
		h->flags = (uint32_t)u(r, o + 4, 4);
		h->offset = u(r, o + 8, 8);
		h->vaddr = u(r, o + 16, 8);
		h->filesz = u(r, o + 32, 8);
	} else {
		h->offset = u(r, o + 4, 4);
		h->vaddr = u(r, o + 8, 4);
		h->filesz = u(r, o + 16, 4);
		h->flags = (uint32_t)u(r, o + 24, 4);
	}
	return true;
}

typedef struct shdr {
	uint32_t name, type, link;
	uint64_t offset, size, entsize;
} shdr;

static bool read_shdr(const parse *p, uint32_t i, shdr *h)
{
	const rd *r = &p->r;
	uint64_t o = p->shoff + (uint64_t)i * p->shentsize;
	if (!in(r, o, r->is64 ? 64 : 40))
		return false;
	h->name = (uint32_t)u(r, o, 4);
	h->type = (uint32_t)u(r, o + 4, 4);
	if (r->is64) {
		h->offset = u(r, o + 24, 8);
		h->size = u(r, o + 32, 8);
		h->link = (uint32_t)u(r, o + 40, 4);
		h->entsize = u(r, o + 56, 8);
	} else {
		h->offset = u(r, o + 16, 4);
		h->size = u(r, o + 20, 4);
		h->link = (uint32_t)u(r, o + 24, 4);
		h->entsize = u(r, o + 36, 4);
	}
	return true;
}

/* File offset of virtual address VMA (SIZE bytes) through the PT_LOAD
 * segments, as readelf's offset_from_vma; UINT64_MAX if none holds it. */
static uint64_t vma_to_off(const parse *p, uint64_t vma, uint64_t size)
{
	for (uint32_t i = 0; i < p->phnum; i++) {
		phdr h;
		if (!read_phdr(p, i, &h) || h.type != PT_LOAD)
			continue;
		if (vma >= h.vaddr && vma - h.vaddr <= h.filesz && size <= h.filesz - (vma - h.vaddr)) {
			/* the segment itself may claim bytes the file does not have */
			uint64_t off = h.offset + (vma - h.vaddr);
			return off >= h.offset && in(&p->r, off, size) ? off : UINT64_MAX;
		}
	}
	return UINT64_MAX;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* NAME as checksec's FORTIFY column sees it: leading underscores removed,
 * cut at '@'. Returns the length (0: the line is deleted). */
static size_t fortify_name(const char *name, const char **start)
{
	while (*name == '_')
		name++;
	*start = name;
	const char *at = strchr(name, '@');
	return at ? (size_t)(at - name) : strlen(name);
}

static bool in_chk(const char *s, size_t n, bool plain)
{
	char key[64];
	if (n + 5 > sizeof(key))
		return false;
	memcpy(key, s, n);
	if (plain) /* the plain name of a _chk function: look up NAME_chk */
		memcpy(key + n, "_chk", 5);
	else
		key[n] = 0;
	/* checksec removes every "_chk" from the libc names for the plain list;
	 * none of glibc's has "_chk" anywhere but at the end. */
	const char *k = key;
	return bsearch(&k, chk_funcs, NCHK, sizeof(*chk_funcs), cmp_str) != NULL;
}

static void add_import(parse *p, const char *name)
{
	gb_elfinfo *in = p->info;
	if (in->nimports == p->imports_cap) {
		p->imports_cap = p->imports_cap ? p->imports_cap * 2 : 64;
		in->imports = gb_xrealloc(in->imports, p->imports_cap * sizeof(*in->imports));
	}
	in->imports[in->nimports++] = name;
}

/* One symbol table: SYMOFF/COUNT entries, names in [STROFF, +STRLEN). */
static void scan_symbols(parse *p, uint64_t symoff, uint64_t count, uint64_t stroff, uint64_t strlen_,
                         bool dynamic)
{
	const rd *r = &p->r;
	unsigned ent = r->is64 ? 24 : 16;
	if (!in(r, symoff, 0))
		return;
	uint64_t max = (r->len - symoff) / ent;
	if (count > max)
		count = max;
	gb_elfinfo *info = p->info;
	for (uint64_t i = 0; i < count; i++) {
		uint64_t o = symoff + i * ent;
		uint32_t name = (uint32_t)u(r, o, 4);
		unsigned other = (unsigned)u(r, o + (r->is64 ? 5 : 13), 1);
		unsigned type = (unsigned)u(r, o + (r->is64 ? 4 : 12), 1) & 0xf;
		unsigned shndx = (unsigned)u(r, o + (r->is64 ? 6 : 14), 2);
		const char *s = name ? str_in(r, stroff, strlen_, name) : NULL;
		if (!s || !*s)
			continue;
		if (!info->canary && (strstr(s, "__stack_chk_fail") || strstr(s, "__stack_chk_guard") ||
		                      strstr(s, "__intel_security_cookie")))
			info->canary = true;
		if (!dynamic)
			continue;
		if (shndx == 0 && (type == 0 || type == 2 || type == 10)) /* NOTYPE FUNC IFUNC */
			add_import(p, s);
		/* readelf prints st_other bits beyond the visibility as "[...]"
		 * before the section index, which moves the name out of the 8th
		 * column checksec reads: such a symbol never counts. */
		if (other & ~3u)
			continue;
		const char *f;
		size_t n = fortify_name(s, &f);
		if (!n)
			continue;
		if (n >= 4 && memcmp(f + n - 4, "_chk", 4) == 0) {
			info->fortify = true;
			if (in_chk(f, n, false))
				info->fortified++;
		} else if (in_chk(f, n, true)) {
			info->fortifiable++;
		}
	}
}

/* Number of dynamic symbols from DT_HASH (nchain) or DT_GNU_HASH (highest
 * index reachable from a bucket), for files without section headers. */
static uint64_t dynsym_count(const parse *p, uint64_t hash, uint64_t gnuhash)
{
	const rd *r = &p->r;
	uint64_t o;
	if (hash && (o = vma_to_off(p, hash, 8)) != UINT64_MAX)
		return u(r, o + 4, 4);
	if (!gnuhash || (o = vma_to_off(p, gnuhash, 16)) == UINT64_MAX)
		return 0;
	uint64_t nbuckets = u(r, o, 4), symndx = u(r, o + 4, 4), maskwords = u(r, o + 8, 4);
	uint64_t buckets = o + 16 + maskwords * (r->is64 ? 8 : 4);
	if (maskwords > r->len || nbuckets > r->len / 4 || !in(r, buckets, nbuckets * 4))
		return 0;
	uint64_t maxsym = 0;
	for (uint64_t i = 0; i < nbuckets; i++) {
		uint64_t b = u(r, buckets + i * 4, 4);
		if (b > maxsym)
			maxsym = b;
	}
	if (maxsym < symndx)
		return symndx;
	uint64_t chains = buckets + nbuckets * 4;
	for (uint64_t i = maxsym; i - symndx < r->len / 4; i++) {
		uint64_t c = chains + (i - symndx) * 4;
		if (!in(r, c, 4))
			return i;
		if (u(r, c, 4) & 1)
			return i + 1;
	}
	return maxsym + 1;
}

static bool is_string_tag(uint64_t tag)
{
	switch (tag) {
	case DT_NEEDED:
	case DT_SONAME:
	case DT_RPATH:
	case DT_RUNPATH:
	case DT_CONFIG:
	case DT_DEPAUDIT:
	case DT_AUDIT:
	case DT_AUXILIARY:
	case DT_USED:
	case DT_FILTER: return true;
	default: return false;
	}
}

/* Length of the text awk -F'[][]' takes as $2 on a line printing S in brackets. */
static size_t bracket_len(const char *s)
{
	return strcspn(s, "[]");
}

static void scan_dynamic(parse *p, const phdr *dyn)
{
	const rd *r = &p->r;
	gb_elfinfo *info = p->info;
	unsigned ent = r->is64 ? 16 : 8;
	/* readelf refuses a dynamic segment that runs past the end of the file */
	if (!in(r, dyn->offset, dyn->filesz))
		return;
	uint64_t n = dyn->filesz / ent;
	uint64_t strtab = 0, strsz = 0, symtab = 0, hash = 0, gnuhash = 0;
	bool have_strtab = false, have_symtab = false;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t tag = w(r, dyn->offset + i * ent), val = w(r, dyn->offset + i * ent + ent / 2);
		if (tag == DT_NULL)
			break;
		if (tag == DT_STRTAB && !have_strtab) {
			strtab = val;
			have_strtab = true;
		} else if (tag == DT_STRSZ) {
			strsz = val;
		} else if (tag == DT_SYMTAB && !have_symtab) {
			symtab = val;
			have_symtab = true;
		} else if (tag == DT_HASH) {
			hash = val;
		} else if (tag == DT_GNU_HASH) {
			gnuhash = val;
		}
	}
	uint64_t stroff = have_strtab ? vma_to_off(p, strtab, 0) : UINT64_MAX;
	bool seen_rpath = false, seen_runpath = false;
	bool bind_now = false, debug = false;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t tag = w(r, dyn->offset + i * ent), val = w(r, dyn->offset + i * ent + ent / 2);
		if (tag == DT_NULL)
			break;
		const char *s = NULL;
		if (is_string_tag(tag) && stroff != UINT64_MAX)
			s = str_in(r, stroff, strsz, val);
		if (tag == DT_BIND_NOW || (tag == DT_FLAGS && (val & DF_BIND_NOW)) ||
		    (s && strstr(s, "BIND_NOW")))
			bind_now = true;
		if (tag == DT_DEBUG || (s && strstr(s, "DEBUG")))
			debug = true;
		/* RUNPATH does not contain RPATH, so the two searches are apart */
		if (!seen_rpath && (tag == DT_RPATH || (s && strstr(s, "RPATH")))) {
			seen_rpath = true;
			if (s && bracket_len(s)) {
				info->rpath = true;
				info->rpath_str = s;
				info->rpath_len = bracket_len(s);
			}
		}
		if (!seen_runpath && (tag == DT_RUNPATH || (s && strstr(s, "RUNPATH")))) {
			seen_runpath = true;
			if (s && bracket_len(s)) {
				info->runpath = true;
				info->runpath_str = s;
				info->runpath_len = bracket_len(s);
			}
		}
	}
	if (info->relro == GB_RELRO_PARTIAL && bind_now)
		info->relro = GB_RELRO_FULL;
	if (info->pie == GB_PIE_DSO && debug)
		info->pie = GB_PIE_YES;
	/* Without section headers, readelf -s and --dyn-syms show the dynamic
	 * symbols found through the dynamic segment. */
	if (!info->has_sections && have_symtab && stroff != UINT64_MAX) {
		uint64_t count = dynsym_count(p, hash, gnuhash);
		uint64_t symoff = vma_to_off(p, symtab, 0);
		if (count && symoff != UINT64_MAX)
			scan_symbols(p, symoff, count, stroff, strsz, true);
	}
}

static void scan_sections(parse *p)
{
	const rd *r = &p->r;
	gb_elfinfo *info = p->info;
	shdr strs;
	bool names = p->shstrndx < p->shnum && read_shdr(p, p->shstrndx, &strs);
	for (uint32_t i = 0; i < p->shnum; i++) {
		shdr h;
		if (!read_shdr(p, i, &h) || (h.type != SHT_SYMTAB && h.type != SHT_DYNSYM))
			continue;
		const char *name = names ? str_in(r, strs.offset, strs.size, h.name) : NULL;
		if (name && strstr(name, ".symtab"))
			info->symbols = true;
		if (h.entsize != (r->is64 ? 24u : 16u) || !in(r, h.offset, h.size))
			continue;
		shdr st;
		if (h.link >= p->shnum || !read_shdr(p, h.link, &st))
			continue;
		scan_symbols(p, h.offset, h.size / h.entsize, st.offset, st.size, h.type == SHT_DYNSYM);
	}
}

int gb_elfinfo_parse(const uint8_t *data, size_t len, gb_elfinfo *info)
{
	memset(info, 0, sizeof(*info));
	info->pie = GB_PIE_NOT_ELF;
	if (len < 52 || memcmp(data, "\177ELF", 4) != 0 || (data[4] != 1 && data[4] != 2) ||
	    (data[5] != 1 && data[5] != 2))
		return -1;
	parse p = {.r = {.d = data, .len = len, .is64 = data[4] == 2, .be = data[5] == 2}, .info = info};
	rd *r = &p.r;
	if (r->is64 && len < 64)
		return -1;
	info->is64 = r->is64;
	info->be = r->be;
	info->type = (uint16_t)u(r, 16, 2);
	info->machine = (uint16_t)u(r, 18, 2);
	p.phoff = w(r, r->is64 ? 32 : 28);
	p.shoff = w(r, r->is64 ? 40 : 32);
	p.phentsize = (unsigned)u(r, r->is64 ? 54 : 42, 2);
	p.phnum = (uint32_t)u(r, r->is64 ? 56 : 44, 2);
	p.shentsize = (unsigned)u(r, r->is64 ? 58 : 46, 2);
	p.shnum = (uint32_t)u(r, r->is64 ? 60 : 48, 2);
	p.shstrndx = (uint32_t)u(r, r->is64 ? 62 : 50, 2);
	if (p.shentsize < (r->is64 ? 64u : 40u) || p.shoff == 0)
		p.shnum = 0;
	/* Extended numbering (gABI): the real counts live in section 0. */
	if (p.shoff && p.shentsize >= (r->is64 ? 64u : 40u)) {
		uint32_t saved = p.shnum;
		p.shnum = 1;
		shdr s0;
		uint64_t o = p.shoff;
		if (read_shdr(&p, 0, &s0)) {
			if (saved == 0)
				saved = s0.size > UINT32_MAX ? 0 : (uint32_t)s0.size;
			if (p.shstrndx == 0xffff)
				p.shstrndx = s0.link;
			if (p.phnum == 0xffff)
				p.phnum = (uint32_t)u(r, o + (r->is64 ? 44 : 28), 4);
		} else {
			saved = 0;
		}
		p.shnum = saved;
	}
	if (p.phentsize < (r->is64 ? 56u : 32u) || p.phoff == 0)
		p.phnum = 0;
	/* Tables that do not fit in the file are unusable, as for readelf. */
	if (p.phnum && !in(r, p.phoff, (uint64_t)p.phnum * p.phentsize))
		p.phnum = 0;
	if (p.shnum && !in(r, p.shoff, (uint64_t)p.shnum * p.shentsize))
		p.shnum = 0;
	info->has_sections = p.shnum > 0;

	switch (info->type) {
	case 1: info->pie = GB_PIE_REL; break;
	case 2: info->pie = GB_PIE_NO; break;
	case 3: info->pie = GB_PIE_DSO; break; /* yes if scan_dynamic finds DEBUG */
	default: info->pie = GB_PIE_NOT_ELF; break;
	}

	phdr dyn = {0};
	bool have_dyn = false, have_stack = false, rwe = false;
	for (uint32_t i = 0; i < p.phnum; i++) {
		phdr h;
		if (!read_phdr(&p, i, &h))
			break;
		if (h.type == PT_GNU_RELRO)
			info->relro = GB_RELRO_PARTIAL;
		else if (h.type == PT_GNU_STACK) {
			have_stack = true; /* grep matches any GNU_STACK line with RWE */
			rwe |= (h.flags & 7) == 7;
		} else if (h.type == PT_INTERP)
			info->dynamic = true;
		else if (h.type == PT_DYNAMIC && !have_dyn) {
			dyn = h;
			have_dyn = true;
			info->dynamic = true;
		}
	}
	info->nx = have_stack && !rwe;
	if (info->has_sections)
		scan_sections(&p);
	if (have_dyn)
		scan_dynamic(&p, &dyn);
	info->fortifiable += info->fortified;
	return 0;
}

void gb_elfinfo_free(gb_elfinfo *info)
{
	free(info->imports);
	info->imports = NULL;
	info->nimports = 0;
}

const char *gb_relro_name(gb_relro r)
{
	return r == GB_RELRO_FULL ? "full" : r == GB_RELRO_PARTIAL ? "partial" : "no";
}

const char *gb_pie_name(gb_pie p)
{
	static const char *const names[] = {"no", "yes", "dso", "rel", "not_elf"};
	return names[p];
}

bool gb_elfinfo_imports(const gb_elfinfo *info, const char *name)
{
	for (size_t i = 0; i < info->nimports; i++)
		if (strcmp(info->imports[i], name) == 0)
			return true;
	return false;
}
