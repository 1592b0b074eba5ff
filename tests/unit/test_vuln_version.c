/* Version order and range matching: hand-picked cases for each kind of
 * version, then every range in the real NVD records of ../shared/vulndb/nvd. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include <cmocka.h>

#include "vuln/vuln.h"

#define LT(a, b)                                                                                             \
	do {                                                                                                 \
		if (!(gb_version_compare(a, b) < 0 && gb_version_compare(b, a) > 0))                         \
			fail_msg("expected %s < %s", a, b);                                                  \
	} while (0)
#define EQ(a, b) assert_int_equal(gb_version_compare(a, b), 0)

static void test_dotted(void **st)
{
	LT("1.2", "1.10");
	LT("1.2.9", "1.2.10");
	LT("1.24.2", "1.35.0");
	LT("1.0", "1.0.1");
	EQ("1.0.0", "1.0.00");
	EQ("2.36", "2.36");
	LT("0.9.33.2", "1.0.34");
	LT("4.2.8", "4.2.8p15");
}

static void test_letters(void **st)
{
	LT("1.0.1", "1.0.1f");
	LT("1.0.1f", "1.0.1g");
	LT("1.0.2k", "1.0.2za");
	LT("1.0.2", "1.0.2k");
	LT("1.0.2zz", "1.1.0");
	LT("9.2", "9.2p1");
	LT("9.2p1", "9.2p2");
	LT("9.2p2", "9.3");
	LT("7.2p2", "7.3p1");
	LT("4.16.13m", "4.17");
}

static void test_dates(void **st)
{
	LT("2016.73", "2016.74");
	LT("2020.81", "2022.83");
	LT("0.52", "2012.54");
	LT("2012.55", "2016.73");
	LT("2020.04", "2021.01");
}

static void test_prerelease(void **st)
{
	LT("1.0rc1", "1.0");
	LT("1.0-rc1", "1.0");
	LT("1.0alpha", "1.0beta");
	LT("1.0beta2", "1.0rc1");
	LT("1.0.0-alpha.1", "1.0.0-beta");
	LT("3.0.0-beta1", "3.0.0");
	LT("2.86rc3", "2.86");
	LT("2.85", "2.86rc1");
	LT("1.0~rc1", "1.0");
	LT("1.0rc1", "1.0p1");
}

static void test_debian(void **st)
{
	/* Epochs dominate the rest. */
	LT("9.9", "1:1.0");
	EQ("0:1.0", "1.0");
	assert_true(gb_version_compare_dpkg("1:9.2p1-2+deb12u3", "1:9.2p1-2+deb12u10") < 0);
	assert_true(gb_version_compare_dpkg("1.0~rc1-1", "1.0-1") < 0);
	assert_true(gb_version_compare_dpkg("1.0-1", "1.0-1+b1") < 0);
	assert_true(gb_version_compare_dpkg("2:1.0", "1:9.0") > 0);
	assert_true(gb_version_compare_dpkg("1.0a", "1.0+") < 0); /* letters before non-letters */
	assert_int_equal(gb_version_compare_dpkg("1:1.35.0-4+deb12u1+b1", "1:1.35.0-4+deb12u1+b1"), 0);
	char up[64];
	gb_version_debian_upstream("1:9.2p1-2+deb12u3", up, sizeof(up));
	assert_string_equal(up, "9.2p1");
	gb_version_debian_upstream("1:1.35.0-4+deb12u1+b1", up, sizeof(up));
	assert_string_equal(up, "1.35.0");
	gb_version_debian_upstream("2.90-4~deb12u2", up, sizeof(up));
	assert_string_equal(up, "2.90");
	gb_version_debian_upstream("1:1.2.13.dfsg-1", up, sizeof(up));
	assert_string_equal(up, "1.2.13");
	gb_version_debian_upstream("3.40.1-2+deb12u1", up, sizeof(up));
	assert_string_equal(up, "3.40.1");
	gb_version_debian_upstream("2022.83", up, sizeof(up));
	assert_string_equal(up, "2022.83");
}

static void test_ranges(void **st)
{
	/* Heartbleed: OpenSSL 1.0.1 up to, excluding, 1.0.1g. */
	gb_version_range hb = {.start = "1.0.1", .start_incl = true, .end = "1.0.1g", .end_incl = false};
	assert_true(gb_version_in_range("1.0.1", &hb));
	assert_true(gb_version_in_range("1.0.1f", &hb));
	assert_false(gb_version_in_range("1.0.1g", &hb));
	assert_false(gb_version_in_range("1.0.0t", &hb));
	assert_false(gb_version_in_range("1.0.2", &hb));
	/* CVE-2024-6387: OpenSSH 8.5p1 <= v < 9.8p1. */
	gb_version_range rs = {.start = "8.5p1", .start_incl = true, .end = "9.8p1", .end_incl = false};
	assert_true(gb_version_in_range("9.2p1", &rs));
	assert_false(gb_version_in_range("9.8p1", &rs));
	assert_false(gb_version_in_range("8.4p1", &rs));
	/* Dropbear up to, including, 2016.73. */
	gb_version_range db = {.end = "2016.73", .end_incl = true};
	assert_true(gb_version_in_range("2016.73", &db));
	assert_false(gb_version_in_range("2022.83", &db));
	gb_version_range ex = {.exact = "2.1"};
	assert_true(gb_version_in_range("2.1", &ex));
	assert_false(gb_version_in_range("2.1.1", &ex));
	gb_version_range any = {.exact = "*"};
	assert_true(gb_version_in_range("5", &any));
	gb_version_range none = {.exact = "-"};
	assert_false(gb_version_in_range("5", &none));
	assert_false(gb_version_in_range("", &any));
}

/* Every range of the shipped NVD records, checked at its own bounds: an
 * including bound is inside, an excluding bound outside, a version just
 * below the start or just above the end outside, and start < end. */
static void check_match(const char *id, json_t *m, unsigned *count)
{
	const char *si = json_string_value(json_object_get(m, "versionStartIncluding"));
	const char *se = json_string_value(json_object_get(m, "versionStartExcluding"));
	const char *ei = json_string_value(json_object_get(m, "versionEndIncluding"));
	const char *ee = json_string_value(json_object_get(m, "versionEndExcluding"));
	if (!si && !se && !ei && !ee)
		return;
	gb_version_range r = {
	    .start = si ? si : se, .start_incl = si != NULL, .end = ei ? ei : ee, .end_incl = ei != NULL};
	if (r.start && r.end && gb_version_compare(r.start, r.end) >= 0)
		fail_msg("%s: range start %s not below end %s", id, r.start, r.end);
	if (r.start && gb_version_in_range(r.start, &r) != r.start_incl)
		fail_msg("%s: start bound %s wrongly %s", id, r.start, r.start_incl ? "out" : "in");
	if (r.end && gb_version_in_range(r.end, &r) != r.end_incl)
		fail_msg("%s: end bound %s wrongly %s", id, r.end, r.end_incl ? "out" : "in");
	if (r.end) {
		/* One more release after the end ("X.1" appended) is outside. */
		char after[128];
		snprintf(after, sizeof(after), "%s.1", r.end);
		if (gb_version_in_range(after, &r))
			fail_msg("%s: %s inside a range ending at %s", id, after, r.end);
	}
	if (r.start) {
		char before[128];
		snprintf(before, sizeof(before), "%s~pre", r.start);
		if (gb_version_in_range(before, &r))
			fail_msg("%s: %s inside a range starting at %s", id, before, r.start);
	}
	(*count)++;
}

static void test_nvd_ranges(void **st)
{
	const char *shared = getenv("GB_SHARED");
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/vulndb/nvd", shared ? shared : "../shared");
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	unsigned ranges = 0, files = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".json"))
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		json_t *cve = json_load_file(path, 0, NULL);
		assert_non_null(cve);
		const char *id = json_string_value(json_object_get(cve, "id"));
		size_t i, j, k;
		json_t *cfg, *node, *m;
		json_array_foreach(json_object_get(cve, "configurations"), i, cfg)
		    json_array_foreach(json_object_get(cfg, "nodes"), j, node)
		        json_array_foreach(json_object_get(node, "cpeMatch"), k, m)
		            check_match(id, m, &ranges);
		json_decref(cve);
		files++;
	}
	closedir(d);
	assert_true(files >= 50);
	assert_true(ranges >= 100);
	print_message("%u ranges from %u records\n", ranges, files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dotted),     cmocka_unit_test(test_letters), cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_prerelease), cmocka_unit_test(test_debian),  cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_nvd_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
