/* The pieces of `glassbox verify`: string and text normalisation, the DSSE
 * pre-authentication encoding, and the ELF comparison on this very test
 * program (a real ELF file), patched and truncated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glassbox/verify.h"

static bool equiv(const char *a, const char *b, gb_pathmap *map, unsigned *flags)
{
	return gb_norm_strings_equiv(a, strlen(a), b, strlen(b), map, flags);
}

static void test_timestamps(void **st)
{
	gb_pathmap m = {0};
	unsigned f = 0;
	assert_true(equiv("built Nov 23 2026 11:32:28", "built Dec  3 2027 09:01:02", &m, &f));
	assert_int_equal(f, GB_NORM_TIMESTAMP);
	f = 0;
	assert_true(equiv("date 2026-11-23", "date 2025-01-02", &m, &f));
	assert_int_equal(f, GB_NORM_TIMESTAMP);
	assert_false(equiv("version 1.2.3", "version 1.2.4", &m, &f));
	assert_false(equiv("built Nov 23 2026!", "built Nov 23 2026?", &m, &f));
	/* A longer number is not a time. */
	assert_false(equiv("id 112:34:56", "id 212:34:56", &m, &f));
	assert_false(m.set);
}

static void test_build_paths(void **st)
{
	gb_pathmap m = {0};
	unsigned f = 0;
	assert_true(equiv("/home/alice/proj/src/x.c:12", "/tmp/b/proj/src/x.c:12", &m, &f));
	assert_int_equal(f, GB_NORM_BUILDPATH);
	assert_string_equal(m.ref, "/home/alice");
	assert_string_equal(m.shipped, "/tmp/b");
	/* The same pair elsewhere in the file, including the bare directory. */
	assert_true(equiv("in /home/alice/proj/include", "in /tmp/b/proj/include", &m, &f));
	assert_true(equiv("/home/alice", "/tmp/b", &m, &f));
	/* Another pair in the same file is not accepted. */
	assert_false(equiv("/opt/x/src/y.c", "/srv/z/src/y.c", &m, &f));
	/* Nor a change of the part after the prefix. */
	assert_false(equiv("/home/alice/proj/a.c", "/tmp/b/proj/b.c", &m, &f));

	gb_pathmap m2 = {0};
	/* A one-component prefix is no build directory: /etc/x against /tmp/x. */
	assert_false(equiv("/etc/passwd", "/tmp/passwd", &m2, &f));
	assert_false(m2.set);
	/* A failing string does not fix the pair for later ones. */
	assert_false(equiv("/a/b/c.c and 1", "/a/x/c.c and 2", &m2, &f));
	assert_false(m2.set);
	/* A relative path is compared exactly. */
	assert_false(equiv("src/a/x.c", "src/b/x.c", &m2, &f));
}

static void test_text(void **st)
{
	const char *a = "line one\r\nbuilt 2026-11-23 10:00:01\r\nend\r\n";
	const char *b = "line one\nbuilt 2026-11-24 12:00:01\nend\n";
	gb_pathmap m = {0};
	unsigned f = 0;
	uint64_t line = 0;
	assert_true(
	    gb_text_equiv((const uint8_t *)a, strlen(a), (const uint8_t *)b, strlen(b), &m, &f, &line));
	assert_int_equal(f, GB_NORM_TIMESTAMP | GB_NORM_NEWLINE);
	const char *c = "line one\nbuilt 2026-11-24 12:00:01\nEND\n";
	assert_false(
	    gb_text_equiv((const uint8_t *)b, strlen(b), (const uint8_t *)c, strlen(c), &m, &f, &line));
	assert_int_equal(line, 3);
	const char *d = "line one\nbuilt 2026-11-24 12:00:01\n";
	assert_false(
	    gb_text_equiv((const uint8_t *)b, strlen(b), (const uint8_t *)d, strlen(d), &m, &f, &line));
	assert_true(gb_looks_text((const uint8_t *)a, strlen(a)));
	assert_false(gb_looks_text((const uint8_t *)"a\0b", 3));
}

/* The example of the DSSE specification (protocol.md). */
static void test_pae(void **st)
{
	size_t n;
	uint8_t *p = gb_dsse_pae("http://example.com/HelloWorld", (const uint8_t *)"hello world", 11, &n);
	const char *want = "DSSEv1 29 http://example.com/HelloWorld 11 hello world";
	assert_int_equal(n, strlen(want));
	assert_memory_equal(p, want, n);
	free(p);
	p = gb_dsse_pae("", NULL, 0, &n);
	assert_int_equal(n, strlen("DSSEv1 0  0 "));
	assert_memory_equal(p, "DSSEv1 0  0 ", n);
	free(p);
}

static uint8_t *self(size_t *len)
{
	FILE *f = fopen("/proc/self/exe", "rb");
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

static const gb_section_diff *section(const gb_elf_diff *d, const char *name)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->sections[i].name, name))
			return &d->sections[i];
	return NULL;
}

static void test_elf_self(void **st)
{
	size_t n;
	uint8_t *a = self(&n);
	gb_elf_diff d;
	assert_int_equal(gb_elf_compare(a, n, a, n, &d), 0);
	assert_true(d.equivalent);
	assert_int_equal(d.count, 0);
	gb_elf_diff_free(&d);

	/* A byte of code patched: the entry point's first byte lies in .text. */
	uint8_t *b = malloc(n);
	memcpy(b, a, n);
	uint64_t entry = a[4] == 2 ? *(uint64_t *)(a + 24) : *(uint32_t *)(a + 24);
	/* Position-independent executable: the entry is a file offset plus the
	 * first segment's address, which is 0 for PIE. */
	assert_true(entry < n);
	b[entry] ^= 0xff;
	assert_int_equal(gb_elf_compare(a, n, b, n, &d), 0);
	assert_false(d.equivalent);
	assert_true(d.code_differs);
	const gb_section_diff *t = section(&d, ".text");
	assert_non_null(t);
	assert_int_equal(t->bytes_different, 1);
	assert_int_equal(t->outcome, GB_SECTION_DIFFERENT);
	gb_elf_diff_free(&d);

	/* Truncated: the sections no longer fit, so it is no ELF to compare. */
	assert_int_equal(gb_elf_compare(a, n, a, n / 2, &d), -1);
	assert_non_null(strstr(d.error, "shipped"));
	gb_elf_diff_free(&d);
	/* Not ELF at all. */
	assert_int_equal(
	    gb_elf_compare((const uint8_t *)"hello, world, this is text and not an ELF file at all", 52, a, n,
	                   &d),
	    -1);
	gb_elf_diff_free(&d);
	free(a);
	free(b);
}

/* Hostile headers: tables pointing outside the file, absurd counts. */
static void test_elf_hostile(void **st)
{
	size_t n;
	uint8_t *a = self(&n);
	uint8_t *b = malloc(n);
	bool is64 = a[4] == 2;
	gb_elf_diff d;
	struct {
		size_t off, len;
	} fields[] = {
	    {is64 ? 32 : 28, is64 ? 8u : 4u}, /* e_phoff */
	    {is64 ? 40 : 32, is64 ? 8u : 4u}, /* e_shoff */
	    {is64 ? 56 : 44, 2},              /* e_phnum */
	    {is64 ? 60 : 48, 2},              /* e_shnum */
	    {is64 ? 62 : 50, 2},              /* e_shstrndx */
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		memcpy(b, a, n);
		memset(b + fields[i].off, 0xff, fields[i].len);
		int rc = gb_elf_compare(a, n, b, n, &d);
		if (i < 4) {
			/* A table outside the file: refused, with the side named. */
			assert_int_equal(rc, -1);
			assert_non_null(strstr(d.error, "shipped"));
		} else {
			/* Section names lost: compared, and the sections no longer pair. */
			assert_int_equal(rc, 0);
			assert_false(d.equivalent);
		}
		gb_elf_diff_free(&d);
	}
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_timestamps), cmocka_unit_test(test_build_paths),
	    cmocka_unit_test(test_text),       cmocka_unit_test(test_pae),
	    cmocka_unit_test(test_elf_self),   cmocka_unit_test(test_elf_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
