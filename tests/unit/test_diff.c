/* Pieces of `glassbox diff`: the dynamic symbols of a real ELF file (this
 * test program) and the similarity score on related and unrelated bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glassbox/diff.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *p = malloc((size_t)n);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static bool has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void test_symbols(void **st)
{
	size_t n;
	uint8_t *p = slurp("/proc/self/exe", &n);
	gb_elf_symbols s;
	assert_int_equal(gb_elf_symbols_read(p, n, &s), 0);
	/* What this program calls from other libraries. */
	assert_true(has(s.imports, s.nimports, "_cmocka_run_group_tests"));
	assert_true(has(s.imports, s.nimports, "fread"));
	assert_false(has(s.imports, s.nimports, "test_symbols")); /* static: no dynamic symbol */
	assert_true(has(s.needed, s.nneeded, "libcmocka.so.0"));
	for (size_t i = 1; i < s.nimports; i++)
		assert_true(strcmp(s.imports[i - 1], s.imports[i]) < 0); /* sorted, unique */
	gb_elf_symbols_free(&s);
	/* Truncated into the section table, and not ELF at all. */
	assert_int_equal(gb_elf_symbols_read(p, n - 100, &s), -1);
	assert_int_equal(gb_elf_symbols_read((const uint8_t *)"#!/bin/sh\necho hi\n", 18, &s), -1);
	free(p);
}

static void test_similarity(void **st)
{
	size_t n;
	uint8_t *p = slurp("/proc/self/exe", &n);
	assert_int_equal(gb_similarity(p, n, p, n), 100);
	/* One byte changed in the middle: still very similar. */
	uint8_t *q = malloc(n);
	memcpy(q, p, n);
	q[n / 2] ^= 0x55;
	assert_true(gb_similarity(p, n, q, n) >= GB_DIFF_SIMILAR);
	/* Bytes with nothing in common: pseudo-random data of the same size. */
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		q[i] = (uint8_t)x;
	}
	assert_true(gb_similarity(p, n, q, n) < GB_DIFF_SIMILAR);
	free(p);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_symbols), cmocka_unit_test(test_similarity)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
