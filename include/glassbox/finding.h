/*
 * Findings: one shape everywhere (see docs/report-format.md).
 */
#ifndef GLASSBOX_FINDING_H
#define GLASSBOX_FINDING_H

#include <stddef.h>
#include <stdint.h>

typedef enum gb_severity {
	GB_SEV_INFO,
	GB_SEV_LOW,
	GB_SEV_MEDIUM,
	GB_SEV_HIGH,
	GB_SEV_CRITICAL,
} gb_severity;

#define GB_SEV_COUNT 5

/* A rule: stable id, never reused; the table of all rules generates docs/rules.md. */
typedef struct gb_rule {
	const char *id; /* "GB-EXTR-001" */
	const char *title;
	gb_severity severity;
	const char
	    *category; /* credentials service key secret hardening backdoor vulnerability config extraction */
	const char *cwe;         /* comma-separated: "CWE-22,CWE-59" */
	const char *ts33117;     /* comma-separated clauses: "4.2.3.4.2.1" */
	const char *description; /* what it means and what to do */
} gb_rule;

typedef struct gb_finding {
	const char *rule_id;
	char *title; /* rule title unless overridden */
	gb_severity severity;
	const char *category;
	char *path;
	char *container;
	uint64_t node_id;
	int64_t offset; /* -1: not applicable */
	int64_t line;   /* -1: not applicable */
	char *evidence; /* secrets redacted */
	char sha256[65];
	const char *cwe;
	const char *ts33117;
	char *references; /* comma-separated */
	char fingerprint[65];
} gb_finding;

typedef struct gb_findings {
	gb_finding *items;
	size_t count, cap;
} gb_findings;

const char *gb_severity_name(gb_severity sev);
int gb_severity_from_name(const char *name); /* -1 if unknown */

/* Looks a rule up in the table of all rules; NULL if unknown. */
const gb_rule *gb_rule_find(const char *id);
/* All rules, terminated by an entry whose id is NULL. */
const gb_rule *const *gb_rule_tables(void);

/* Adds a finding for RULE_ID (which must be in the rule table) and computes its
 * fingerprint from (rule, container, path, evidence). Strings are copied. */
gb_finding *gb_findings_add(gb_findings *list, const char *rule_id, const char *path, const char *container,
                            uint64_t node_id, int64_t offset, const char *evidence, const char *sha256);
void gb_findings_free(gb_findings *list);
/* Fingerprint = sha256 hex of rule_id \0 container \0 path \0 evidence. */
void gb_finding_fingerprint(const gb_finding *f, char out[65]);

#endif
