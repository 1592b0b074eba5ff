/* Which YARA rules need one of their strings (lib/analyze/yara_gate.c), the
 * judgement the backdoors analyzer uses to skip files that hold none of the
 * shipped pack's strings: conditions that need a string and conditions that
 * do not (or that the reader is unsure of), rules read out of whole files,
 * and the shipped pack itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze/needles.h"
#include "analyze/yara_gate.h"
#include "analyze/yara_rules.h"

static bool needs(const char *cond)
{
	return gb_yara_condition_needs_string(cond, strlen(cond));
}

static void conditions_that_need_a_string(void **unused)
{
	assert_true(needs("$a"));
	assert_true(needs(" $pw\n"));
	assert_true(needs("$a and $b"));
	assert_true(needs("$a or $b"));
	assert_true(needs("any of them"));
	assert_true(needs("all of them"));
	assert_true(needs("2 of ($a, $b*)"));
	assert_true(needs("$root and 3 of ($xc3511, $vizxv, $admin, $xmhdipc, $juantech, $xm)"));
	assert_true(needs("$domain or 2 of ($pb*)"));
	assert_true(needs("$copy and ($pid1 or $pid2)"));
	assert_true(needs("$banner or ($name and $port)"));
	/* a conjunction with one side that needs a string */
	assert_true(needs("filesize < 100 and $a"));
	assert_true(needs("$a and not $b"));
	assert_true(needs("($a or $b) and uint32(0) == 0x464c457f"));
	assert_true(needs("$a and pe.number_of_sections > 2 or $b"));
	assert_true(needs("// a comment\n$a /* and another */"));
	assert_true(needs("$a and x matches /}or(/"));
	assert_true(needs("$a and x == \"or $b\""));
}

static void conditions_that_may_match_without_one(void **unused)
{
	assert_false(needs("true"));
	assert_false(needs("filesize > 0"));
	assert_false(needs("uint16(0) == 0x5a4d"));
	assert_false(needs("not $a"));
	assert_false(needs("$a or filesize < 10"));
	assert_false(needs("$a or not $b"));
	assert_false(needs("none of them"));
	assert_false(needs("0 of them"));
	assert_false(needs("$a or other_rule"));
	/* understood only in part: the reader is unsure, so no */
	assert_false(needs("#a > 2"));
	assert_false(needs("$a at 0"));
	assert_false(needs("any of them in (0..100)"));
	assert_false(needs("for any of them : ($ at 0)"));
	assert_false(needs("50% of them"));
	/* broken or empty */
	assert_false(needs(""));
	assert_false(needs("$a or"));
	assert_false(needs("($a"));
	assert_false(needs("$a)"));
	assert_false(needs("$a and \"unterminated"));
	assert_false(needs("$a /* unterminated"));
}

static void rules_in_a_file(void **unused)
{
	static const char text[] =
	    "import \"pe\"\n"
	    "/* rule Commented { condition: true } */\n"
	    "rule Hex : tag1 tag2 {\n"
	    "  meta: description = \"braces } { and condition: true\" n = 3\n"
	    "  strings: $h = { 50 4D 4D ?? 56 } $r = /a{2}}/ nocase $t = \"}\" fullword\n"
	    "  condition: $h or $r or $t\n"
	    "}\n"
	    "private rule Small { condition: filesize < 10 }\n"
	    "global rule Either { strings: $a = \"x\" condition: $a or Small }\n"
	    "rule Both { strings: $a = \"abcd\" $b = \"efgh\" condition: $a and $b }\n";
	gb_yara_gated g = {0};
	gb_yara_gated_rules(text, sizeof(text) - 1, &g);
	assert_int_equal(g.count, 2);
	assert_true(gb_yara_gated_has(&g, "Hex"));
	assert_true(gb_yara_gated_has(&g, "Both"));
	assert_false(gb_yara_gated_has(&g, "Small"));
	assert_false(gb_yara_gated_has(&g, "Either"));
	assert_false(gb_yara_gated_has(&g, "Commented"));
	gb_yara_gated_free(&g);

	/* a rule the reader cannot follow ends the reading: nothing after it is listed */
	static const char broken[] = "rule A { strings: $a = \"abcd\" condition: $a }\n"
	                             "rule B { strings: $a = \"abc condition: $a }\n"
	                             "rule C { strings: $a = \"abcd\" condition: $a }\n";
	gb_yara_gated_rules(broken, sizeof(broken) - 1, &g);
	assert_true(gb_yara_gated_has(&g, "A"));
	assert_false(gb_yara_gated_has(&g, "C"));
	gb_yara_gated_free(&g);
}

typedef struct lits {
	size_t n, shortest;
	bool has_pw;
} lits;

static void on_literal(void *user, const uint8_t *s, size_t len)
{
	lits *l = user;
	l->n++;
	if (!l->shortest || len < l->shortest)
		l->shortest = len;
	l->has_pw |= len == 17 && memcmp(s, "FGTAbc11*xy+Qqz27", 17) == 0;
}

/* The shipped pack qualifies, so scans skip files without its strings; with
 * user rules on top nothing is skipped. */
static void shipped_pack_is_prefiltered(void **unused)
{
	YR_RULES *rules = gb_yara_compile(true, NULL, NULL, NULL);
	assert_non_null(rules);
	lits l = {0};
	assert_true(gb_yara_shipped_literals(rules, on_literal, &l));
	assert_true(l.n >= 20);
	assert_true(l.shortest >= GB_NEEDLE_MIN);
	assert_true(l.has_pw);
	gb_yara_free(rules);

	char path[] = "/tmp/gbgate.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	static const char user[] = "rule U { strings: $a = \"abcd\" condition: $a }\n";
	assert_int_equal(write(fd, user, sizeof(user) - 1), (ssize_t)(sizeof(user) - 1));
	close(fd);
	const char *paths[] = {path, NULL};
	YR_RULES *both = gb_yara_compile(true, paths, NULL, NULL);
	assert_non_null(both);
	lits none = {0};
	assert_false(gb_yara_shipped_literals(both, on_literal, &none));
	assert_int_equal(none.n, 0);
	gb_yara_free(both);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(conditions_that_need_a_string),
	    cmocka_unit_test(conditions_that_may_match_without_one),
	    cmocka_unit_test(rules_in_a_file),
	    cmocka_unit_test(shipped_pack_is_prefiltered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
