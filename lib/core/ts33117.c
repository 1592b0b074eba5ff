/*
 * The TS 33.117 clause table. Clause numbers and headings follow 3GPP TS
 * 33.117 V17 (sections 4.2 "security functional requirements", 4.3
 * "hardening", 4.4 "basic vulnerability testing"); titles are our short
 * paraphrases, not the specification's text. Written without the published
 * document at hand: to be checked against it clause by clause (the unit test
 * checks only that every clause a rule cites is here). docs/ts33117.md is generated
 * from this table (glassbox list --ts33117 --markdown).
 */
#include <string.h>

#include "glassbox/ts33117.h"

static const gb_ts_clause clauses[] = {
    {"4.2.3.2.2", "Protecting data and information: unauthorized viewing", true},
    {"4.2.3.2.3", "Protecting data and information in storage", true},
    {"4.2.3.2.4", "Protecting data and information in transfer", true},
    {"4.2.3.3.1", "System handling during overload situations", false},
    {"4.2.3.3.2", "Boot from intended memory devices only", false},
    {"4.2.3.3.4", "System robustness against unexpected input", false},
    {"4.2.3.3.5", "Network product software package integrity", true},
    {"4.2.3.4.1", "Authentication policy", false},
    {"4.2.3.4.2.1", "Account protection by at least one authentication attribute", true},
    {"4.2.3.4.2.2", "Predefined accounts shall be deleted or disabled", true},
    {"4.2.3.4.2.3", "Predefined or default authentication attributes shall be deleted or disabled", true},
    {"4.2.3.4.3.1", "Password structure (complex passwords)", true},
    {"4.2.3.4.3.2", "Password changes", false},
    {"4.2.3.4.3.3", "Protection against brute force and dictionary attacks", false},
    {"4.2.3.4.5", "Policy regarding consecutive failed login attempts", false},
    {"4.2.3.4.6.1", "Authorization policy", false},
    {"4.2.3.5.2", "Protecting sessions: inactivity timeout", false},
    {"4.2.3.6.1", "Security event logging", false},
    {"4.2.3.6.3", "Protection of security event log files", true},
    {"4.2.4.1.1", "Operating systems: handling of growing content", false},
    {"4.2.4.1.2", "Operating systems: handling of ICMP", false},
    {"4.2.5.1", "Web servers: HTTPS", true},
    {"4.2.5.2", "Web servers: webserver logging", false},
    {"4.2.5.3", "Web servers: HTTP user sessions", false},
    {"4.2.5.4", "Web servers: HTTP input validation", false},
    {"4.3.2.1", "No unnecessary or insecure services or protocols", true},
    {"4.3.2.2", "Restricted reachability of services", true},
    {"4.3.2.3", "No unused software", true},
    {"4.3.2.4", "No unused functions", true},
    {"4.3.2.5", "No unsupported components", true},
    {"4.3.2.6", "Remote login restrictions for privileged users", true},
    {"4.3.2.7", "Filesystem authorization privileges", true},
    {"4.3.3.1.1", "IP source address spoofing mitigation", false},
    {"4.3.3.1.2", "Minimized kernel network functions", false},
    {"4.3.3.1.3", "No automatic launch of removable media", true},
    {"4.3.3.1.4", "SYN flood prevention", false},
    {"4.3.3.1.5", "Protection from buffer overflows", true},
    {"4.3.3.1.6", "External file system mount restrictions", true},
    {"4.3.3.1.7", "File-system based attacks restriction", true},
    {"4.3.4.1", "Web servers: no system privileges", true},
    {"4.3.4.2", "Web servers: no unused HTTP methods", true},
    {"4.3.4.3", "Web servers: no unused add-ons", true},
    {"4.3.4.4", "Web servers: no compiler, interpreter or shell via CGI or other server-side scripting",
     true},
    {"4.3.4.5", "Web servers: no CGI or other scripting for uploads", true},
    {"4.3.4.6", "Web servers: no execution of system commands with SSI", true},
    {"4.3.4.7", "Web servers: access rights for web server configuration", true},
    {"4.3.4.8", "Web servers: no default content", true},
    {"4.3.4.9", "Web servers: no directory listings", true},
    {"4.3.4.10", "Web servers: web server information in HTTP headers", false},
    {"4.3.4.11", "Web servers: web server information in error pages", false},
    {"4.3.4.13", "Web servers: restricted file access", true},
    {"4.4.2", "Port scanning", false},
    {"4.4.3", "Vulnerability scanning", true},
    {"4.4.4", "Robustness and fuzz testing", false},
    {NULL, NULL, false},
};

const gb_ts_clause *gb_ts33117_clauses(void)
{
	return clauses;
}

const gb_ts_clause *gb_ts33117_find(const char *id)
{
	for (const gb_ts_clause *c = clauses; c->id; c++)
		if (strcmp(c->id, id) == 0)
			return c;
	return NULL;
}

const char *gb_ts_verdict_name(gb_ts_verdict v)
{
	switch (v) {
	case GB_TS_FAIL: return "fail";
	case GB_TS_NO_EVIDENCE: return "no evidence of failure";
	case GB_TS_NOT_ASSESSED: return "not assessed";
	case GB_TS_NOT_STATIC: return "not assessable statically";
	}
	return "?";
}

bool gb_ts33117_csv_has(const char *csv, const char *clause)
{
	if (!csv || !clause)
		return false;
	size_t n = strlen(clause);
	for (const char *p = csv; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && memcmp(p, clause, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

size_t gb_ts33117_rule_count(const char *clause)
{
	size_t n = 0;
	for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
		for (const gb_rule *r = *t; r->id; r++)
			n += gb_ts33117_csv_has(r->ts33117, clause);
	return n;
}

gb_ts_verdict gb_ts33117_verdict(const gb_ts_clause *c, const gb_findings *findings)
{
	/* A finding is evidence even against a clause we call not statically
	 * assessable: a static look can show a failure, just never a pass. */
	for (size_t i = 0; findings && i < findings->count; i++)
		if (gb_ts33117_csv_has(findings->items[i].ts33117, c->id))
			return GB_TS_FAIL;
	if (!c->assessable)
		return GB_TS_NOT_STATIC;
	return gb_ts33117_rule_count(c->id) ? GB_TS_NO_EVIDENCE : GB_TS_NOT_ASSESSED;
}
