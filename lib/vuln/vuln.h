/*
 * Known vulnerabilities: version order, CPE names, NVD import, matching of
 * components against the stored CPE configurations.
 */
#ifndef GB_VULN_H
#define GB_VULN_H

#include <stdbool.h>
#include <stddef.h>

#include "glassbox/component.h"
#include "glassbox/finding.h"
#include "glassbox/store.h"

/* Version order for upstream versions as NVD and vendors write them:
 * dotted numbers, letter suffixes (1.0.2k > 1.0.2), date versions (2022.83),
 * pre-releases (alpha < beta < pre < rc < release: 1.0rc1 < 1.0),
 * patch levels (9.2p1 > 9.2), an optional Debian epoch ("1:") and "~".
 * Returns <0, 0, >0 like strcmp. */
int gb_version_compare(const char *a, const char *b);

/* dpkg's own order (deb-version(7)): epoch, upstream, revision, "~" first. */
int gb_version_compare_dpkg(const char *a, const char *b);

/* Splits a Debian version "E:UPSTREAM-REVISION" into its upstream part
 * (written to UP, at most UPSZ bytes). */
void gb_version_debian_upstream(const char *v, char *up, size_t upsz);

typedef struct gb_version_range {
	const char *start; /* NULL: unbounded */
	bool start_incl;
	const char *end; /* NULL: unbounded */
	bool end_incl;
	const char *exact; /* a single version ("*" or NULL: any) when no range bound is set */
} gb_version_range;

/* Whether V lies in R (range bounds first; with none, exact match or "*"). */
bool gb_version_in_range(const char *v, const gb_version_range *r);

/* CPE 2.3 formatted string binding: cpe:2.3:part:vendor:product:version:update:... */
typedef struct gb_cpe {
	char part[4];
	char vendor[96];
	char product[96];
	char version[64];
	char update[64];
} gb_cpe;

/* Parses the first five attributes of a CPE 2.3 formatted string (escapes kept
 * as written, so they compare equal to NVD's). Returns 0, -1 if malformed. */
int gb_cpe_parse(const char *s, gb_cpe *out);
/* Formats a CPE 2.3 string; characters that need it are escaped. Caller frees. */
char *gb_cpe_format(const char *part, const char *vendor, const char *product, const char *version,
                    const char *update);

/* Imports NVD CVE API 2.0 JSON: a single CVE record ({"id":..}), an API
 * answer or feed file ({"vulnerabilities":[{"cve":..}]}); gzip is read too.
 * Returns the number of records imported, -1 with *err. */
long gb_vuln_import_file(gb_store *s, const char *path, char **err);
/* Imports the data shipped in rules/vulndb when the store holds none of it yet
 * (first use), so a scan reports known vulnerabilities offline. Returns the
 * number imported (0: already there), -1 with *err. */
long gb_vuln_ensure_shipped(gb_store *s, char **err);

typedef struct gb_vuln_status {
	long long records, cpe_matches, sources;
	char latest_modified[32];
	char version[96];
} gb_vuln_status;
int gb_vuln_status_get(gb_store *s, gb_vuln_status *st);

/* Matches COMPONENTS against the store and appends GB-VULN-001 findings to OUT.
 * Returns the number of findings added. */
long gb_vuln_match(gb_store *s, const gb_components *components, const gb_inventory *inv, gb_findings *out);

/* CVSS v3.x base score of a vector ("CVSS:3.1/AV:N/AC:L/..."); -1 when it is not one. */
double gb_cvss3_base_score(const char *vector);

/* OSV (https://ossf.github.io/osv-schema/): whether ROOT is an OSV record or
 * an array of them, and importing them. Ranges of the ECOSYSTEM and SEMVER
 * types and explicit version lists are kept, per package and ecosystem. */
struct json_t;
bool gb_osv_is(struct json_t *root);
long gb_osv_import(gb_store *s, struct json_t *root, const char *source, const char *sha, char **err);
/* Matches components of distribution packages (Debian, Ubuntu) against the
 * OSV ranges of their ecosystem, in dpkg version order, skipping records
 * whose CVE alias is already in OUT for the same component. */
long gb_osv_match(gb_store *s, const gb_components *components, const gb_inventory *inv, gb_findings *out);

/* Shared by the matchers (match.c): severity from a label or a score, and VEX lookup. */
gb_severity gb_vuln_severity(const char *label, double score);
struct gb_buf;
/* Appends to EV what a VEX statement says of VULN for component C, and sets STATUS ("" when none). */
void gb_vuln_vex_lookup(gb_store *s, const char *vuln, const gb_component *c, char *status, size_t ssz,
                        struct gb_buf *ev);
/* Whether STATUS is a VEX status that suppresses a finding. */
bool gb_vuln_vex_suppresses(const char *status);

/* Sets what gb_vulndata_version() answers (lib/core/version.c). */
void gb_vulndata_version_set(const char *v);

#endif
