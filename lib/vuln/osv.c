/*
 * OSV records (https://ossf.github.io/osv-schema/), the format of osv.dev and
 * of the Debian, Ubuntu and GitHub advisory databases: a record names
 * packages of an ecosystem and, per package, the versions or version
 * intervals (introduced / fixed / last_affected events) it affects.
 *
 * Distribution records are what tells a backported fix apart from a
 * vulnerable package: "fixed in 1:9.2p1-2+deb12u3" is a Debian version, read
 * in dpkg order against the version of the package that was installed. So
 * OSV matching is by package name and distribution version, for components
 * that came from a Debian or Ubuntu package database; NVD's CPE matching
 * (match.c) covers versions found in the binaries themselves.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"
#include "util/util.h"
#include "vuln/vuln.h"

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool gb_osv_is(json_t *root)
{
	json_t *r = json_is_array(root) ? json_array_get(root, 0) : root;
	return json_is_object(r) && str(r, "id") && json_is_array(json_object_get(r, "affected"));
}

typedef struct osv_importer {
	sqlite3_stmt *del_pkgs, *ins_vuln, *ins_pkg;
	long records;
} osv_importer;

static int add_row(osv_importer *im, const char *id, const char *eco, const char *name, const char *intro,
                   const char *fixed, const char *last, const char *version)
{
	sqlite3_stmt *st = im->ins_pkg;
	const char *vals[] = {id, eco, name, intro, fixed, last, version};
	sqlite3_reset(st);
	for (int i = 0; i < 7; i++)
		if (vals[i])
			sqlite3_bind_text(st, i + 1, vals[i], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 1);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
}

/* The intervals of one range: each "introduced" opens one, "fixed" or
 * "last_affected" closes it; one still open at the end is unbounded above. */
static int add_range(osv_importer *im, const char *id, const char *eco, const char *name, json_t *range)
{
	const char *type = str(range, "type");
	if (!type || (strcmp(type, "ECOSYSTEM") != 0 && strcmp(type, "SEMVER") != 0))
		return 0; /* GIT ranges name commits, which a firmware does not show */
	const char *open = NULL;
	json_t *ev;
	size_t i;
	json_array_foreach(json_object_get(range, "events"), i, ev)
	{
		const char *intro = str(ev, "introduced"), *fixed = str(ev, "fixed"),
		           *last = str(ev, "last_affected");
		if (intro) {
			if (open && add_row(im, id, eco, name, open, NULL, NULL, NULL) < 0)
				return -1;
			open = intro;
		} else if (fixed || last) {
			if (add_row(im, id, eco, name, open ? open : "0", fixed, last, NULL) < 0)
				return -1;
			open = NULL;
		}
	}
	return open ? add_row(im, id, eco, name, open, NULL, NULL, NULL) : 0;
}

static int import_record(gb_store *s, osv_importer *im, json_t *r, char **err)
{
	const char *id = str(r, "id");
	if (!id || strlen(id) > 128) {
		*err = gb_xasprintf("OSV record %ld has no id", im->records + 1);
		return -1;
	}
	gb_buf aliases = {0};
	json_t *a;
	size_t i;
	json_array_foreach(json_object_get(r, "aliases"), i, a) if (json_is_string(a))
	    gb_buf_printf(&aliases, "%s%s", aliases.len ? "," : "", json_string_value(a));
	const char *vector = NULL, *label = NULL;
	json_t *sev;
	json_array_foreach(json_object_get(r, "severity"), i, sev)
	{
		const char *type = str(sev, "type");
		if (type && !strncmp(type, "CVSS_V3", 7)) {
			vector = str(sev, "score");
			break;
		}
	}
	json_t *dbs = json_object_get(r, "database_specific");
	label = dbs ? str(dbs, "severity") : NULL;
	if (label && !strcmp(label, "MODERATE")) /* GitHub's word for medium */
		label = "MEDIUM";
	double score = gb_cvss3_base_score(vector);

	sqlite3_stmt *st = im->del_pkgs;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	st = im->ins_vuln;
	sqlite3_reset(st);
	const char *desc = str(r, "summary") ? str(r, "summary") : str(r, "details");
	const char *vals[] = {id, "osv", str(r, "published"), str(r, "modified"), desc};
	for (int k = 0; k < 5; k++)
		if (vals[k])
			sqlite3_bind_text(st, k + 1, vals[k], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, k + 1);
	if (score >= 0) {
		sqlite3_bind_text(st, 6, "3", -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 7, score);
		sqlite3_bind_text(st, 8, vector, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(st, 6), sqlite3_bind_null(st, 7), sqlite3_bind_null(st, 8);
	}
	if (label)
		sqlite3_bind_text(st, 9, label, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 9);
	if (aliases.len)
		sqlite3_bind_text(st, 10, aliases.data, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 10);
	free(aliases.data);
	if (sqlite3_step(st) != SQLITE_DONE) {
		*err = gb_xasprintf("%s: %s", id, sqlite3_errmsg(s->db));
		return -1;
	}
	json_t *aff;
	json_array_foreach(json_object_get(r, "affected"), i, aff)
	{
		json_t *pkg = json_object_get(aff, "package");
		const char *eco = str(pkg, "ecosystem"), *name = str(pkg, "name");
		if (!eco || !name)
			continue; /* an entry without a package names nothing glassbox can match */
		json_t *x;
		size_t j;
		json_array_foreach(json_object_get(aff, "ranges"), j,
		                   x) if (add_range(im, id, eco, name, x) < 0)
		{
			*err = gb_xasprintf("%s: %s", id, sqlite3_errmsg(s->db));
			return -1;
		}
		json_array_foreach(json_object_get(aff, "versions"), j,
		                   x) if (json_is_string(x) && add_row(im, id, eco, name, NULL, NULL, NULL,
		                                                       json_string_value(x)) < 0)
		{
			*err = gb_xasprintf("%s: %s", id, sqlite3_errmsg(s->db));
			return -1;
		}
	}
	im->records++;
	return 0;
}

long gb_osv_import(gb_store *s, json_t *root, const char *source, const char *sha, char **err)
{
	osv_importer im = {0};
	int rc = 0;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM vuln_packages WHERE vuln_id = ?", -1, &im.del_pkgs,
	                       NULL) ||
	    sqlite3_prepare_v2(s->db,
	                       "INSERT OR REPLACE INTO vulns (id, source, published, modified, description,"
	                       " cvss_version, cvss_score, cvss_vector, severity, aliases)"
	                       " VALUES (?,?,?,?,?,?,?,?,?,?)",
	                       -1, &im.ins_vuln, NULL) ||
	    sqlite3_prepare_v2(s->db,
	                       "INSERT INTO vuln_packages (vuln_id, ecosystem, name, introduced, fixed,"
	                       " last_affected, version) VALUES (?,?,?,?,?,?,?)",
	                       -1, &im.ins_pkg, NULL)) {
		*err = gb_xasprintf("database: %s", sqlite3_errmsg(s->db));
		rc = -1;
	}
	if (rc == 0) {
		if (json_is_array(root)) {
			json_t *r;
			size_t i;
			json_array_foreach(root, i, r) if ((rc = import_record(s, &im, r, err)) < 0) break;
		} else {
			rc = import_record(s, &im, root, err);
		}
	}
	sqlite3_stmt *st = NULL;
	if (rc == 0 &&
	    sqlite3_prepare_v2(s->db,
	                       "INSERT OR REPLACE INTO vuln_sources (name, sha256, imported_at, records)"
	                       " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?)",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, im.records);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(im.del_pkgs);
	sqlite3_finalize(im.ins_vuln);
	sqlite3_finalize(im.ins_pkg);
	if (rc == 0 && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = -1;
	if (rc < 0) {
		if (!*err)
			*err = gb_xasprintf("database: %s", sqlite3_errmsg(s->db));
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return im.records;
}

/* ---- matching ---- */

/* The distribution a component's package came from, as OSV names the ecosystem; NULL if none. */
static const char *distribution(const gb_component *c)
{
	if (!c->purl || !c->pkg_version)
		return NULL;
	if (!strncmp(c->purl, "pkg:deb/debian/", 15))
		return "Debian";
	if (!strncmp(c->purl, "pkg:deb/ubuntu/", 15))
		return "Ubuntu";
	return NULL;
}

static bool in_interval(const char *v, const char *intro, const char *fixed, const char *last,
                        const char *exact)
{
	if (exact)
		return gb_version_compare_dpkg(v, exact) == 0;
	if (intro && strcmp(intro, "0") != 0 && gb_version_compare_dpkg(v, intro) < 0)
		return false;
	if (fixed)
		return gb_version_compare_dpkg(v, fixed) < 0;
	if (last)
		return gb_version_compare_dpkg(v, last) <= 0;
	return true;
}

/* Whether OUT already reports one of ALIASES (comma-separated) for component C. */
static bool reported(const gb_findings *out, const gb_component *c, const char *aliases)
{
	if (!aliases)
		return false;
	for (size_t i = 0; i < out->count; i++) {
		const gb_finding *f = &out->items[i];
		if (strcmp(f->rule_id, "GB-VULN-001") != 0 || f->node_id != c->node_id || !f->title)
			continue;
		size_t n = strcspn(f->title, " ");
		for (const char *a = aliases; *a;) {
			size_t al = strcspn(a, ",");
			if (al == n && !strncmp(a, f->title, n))
				return true;
			a += al + (a[al] == ',');
		}
	}
	return false;
}

long gb_osv_match(gb_store *s, const gb_components *cs, const gb_inventory *inv, gb_findings *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
	        s->db,
	        "SELECT p.vuln_id, p.ecosystem, p.introduced, p.fixed, p.last_affected, p.version,"
	        " v.aliases, v.cvss_score, v.cvss_vector, v.severity"
	        " FROM vuln_packages p JOIN vulns v ON v.id = p.vuln_id"
	        " WHERE p.name = ? ORDER BY p.vuln_id, p.rowid",
	        -1, &st, NULL) != SQLITE_OK)
		return -1;
	long added = 0;
	size_t existing = out->count;
	for (size_t i = 0; i < cs->count; i++) {
		const gb_component *c = &cs->items[i];
		const char *dist = distribution(c);
		if (!dist)
			continue;
		/* the source package (the component's name) and the binary package of its purl */
		char names[2][128];
		size_t nn = 0;
		snprintf(names[nn++], sizeof(names[0]), "%s", c->name);
		const char *pn = strrchr(c->purl, '/') + 1;
		int pl = (int)strcspn(pn, "@?#");
		snprintf(names[nn], sizeof(names[0]), "%.*s", pl, pn);
		if (strcmp(names[nn], names[0]) != 0)
			nn++;
		char last_id[160] = "";
		for (size_t k = 0; k < nn; k++) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, names[k], -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *id = (const char *)sqlite3_column_text(st, 0),
				           *eco = (const char *)sqlite3_column_text(st, 1),
				           *intro = (const char *)sqlite3_column_text(st, 2),
				           *fixed = (const char *)sqlite3_column_text(st, 3),
				           *last = (const char *)sqlite3_column_text(st, 4),
				           *exact = (const char *)sqlite3_column_text(st, 5),
				           *aliases = (const char *)sqlite3_column_text(st, 6),
				           *vector = (const char *)sqlite3_column_text(st, 8),
				           *label = (const char *)sqlite3_column_text(st, 9);
				size_t dl = strlen(dist);
				if (!id || !eco || strncmp(eco, dist, dl) != 0 || (eco[dl] && eco[dl] != ':'))
					continue;
				if (!strcmp(id, last_id) ||
				    !in_interval(c->pkg_version, intro, fixed, last, exact))
					continue;
				/* NVD already reported the same CVE for this component: the record adds
				 * nothing. */
				gb_findings before = {out->items, existing, out->cap};
				if (reported(&before, c, aliases))
					continue;
				snprintf(last_id, sizeof(last_id), "%s", id);
				double score = sqlite3_column_double(st, 7);
				gb_buf ev = {0};
				gb_buf_printf(&ev, "%s%s%s%s: %s package %s %s is in ", id,
				              aliases ? " (" : "", aliases ? aliases : "", aliases ? ")" : "",
				              eco, names[k], c->pkg_version);
				if (exact)
					gb_buf_printf(&ev, "the affected versions (%s)", exact);
				else
					gb_buf_printf(&ev, "[introduced %s, %s %s%s", intro ? intro : "0",
					              fixed  ? "fixed"
					              : last ? "last affected"
					                     : "no fix",
					              fixed  ? fixed
					              : last ? last
					                     : "",
					              fixed ? ")" : "]");
				if (vector)
					gb_buf_printf(&ev, "; CVSS %.1f %s", score, vector);
				gb_buf_printf(&ev, "; found by %s", c->evidence ? c->evidence : "?");
				char vex_status[32] = "";
				gb_vuln_vex_lookup(s, id, c, vex_status, sizeof(vex_status), &ev);
				for (const char *a = aliases; a && *a && !vex_status[0];) {
					size_t al = strcspn(a, ",");
					char *one = gb_xstrndup(a, al);
					gb_vuln_vex_lookup(s, one, c, vex_status, sizeof(vex_status), &ev);
					free(one);
					a += al + (a[al] == ',');
				}
				char *evs = gb_buf_steal(&ev);
				const gb_node *n = c->node_id && inv && c->node_id <= inv->count
				                       ? &inv->nodes[c->node_id - 1]
				                       : NULL;
				gb_finding *f =
				    gb_findings_add(out, "GB-VULN-001", c->path, c->container, c->node_id, -1,
				                    evs, n && n->sha256[0] ? n->sha256 : NULL);
				free(evs);
				free(f->title);
				f->title = gb_xasprintf("%s in %s %s (%s package %s)", id, c->name,
				                        c->version, dist, c->pkg_version);
				f->severity =
				    vector || label ? gb_vuln_severity(label, score) : GB_SEV_MEDIUM;
				if (gb_vuln_vex_suppresses(vex_status)) {
					char *t = gb_xasprintf("%s: %s per VEX", f->title, vex_status);
					free(f->title);
					f->title = t;
					f->severity = GB_SEV_INFO;
				}
				f->references = gb_xasprintf("https://osv.dev/vulnerability/%s", id);
				added++;
			}
		}
	}
	sqlite3_finalize(st);
	return added;
}
