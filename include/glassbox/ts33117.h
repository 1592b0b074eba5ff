/*
 * 3GPP TS 33.117 (security assurance requirements catalogue for network
 * products): the clauses glassbox reports on. Every rule names the clauses it
 * is evidence against (gb_rule.ts33117); a scan report carries, for each
 * clause, a verdict derived from the findings (docs/ts33117.md).
 */
#ifndef GLASSBOX_TS33117_H
#define GLASSBOX_TS33117_H

#include <stdbool.h>
#include <stddef.h>

#include "glassbox/finding.h"

typedef struct gb_ts_clause {
	const char *id;    /* "4.2.3.4.2.2" */
	const char *title; /* short paraphrase of the clause heading */
	/* Whether a look at the firmware image alone can show a failure of the
	 * clause. Overload handling, logging at run time or port scans cannot. */
	bool assessable;
} gb_ts_clause;

typedef enum gb_ts_verdict {
	GB_TS_FAIL,         /* at least one finding cites the clause */
	GB_TS_NO_EVIDENCE,  /* rules look for failures of it; none was found */
	GB_TS_NOT_ASSESSED, /* assessable in principle, but no glassbox rule looks for it yet */
	GB_TS_NOT_STATIC,   /* cannot be assessed from the image */
} gb_ts_verdict;

/* The clause table, terminated by an entry whose id is NULL. */
const gb_ts_clause *gb_ts33117_clauses(void);
const gb_ts_clause *gb_ts33117_find(const char *id);
const char *gb_ts_verdict_name(gb_ts_verdict v);
/* Whether CSV (a comma-separated clause list) names CLAUSE exactly. */
bool gb_ts33117_csv_has(const char *csv, const char *clause);
/* Number of rules (over all rule tables) citing CLAUSE. */
size_t gb_ts33117_rule_count(const char *clause);
gb_ts_verdict gb_ts33117_verdict(const gb_ts_clause *c, const gb_findings *findings);

#endif
