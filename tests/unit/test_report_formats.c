/* The table of report formats: names and extensions unique, each format found
 * by its name and by a file name ending in its extension (the longer,
 * more specific extension winning: bom.cdx.json is CycloneDX, not JSON). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "glassbox/report.h"
#include "util/util.h"

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

/* The one HTML escaper of the scan, diff and verify reports: what a hostile
 * file name becomes on the page. */
static void html_escaped(const char *in, const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	gb_html_puts(f, in);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
}

static void html_escaping(void **state)
{
	(void)state;
	html_escaped("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	html_escaped("a & \"b\"", "a &amp; &quot;b&quot;");
	html_escaped("caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac"); /* valid UTF-8 kept */
	html_escaped("bad\xff\xc3(", "bad\\xff\\xc3(");  /* not UTF-8: shown, not passed on */
	html_escaped("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* a UTF-16 surrogate */
	html_escaped("\xc0\xaf", "\\xc0\\xaf");          /* an overlong '/' */
	html_escaped("bell\a esc\x1b del\x7f", "bell\\x07 esc\\x1b del\\x7f");
	html_escaped("tab\tnewline\n", "tab\tnewline\n");
	html_escaped("", "");
	html_escaped(NULL, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_and_extensions),
	    cmocka_unit_test(html_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
