/*
 * Matching components against the stored CPE configurations. A component
 * with CPE vendor:product:version:update matches a vulnerable CPE match of
 * the same vendor and product when its version lies in the match's range
 * (versionStart/End Including/Excluding), or, without a range, equals the
 * match's version; an update other than "*" must be equal too ("p1").
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store_internal.h"
#include "util/util.h"
#include "vuln/vuln.h"

const gb_rule gb_vuln_rules[] = {
    {"GB-VULN-001", "Component version has a known vulnerability", GB_SEV_HIGH, "vulnerability", "",
     "4.2.3.2.2",
     "A component identified in the input (by its package database or a version string in a "
     "binary) has a version inside a range that a published CVE names as vulnerable. The "
     "finding gives the CVE, its CVSS score and vector, the component, where it was found and "
     "the range that matched. Distribution packages (Debian, Ubuntu, OpenWrt) may carry a "
     "backported fix under the same upstream version: the finding names the package version "
     "so it can be checked against the distribution's security tracker. Update the component "
     "or show that the fix is present."},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL},
};

gb_severity gb_vuln_severity(const char *nvd, double score)
{
	if (nvd) {
		if (!strcasecmp(nvd, "CRITICAL"))
			return GB_SEV_CRITICAL;
		if (!strcasecmp(nvd, "HIGH"))
			return GB_SEV_HIGH;
		if (!strcasecmp(nvd, "MEDIUM"))
			return GB_SEV_MEDIUM;
		if (!strcasecmp(nvd, "LOW"))
			return GB_SEV_LOW;
	}
	if (score >= 9.0)
		return GB_SEV_CRITICAL;
	if (score >= 7.0)
		return GB_SEV_HIGH;
	if (score >= 4.0)
		return GB_SEV_MEDIUM;
	return score > 0 ? GB_SEV_LOW : GB_SEV_MEDIUM;
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static bool update_matches(const char *want, const char *have)
{
	if (!want || !strcmp(want, "*"))
		return true;
	if (!strcmp(want, "-"))
		return !have[0] || !strcmp(have, "*") || !strcmp(have, "-");
	return !strcasecmp(want, have);
}

static char *describe_range(sqlite3_stmt *st)
{
	const char *si = col(st, 3), *se = col(st, 4), *ei = col(st, 5), *ee = col(st, 6);
	if (!si && !se && !ei && !ee)
		return gb_xasprintf("version %s", col(st, 1) ? col(st, 1) : "*");
	gb_buf b = {0};
	if (si)
		gb_buf_printf(&b, "from %s (including)", si);
	else if (se)
		gb_buf_printf(&b, "from %s (excluding)", se);
	if (ei)
		gb_buf_printf(&b, "%sto %s (including)", b.len ? " " : "", ei);
	else if (ee)
		gb_buf_printf(&b, "%sto %s (excluding)", b.len ? " " : "", ee);
	return gb_buf_steal(&b);
}

/* Vendor/product names the NVD used for the same software at other times:
 * records keep the name of their day (nginx:nginx before f5:nginx,
 * haxx:libcurl next to haxx:curl). A component is matched under each name of
 * its group. uClibc-ng continues uClibc: the old project's CVEs name code the
 * fork kept. */
static const char *const alias_groups[][4] = {
    {"f5:nginx", "nginx:nginx", "igor_sysoev:nginx", NULL},
    {"haxx:curl", "haxx:libcurl", NULL},
    {"dropbear_ssh_project:dropbear_ssh", "matt_johnston:dropbear_ssh_server", NULL},
    {"uclibc-ng_project:uclibc-ng", "uclibc:uclibc", NULL},
    {"arm:mbed_tls", "arm:mbedtls", NULL},
    {"tuxfamily:chrony", "chrony_project:chrony", NULL},
    {"libexpat_project:libexpat", "libexpat:expat", NULL},
    {"linuxfoundation:free_range_routing", "frrouting:frrouting", NULL},
    {"libupnp_project:libupnp", "pupnp_project:pupnp", NULL},
};

/* The vendor:product names to look up for CPE C (C's own first). */
static size_t names_for(const gb_cpe *c, char names[4][200])
{
	size_t n = 0;
	snprintf(names[n++], 200, "%s:%s", c->vendor, c->product);
	for (size_t g = 0; g < sizeof(alias_groups) / sizeof(alias_groups[0]); g++) {
		bool in = false;
		for (size_t k = 0; k < 4 && alias_groups[g][k]; k++)
			if (!strcmp(alias_groups[g][k], names[0]))
				in = true;
		if (!in)
			continue;
		for (size_t k = 0; k < 4 && alias_groups[g][k] && n < 4; k++)
			if (strcmp(alias_groups[g][k], names[0]) != 0)
				snprintf(names[n++], 200, "%s", alias_groups[g][k]);
	}
	return n;
}

/* Whether a VEX statement speaks of VULN for component C (by purl with or
 * without version and qualifiers, CPE, or name); appends it to EV. */
void gb_vuln_vex_lookup(gb_store *s, const char *vuln, const gb_component *c, char *status, size_t ssz,
                        gb_buf *ev)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT product, status, justification, statement, source FROM vex"
	                       " WHERE vuln_id = ? ORDER BY source, product",
	                       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, vuln, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *prod = col(st, 0), *stat = col(st, 1), *just = col(st, 2), *note = col(st, 3);
		size_t pl = prod ? strlen(prod) : 0;
		bool by_purl =
		    c->purl && prod &&
		    (!strcmp(c->purl, prod) || (!strncmp(c->purl, prod, pl) && strchr("@?#", c->purl[pl])));
		/* A component merged from several packages (openssh-client and
		 * openssh-server) keeps one purl; the others are named in its
		 * evidence ("deb package openssh-server 1:9.2p1-2 in ..."). */
		if (!by_purl && prod && c->evidence &&
		    (!strncmp(prod, "pkg:deb/", 8) || !strncmp(prod, "pkg:opkg/", 9))) {
			const char *nm = strrchr(prod, '/') + 1;
			size_t nl = strcspn(nm, "@?#");
			char *needle =
			    gb_xasprintf("%s package %.*s ", prod[4] == 'd' ? "deb" : "opkg", (int)nl, nm);
			by_purl = strstr(c->evidence, needle) != NULL;
			free(needle);
		}
		bool hit = prod && (by_purl || (c->cpe && !strcmp(c->cpe, prod)) ||
		                    (c->name && !strcmp(c->name, prod)));
		if (!hit || !stat)
			continue;
		snprintf(status, ssz, "%s", stat);
		gb_buf_printf(ev, "; VEX (%s) for %s: %s", col(st, 4) ? gb_basename(col(st, 4)) : "?", prod,
		              stat);
		if (just)
			gb_buf_printf(ev, ", justification %s", just);
		if (note)
			gb_buf_printf(ev, ": %s", note);
		break;
	}
	sqlite3_finalize(st);
}

bool gb_vuln_vex_suppresses(const char *status)
{
	return !strcmp(status, "not_affected") || !strcmp(status, "fixed") ||
	       !strcmp(status, "false_positive") || !strcmp(status, "resolved");
}

long gb_vuln_match(gb_store *s, const gb_components *cs, const gb_inventory *inv, gb_findings *out)
{
	sqlite3_stmt *st, *vst;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT vuln_id, version, upd, start_incl, start_excl, end_incl, end_excl, criteria"
	        " FROM vuln_cpes WHERE product = ? AND vendor = ? ORDER BY vuln_id, rowid",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(
	        s->db, "SELECT cvss_score, cvss_vector, severity, description FROM vulns WHERE id = ?", -1,
	        &vst, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	long added = 0;
	for (size_t i = 0; i < cs->count; i++) {
		const gb_component *c = &cs->items[i];
		gb_cpe cpe;
		if (!c->cpe || gb_cpe_parse(c->cpe, &cpe) < 0 || !strcmp(cpe.version, "*"))
			continue;
		const char *upd = strcmp(cpe.update, "*") ? cpe.update : "";
		char names[4][200];
		size_t nnames = names_for(&cpe, names);
		/* One finding per CVE and component, whichever name matched. */
		char **seen = NULL;
		size_t nseen = 0;
		for (size_t ni = 0; ni < nnames; ni++) {
			char *colon = strchr(names[ni], ':');
			*colon = '\0';
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, colon + 1, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, names[ni], -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *id = col(st, 0);
				bool dup = !id;
				for (size_t k = 0; id && k < nseen; k++)
					if (!strcmp(seen[k], id))
						dup = true;
				if (dup)
					continue;
				gb_version_range r = {.start = col(st, 3) ? col(st, 3) : col(st, 4),
				                      .start_incl = col(st, 3) != NULL,
				                      .end = col(st, 5) ? col(st, 5) : col(st, 6),
				                      .end_incl = col(st, 5) != NULL,
				                      .exact = col(st, 1)};
				if (!gb_version_in_range(cpe.version, &r) || !update_matches(col(st, 2), upd))
					continue;
				seen = gb_xrealloc(seen, (nseen + 1) * sizeof(*seen));
				seen[nseen++] = gb_xstrdup(id);
				double score = 0;
				const char *vector = NULL, *nvdsev = NULL;
				sqlite3_reset(vst);
				sqlite3_bind_text(vst, 1, id, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(vst) == SQLITE_ROW) {
					score = sqlite3_column_double(vst, 0);
					vector = col(vst, 1);
					nvdsev = col(vst, 2);
				}
				char *range = describe_range(st);
				gb_buf ev = {0};
				gb_buf_printf(&ev, "%s: %s %s (%s) matches %s %s", id, c->name, c->version,
				              c->cpe, col(st, 7), range);
				if (vector)
					gb_buf_printf(&ev, "; CVSS %.1f %s", score, vector);
				if (c->pkg_version)
					gb_buf_printf(
					    &ev,
					    "; distribution version %s may carry a backported fix: check the "
					    "distribution's security tracker",
					    c->pkg_version);
				gb_buf_printf(&ev, "; found by %s", c->evidence ? c->evidence : "?");
				char vex_status[32] = "";
				gb_vuln_vex_lookup(s, id, c, vex_status, sizeof(vex_status), &ev);
				char *evs = gb_buf_steal(&ev);
				const gb_node *n = NULL;
				if (c->node_id && inv && c->node_id <= inv->count)
					n = &inv->nodes[c->node_id - 1];
				gb_finding *f =
				    gb_findings_add(out, "GB-VULN-001", c->path, c->container, c->node_id, -1,
				                    evs, n && n->sha256[0] ? n->sha256 : NULL);
				free(f->title);
				f->title = gb_xasprintf(
				    "%s in %s %s%s", id, c->name, c->version,
				    c->pkg_version ? " (distribution package: check for a backport)" : "");
				f->severity = gb_vuln_severity(nvdsev, score);
				if (gb_vuln_vex_suppresses(vex_status)) {
					/* Suppressed by a VEX statement: kept, visibly, at info. */
					char *t = gb_xasprintf("%s: %s per VEX", f->title, vex_status);
					free(f->title);
					f->title = t;
					f->severity = GB_SEV_INFO;
				}
				f->references = gb_xasprintf("https://nvd.nist.gov/vuln/detail/%s", id);
				free(range);
				free(evs);
				added++;
			}
		}
		for (size_t k = 0; k < nseen; k++)
			free(seen[k]);
		free(seen);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(vst);
	return added;
}
