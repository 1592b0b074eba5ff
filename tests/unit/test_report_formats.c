/* The table of report formats: names and extensions unique, each format found
 * by its name and by a file name ending in its extension (the longer,
 * more specific extension winning: bom.cdx.json is CycloneDX, not JSON). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "glassbox/report.h"

static void names_and_extensions(void **unused)
{
	size_t n = 0;
	for (const gb_report_format *const *f = gb_report_formats(); *f; f++, n++) {
		assert_non_null((*f)->render);
		assert_non_null((*f)->description);
		assert_ptr_equal(gb_report_format_find((*f)->name), *f);
		char path[64];
		snprintf(path, sizeof(path), "out/report%s", (*f)->extension);
		assert_ptr_equal(gb_report_format_for_path(path), *f);
		for (const gb_report_format *const *g = f + 1; *g; g++) {
			assert_string_not_equal((*f)->name, (*g)->name);
			assert_string_not_equal((*f)->extension, (*g)->extension);
		}
	}
	assert_int_equal(n, 6);
	static const char *const want[][2] = {
	    {"r.json", "json"}, {"r.sarif", "sarif"},          {"r.html", "html"},
	    {"r.txt", "text"},  {"bom.cdx.json", "cyclonedx"}, {"bom.spdx.json", "spdx"},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
		const gb_report_format *f = gb_report_format_for_path(want[i][0]);
		assert_non_null(f);
		assert_string_equal(f->name, want[i][1]);
	}
	assert_null(gb_report_format_for_path("report.pdf"));
	assert_null(gb_report_format_for_path(".json")); /* an extension alone is no file name */
	assert_null(gb_report_format_find("xml"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_and_extensions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
