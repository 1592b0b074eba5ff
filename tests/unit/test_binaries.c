/* The ELF hardening parser (lib/analyze/elfinfo.c) on ELF files written
 * here byte by byte: ELF32 and ELF64, little and big endian, with and without
 * section headers; each checksec verdict both ways; and every truncation and
 * many corruptions of a valid file (must not read outside the buffer: run
 * under ASan). Real programs are compared with checksec itself in
 * tests/integration/test_binaries.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/elfinfo.h"

typedef struct w {
	uint8_t b[0x800];
	bool is64, be;
} w;

static void put(w *e, size_t off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned shift = e->be ? 8 * (n - 1 - i) : 8 * i;
		e->b[off + i] = (uint8_t)(v >> shift);
	}
}
static void word(w *e, size_t off, uint64_t v)
{
	put(e, off, v, e->is64 ? 8 : 4);
}

typedef struct spec {
	bool is64, be;
	uint16_t type;
	bool relro, stack, stack_rwe, dynamic, sections;
	const char *const *syms;  /* dynamic symbols, all undefined functions */
	uint64_t dyn_extra[8][2]; /* extra dynamic entries (tag, value) */
	const char *rpath;        /* DT_RPATH string, or NULL */
} spec;

enum { STR = 0x200, SYM = 0x300, HASH = 0x500, DYN = 0x580, SHDR = 0x680, SHSTR = 0x7c0, SIZE = 0x800 };

/* Writes a file: LOAD covering it all at vaddr 0, optional GNU_RELRO,
 * GNU_STACK, DYNAMIC (STRTAB, STRSZ, SYMTAB, HASH, extras), section headers
 * for .dynsym/.dynstr/.symtab. */
static size_t build(w *e, const spec *s)
{
	memset(e, 0, sizeof(*e));
	e->is64 = s->is64;
	e->be = s->be;
	uint8_t *b = e->b;
	memcpy(b, "\177ELF", 4);
	b[4] = s->is64 ? 2 : 1;
	b[5] = s->be ? 2 : 1;
	b[6] = 1;
	put(e, 16, s->type, 2);
	put(e, 18, s->is64 ? 62 : 8, 2);
	put(e, 20, 1, 4);
	size_t ehsize = s->is64 ? 64 : 52, phsz = s->is64 ? 56 : 32;
	word(e, s->is64 ? 32 : 28, ehsize); /* phoff */
	put(e, s->is64 ? 54 : 42, phsz, 2);

	/* strings and symbols */
	size_t so = 1, nsym = 1;
	size_t symsz = s->is64 ? 24 : 16;
	uint32_t rpath_off = 0;
	for (const char *const *n = s->syms; n && *n; n++, nsym++) {
		size_t o = SYM + nsym * symsz;
		put(e, o, so, 4);
		b[o + (s->is64 ? 4 : 12)] = 0x12; /* GLOBAL FUNC */
		memcpy(b + STR + so, *n, strlen(*n) + 1);
		so += strlen(*n) + 1;
	}
	if (s->rpath) {
		rpath_off = (uint32_t)so;
		memcpy(b + STR + so, s->rpath, strlen(s->rpath) + 1);
		so += strlen(s->rpath) + 1;
	}
	put(e, HASH, 1, 4);
	put(e, HASH + 4, nsym, 4);

	unsigned nph = 0;
	struct {
		uint32_t type, flags;
		uint64_t off, sz;
	} ph[4];
	ph[nph++] = (typeof(ph[0])){1, 5, 0, SIZE};
	if (s->relro)
		ph[nph++] = (typeof(ph[0])){0x6474e552u, 4, DYN, 0x40};
	if (s->stack)
		ph[nph++] = (typeof(ph[0])){0x6474e551u, s->stack_rwe ? 7u : 6u, 0, 0};
	if (s->dynamic) {
		size_t de = s->is64 ? 16 : 8, i = 0;
		uint64_t base[][2] = {{5, STR}, {10, so}, {6, SYM}, {4, HASH}};
		for (size_t k = 0; k < 4; k++, i++) {
			word(e, DYN + i * de, base[k][0]);
			word(e, DYN + i * de + de / 2, base[k][1]);
		}
		if (s->rpath) {
			word(e, DYN + i * de, 15);
			word(e, DYN + i * de + de / 2, rpath_off);
			i++;
		}
		for (size_t k = 0; k < 8 && s->dyn_extra[k][0]; k++, i++) {
			word(e, DYN + i * de, s->dyn_extra[k][0]);
			word(e, DYN + i * de + de / 2, s->dyn_extra[k][1]);
		}
		i++; /* DT_NULL */
		ph[nph++] = (typeof(ph[0])){2, 6, DYN, i * de};
	}
	put(e, s->is64 ? 56 : 44, nph, 2);
	for (unsigned i = 0; i < nph; i++) {
		size_t o = ehsize + i * phsz;
		put(e, o, ph[i].type, 4);
		if (s->is64) {
			put(e, o + 4, ph[i].flags, 4);
			put(e, o + 8, ph[i].off, 8);
			put(e, o + 16, ph[i].off, 8);
			put(e, o + 32, ph[i].sz, 8);
			put(e, o + 40, ph[i].sz, 8);
		} else {
			put(e, o + 4, ph[i].off, 4);
			put(e, o + 8, ph[i].off, 4);
			put(e, o + 16, ph[i].sz, 4);
			put(e, o + 20, ph[i].sz, 4);
			put(e, o + 24, ph[i].flags, 4);
		}
	}
	if (s->sections) {
		/* 0 null, 1 .dynsym, 2 .dynstr, 3 .shstrtab */
		static const char names[] = "\0.dynsym\0.dynstr\0.shstrtab";
		memcpy(b + SHSTR, names, sizeof(names));
		size_t shsz = s->is64 ? 64 : 40;
		word(e, s->is64 ? 40 : 32, SHDR);
		put(e, s->is64 ? 58 : 46, shsz, 2);
		put(e, s->is64 ? 60 : 48, 4, 2);
		put(e, s->is64 ? 62 : 50, 3, 2);
		struct {
			uint32_t name, type, link;
			uint64_t off, size, entsize;
		} sh[4] = {{0},
		           {1, 11, 2, SYM, nsym * symsz, symsz},
		           {9, 3, 0, STR, so, 0},
		           {17, 3, 0, SHSTR, sizeof(names), 0}};
		for (unsigned i = 0; i < 4; i++) {
			size_t o = SHDR + i * shsz;
			put(e, o, sh[i].name, 4);
			put(e, o + 4, sh[i].type, 4);
			if (s->is64) {
				put(e, o + 24, sh[i].off, 8);
				put(e, o + 32, sh[i].size, 8);
				put(e, o + 40, sh[i].link, 4);
				put(e, o + 56, sh[i].entsize, 8);
			} else {
				put(e, o + 16, sh[i].off, 4);
				put(e, o + 20, sh[i].size, 4);
				put(e, o + 24, sh[i].link, 4);
				put(e, o + 36, sh[i].entsize, 4);
			}
		}
	}
	return SIZE;
}

static const char *const hardened_syms[] = {"__stack_chk_fail", "__sprintf_chk", "memcpy", "socket", NULL};

static void each_layout(void **unused)
{
	for (int k = 0; k < 8; k++) {
		spec s = {.is64 = k & 1,
		          .be = (k >> 1) & 1,
		          .sections = (k >> 2) & 1,
		          .type = 3,
		          .relro = true,
		          .stack = true,
		          .dynamic = true,
		          .syms = hardened_syms,
		          .dyn_extra = {{24, 0}, {21, 0}}};
		w e;
		size_t n = build(&e, &s);
		gb_elfinfo in;
		assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
		assert_int_equal(in.is64, s.is64);
		assert_int_equal(in.be, s.be);
		assert_int_equal(in.relro, GB_RELRO_FULL);
		assert_true(in.canary);
		assert_true(in.nx);
		assert_int_equal(in.pie, GB_PIE_YES);
		assert_false(in.rpath);
		assert_false(in.symbols);
		assert_true(in.fortify);
		assert_int_equal(in.fortified, 1);
		assert_int_equal(in.fortifiable, 2); /* sprintf_chk and memcpy */
		assert_true(gb_elfinfo_imports(&in, "socket"));
		assert_false(gb_elfinfo_imports(&in, "bind"));
		gb_elfinfo_free(&in);
	}
}

static void verdicts_off(void **unused)
{
	static const char *const plain[] = {"puts", NULL};
	spec s = {.is64 = true, .type = 3, .stack = true, .stack_rwe = true, .dynamic = true, .syms = plain};
	w e;
	size_t n = build(&e, &s);
	gb_elfinfo in;
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_int_equal(in.relro, GB_RELRO_NONE);
	assert_false(in.canary);
	assert_false(in.nx);                  /* RWE stack */
	assert_int_equal(in.pie, GB_PIE_DSO); /* DYN without DEBUG */
	assert_false(in.fortify);
	gb_elfinfo_free(&in);

	/* RELRO with DF_1_NOW only stays partial, as in checksec; DT_FLAGS BIND_NOW is full */
	spec p = {.type = 2, .relro = true, .dynamic = true, .syms = plain, .dyn_extra = {{0x6ffffffb, 1}}};
	n = build(&e, &p);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_int_equal(in.relro, GB_RELRO_PARTIAL);
	assert_int_equal(in.pie, GB_PIE_NO);
	assert_false(in.nx); /* no GNU_STACK at all */
	gb_elfinfo_free(&in);
	p.dyn_extra[0][0] = 30;
	p.dyn_extra[0][1] = 8;
	n = build(&e, &p);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_int_equal(in.relro, GB_RELRO_FULL);
	gb_elfinfo_free(&in);

	/* RPATH: the string is kept; an empty one is no RPATH for checksec */
	spec r = {.be = true, .type = 2, .dynamic = true, .syms = plain, .rpath = "lib:/opt"};
	n = build(&e, &r);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_true(in.rpath);
	assert_int_equal(in.rpath_len, 8);
	assert_memory_equal(in.rpath_str, "lib:/opt", 8);
	gb_elfinfo_free(&in);
	r.rpath = "";
	n = build(&e, &r);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_false(in.rpath);
	gb_elfinfo_free(&in);

	/* a library named like a tag matches checksec's grep: DEBUG makes it PIE */
	spec d = {.type = 3, .dynamic = true, .syms = plain, .rpath = "/x/DEBUG"};
	n = build(&e, &d);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_int_equal(in.pie, GB_PIE_YES);
	gb_elfinfo_free(&in);

	/* REL and CORE */
	spec o = {.type = 1};
	n = build(&e, &o);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_int_equal(in.pie, GB_PIE_REL);
	o.type = 4;
	n = build(&e, &o);
	assert_int_equal(gb_elfinfo_parse(e.b, n, &in), 0);
	assert_int_equal(in.pie, GB_PIE_NOT_ELF);
	assert_int_equal(gb_elfinfo_parse((const uint8_t *)"#!/bin/sh\n", 10, &in), -1);
	assert_int_equal(in.pie, GB_PIE_NOT_ELF);
}

/* Every prefix of a valid file and many corrupted copies: no read outside. */
static void hostile(void **unused)
{
	for (int k = 0; k < 8; k++) {
		spec s = {.is64 = k & 1,
		          .be = (k >> 1) & 1,
		          .sections = (k >> 2) & 1,
		          .type = 3,
		          .relro = true,
		          .stack = true,
		          .dynamic = true,
		          .syms = hardened_syms,
		          .rpath = "/r"};
		w e;
		size_t n = build(&e, &s);
		for (size_t len = 0; len <= n; len++) {
			uint8_t *copy = malloc(len ? len : 1);
			memcpy(copy, e.b, len);
			gb_elfinfo in;
			gb_elfinfo_parse(copy, len, &in);
			gb_elfinfo_free(&in);
			free(copy);
		}
		srand(42 + k);
		for (int i = 0; i < 3000; i++) {
			uint8_t *copy = malloc(n);
			memcpy(copy, e.b, n);
			for (int f = 0; f < 4; f++)
				copy[(size_t)rand() % n] = (uint8_t)(rand() & 1 ? 0xff : rand());
			gb_elfinfo in;
			gb_elfinfo_parse(copy, n, &in);
			gb_elfinfo_free(&in);
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_layout),
	    cmocka_unit_test(verdicts_off),
	    cmocka_unit_test(hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
