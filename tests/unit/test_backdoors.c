/* The backdoors analyzer and its YARA compiler helper: the shipped pack
 * compiles and has its meta fields; a user file with an error is reported as
 * FILE:LINE; a user rule and a shipped rule fire through a real scan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "analyze/yara_rules.h"
#include "analyzer_helper.h"

extern const gb_analyzer gb_analyzer_backdoors;

static void shipped_pack(void **unused)
{
	gb_buf msgs = {0};
	unsigned nfiles = 0;
	YR_RULES *rules = gb_yara_compile(true, NULL, &msgs, &nfiles);
	assert_non_null(rules);
	assert_true(nfiles >= 1);
	unsigned n = 0;
	const YR_RULE *r;
	yr_rules_foreach(rules, r)
	{
		n++;
		/* every shipped rule documents itself */
		assert_non_null(gb_yara_meta(r, "description"));
		assert_non_null(gb_yara_meta(r, "reference"));
		assert_string_equal(gb_yara_meta(r, "severity"), "critical");
		assert_non_null(gb_yara_meta(r, "ts33117"));
		assert_string_equal(r->ns->name, GB_YARA_SHIPPED_NS);
	}
	assert_true(n >= 20);
	gb_yara_free(rules);
	gb_buf_free(&msgs);
}

static void user_errors(void **unused)
{
	char path[] = "/tmp/gbyara.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char bad[] = "rule a { condition: true }\nrule b {\n condition: $x\n}\n";
	assert_int_equal(write(fd, bad, sizeof(bad) - 1), (ssize_t)(sizeof(bad) - 1));
	close(fd);
	gb_buf msgs = {0};
	const char *paths[] = {path, "/nonexistent/rules.yar", NULL};
	assert_null(gb_yara_compile(false, paths, &msgs, NULL));
	char *m = gb_buf_steal(&msgs);
	char want[64];
	snprintf(want, sizeof(want), "%s:", path);
	assert_non_null(strstr(m, want));
	assert_non_null(strstr(m, ": error: "));
	assert_non_null(strstr(m, "/nonexistent/rules.yar:0: error: cannot read the file"));
	free(m);
	unlink(path);
}

static void scan(void **unused)
{
	gb_findings fs;
	th_scan(&gb_analyzer_backdoors,
	        (th_file[]){
	            {"bin/httpd", "GoAhead\nw302r_mfg\n"},
	            {"etc/init.d/rcS", "#!/bin/sh\necho starting\n"},
	            {NULL, NULL},
	        },
	        &fs);
	assert_int_equal(th_count(&fs, "GB-BKD-001"), 1);
	assert_true(th_has(&fs, "GB-BKD-001", "GB_Tenda_w302r_mfg_UDP7329_Backdoor; description: "));
	assert_true(th_has(&fs, "GB-BKD-001", "matched $magic at 0x8"));
	assert_int_equal(fs.items[0].severity, GB_SEV_CRITICAL);
	assert_int_equal(fs.items[0].offset, 8);
	gb_findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shipped_pack),
	    cmocka_unit_test(user_errors),
	    cmocka_unit_test(scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
