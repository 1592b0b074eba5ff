/* The TS 33.117 clause table: every clause a rule cites is in it, and the
 * verdicts follow from the findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "glassbox/finding.h"
#include "glassbox/ts33117.h"

static void every_cited_clause_is_in_the_table(void **unused)
{
	for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
		for (const gb_rule *r = *t; r->id; r++) {
			const char *p = r->ts33117;
			while (p && *p) {
				char clause[32];
				size_t len = strcspn(p, ",");
				assert_true(len > 0 && len < sizeof(clause));
				memcpy(clause, p, len);
				clause[len] = 0;
				if (!gb_ts33117_find(clause))
					fail_msg("rule %s cites %s, which is not in the clause table", r->id,
					         clause);
				p += len + (p[len] == ',');
			}
		}
}

static void table_is_sane(void **unused)
{
	size_t n = 0;
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++, n++) {
		assert_non_null(c->title);
		for (const gb_ts_clause *d = c + 1; d->id; d++)
			assert_string_not_equal(c->id, d->id);
	}
	assert_true(n >= 40);
	/* The clauses issue 3 names. */
	static const char *const named[] = {
	    "4.2.3.4.2.2", "4.2.3.4.2.3", "4.2.3.4.3.1", "4.2.3.2.3", "4.3.2.1", "4.3.2.3", "4.3.2.5",
	    "4.3.2.6",     "4.3.2.7",     "4.3.3.1.5",   "4.3.3.1.6", "4.3.4.1", "4.2.5.1"};
	for (size_t i = 0; i < sizeof(named) / sizeof(*named); i++)
		assert_non_null(gb_ts33117_find(named[i]));
}

static void csv_matches_whole_clauses(void **unused)
{
	assert_true(gb_ts33117_csv_has("4.3.2.1,4.3.2.6", "4.3.2.6"));
	assert_true(gb_ts33117_csv_has("4.3.2.1", "4.3.2.1"));
	assert_false(gb_ts33117_csv_has("4.3.2.10", "4.3.2.1"));
	assert_false(gb_ts33117_csv_has("4.3.2.1", "4.3.2.10"));
	assert_false(gb_ts33117_csv_has("", "4.3.2.1"));
	assert_false(gb_ts33117_csv_has(NULL, "4.3.2.1"));
}

static void verdicts_follow_findings(void **unused)
{
	const gb_ts_clause *overload = gb_ts33117_find("4.2.3.3.1");
	assert_non_null(overload);
	gb_findings none = {0};
	assert_int_equal(gb_ts33117_verdict(overload, &none), GB_TS_NOT_STATIC);
	/* A clause some rule looks for: no finding, no evidence of failure;
	 * a finding citing it, fail. */
	const gb_ts_clause *cited = NULL;
	const gb_rule *rule = NULL;
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id && !cited; c++)
		for (const gb_rule *const *t = gb_rule_tables(); *t && !cited; t++)
			for (const gb_rule *r = *t; r->id; r++)
				if (c->assessable && gb_ts33117_csv_has(r->ts33117, c->id)) {
					cited = c;
					rule = r;
					break;
				}
	if (!cited)
		fail_msg("no rule cites an assessable clause");
	assert_int_equal(gb_ts33117_verdict(cited, &none), GB_TS_NO_EVIDENCE);
	gb_findings fs = {0};
	gb_findings_add(&fs, rule->id, "/etc/x", NULL, 1, -1, "e", NULL);
	assert_int_equal(gb_ts33117_verdict(cited, &fs), GB_TS_FAIL);
	gb_findings_free(&fs);
	assert_string_equal(gb_ts_verdict_name(GB_TS_NOT_STATIC), "not assessable statically");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_cited_clause_is_in_the_table),
	    cmocka_unit_test(table_is_sane),
	    cmocka_unit_test(csv_matches_whole_clauses),
	    cmocka_unit_test(verdicts_follow_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
