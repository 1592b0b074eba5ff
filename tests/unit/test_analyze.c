/* The analyzer pool: every regular file read once, handed to each interested
 * analyzer exactly once, whatever the number of threads; findings in a stable order. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "glassbox/analyzer.h"
#include "glassbox/glassbox.h"
#include "unpack/safefs.h"

#define NFILES 200

static atomic_uint calls_all[NFILES + 64];
static atomic_uint calls_sh;
static int begun, ended;

static bool wants_sh(const gb_node *n, const uint8_t *head, size_t len)
{
	return len >= 2 && head[0] == '#' && head[1] == '!';
}

static void count_all(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len)
{
	assert_ptr_equal(state, &begun);
	atomic_fetch_add(&calls_all[n->id], 1);
	if (len > 5 && memcmp(data, "#!bad", 5) == 0)
		gb_analysis_report(a, "GB-EXTR-008", n, 0, 1, "planted");
}

static void count_sh(gb_analysis *a, void *state, const gb_node *n, const uint8_t *data, size_t len)
{
	atomic_fetch_add(&calls_sh, 1);
}

static void *begin(gb_analysis *a)
{
	begun++;
	return &begun;
}

static void end(gb_analysis *a, void *state)
{
	ended++;
}

static const gb_analyzer all = {"all", "counts every file", NULL, count_all, begin, end};
static const gb_analyzer sh = {"sh", "counts scripts", wants_sh, count_sh, NULL, NULL};
static const gb_analyzer *const list[] = {&all, &sh, NULL};

/* Appends the paths of the findings, in report order, to FINGERPRINTS. */
static void run(unsigned jobs, char *fingerprints, size_t fpsize)
{
	char in[] = "/tmp/gbanalyze.XXXXXX";
	assert_non_null(mkdtemp(in));
	unsigned scripts = 0, bad = 0;
	for (int i = 0; i < NFILES; i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/f%03d", in, i);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		if (i % 3 == 0) {
			fprintf(f, i % 9 == 0 ? "#!bad script %d\n" : "#!/bin/sh\necho %d\n", i);
			scripts++;
			bad += i % 9 == 0;
		} else {
			fprintf(f, "data %d\n", i);
		}
		fclose(f);
	}
	char out[] = "/tmp/gbanalyze-out.XXXXXX";
	assert_non_null(mkdtemp(out));
	gb_extraction ex;
	char *err = NULL;
	assert_int_equal(gb_extract(in, out, NULL, &ex, &err), 0);

	memset(calls_all, 0, sizeof(calls_all));
	calls_sh = 0;
	begun = ended = 0;
	gb_analysis_stats stats;
	assert_int_equal(gb_analyze(&ex.inventory, ex.input_root, out, list, jobs, &ex.findings, &stats), 0);
	assert_int_equal(begun, 1);
	assert_int_equal(ended, 1);
	assert_int_equal(stats.files, NFILES);
	unsigned files = 0;
	for (size_t i = 0; i < ex.inventory.count; i++) {
		const gb_node *n = &ex.inventory.nodes[i];
		if (n->kind == GB_NODE_FILE) {
			assert_int_equal(calls_all[n->id], 1);
			files++;
		}
	}
	assert_int_equal(files, NFILES);
	assert_int_equal(calls_sh, scripts);
	assert_int_equal(ex.findings.count, bad);
	fingerprints[0] = '\0';
	for (size_t i = 0; i < ex.findings.count; i++) {
		assert_int_equal(ex.findings.items[i].line, 1);
		strncat(fingerprints, ex.findings.items[i].path, fpsize - strlen(fingerprints) - 1);
	}
	gb_extraction_free(&ex);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	gb_safe_remove(fd, in + 5);
	gb_safe_remove(fd, out + 5);
	close(fd);
}

static void test_each_file_once(void **state)
{
	static char one[8192], four[8192];
	run(1, one, sizeof(one));
	run(4, four, sizeof(four));
	assert_true(strlen(one) > 0);
	/* same findings in the same order whatever the thread count */
	assert_string_equal(one, four);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_each_file_once)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
