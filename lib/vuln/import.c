/*
 * Importer of NVD CVE API 2.0 JSON (OSV records are handed to osv.c, VEX
 * documents to import_vex) (https://nvd.nist.gov/developers/vulnerabilities):
 * single CVE records, {"cve": record}, and API answers / feed files
 * {"vulnerabilities": [{"cve": record}, ...]}; gzip-compressed or plain.
 * Only the vulnerable CPE matches of a record's configurations are stored;
 * the non-vulnerable ones of an AND configuration name the platform a
 * component runs on, which a firmware scan does not decide on.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "store/store_internal.h"
#include "util/util.h"
#include "vuln/vuln.h"

#ifndef GB_RULES_DIR
#define GB_RULES_DIR "/usr/local/share/glassbox/rules"
#endif

/* Bigger than the largest NVD feed file (about 400 MiB uncompressed for a
 * full year); bounds memory for a hostile file. */
#define MAX_IMPORT_BYTES (1ull << 30)

static char *read_all(const char *path, size_t *len, char **err)
{
	gzFile gz = gzopen(path, "rb"); /* reads plain files too */
	if (!gz) {
		*err = gb_xasprintf("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	gb_buf b = {0};
	char chunk[65536];
	int n;
	while ((n = gzread(gz, chunk, sizeof(chunk))) > 0) {
		if (b.len + (size_t)n > MAX_IMPORT_BYTES) {
			*err = gb_xasprintf("%s: larger than %llu bytes", path, MAX_IMPORT_BYTES);
			gb_buf_free(&b);
			gzclose(gz);
			return NULL;
		}
		gb_buf_append(&b, chunk, (size_t)n);
	}
	if (n < 0) {
		int zerr;
		const char *msg = gzerror(gz, &zerr);
		*err = gb_xasprintf("%s: read error after %zu bytes: %s", path, b.len, msg);
		gb_buf_free(&b);
		gzclose(gz);
		return NULL;
	}
	gzclose(gz);
	*len = b.len;
	return gb_buf_steal(&b);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

typedef struct importer {
	sqlite3_stmt *del_cpes, *del_vuln, *ins_vuln, *ins_cpe;
	long records, matches;
} importer;

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Best CVSS metric: v3.1, then v3.0, v4.0, v2; the NVD's own (Primary) first. */
static json_t *best_metric(json_t *metrics, const char **version)
{
	static const char *const keys[] = {"cvssMetricV31", "cvssMetricV30", "cvssMetricV40", "cvssMetricV2"};
	for (size_t k = 0; k < 4; k++) {
		json_t *arr = json_object_get(metrics, keys[k]);
		if (!json_is_array(arr) || json_array_size(arr) == 0)
			continue;
		json_t *pick = json_array_get(arr, 0), *m;
		size_t i;
		json_array_foreach(arr, i, m) if (str(m, "type") && !strcmp(str(m, "type"), "Primary"))
		{
			pick = m;
			break;
		}
		*version = keys[k];
		return pick;
	}
	return NULL;
}

static int import_record(gb_store *s, importer *im, json_t *cve, char **err)
{
	const char *id = str(cve, "id");
	if (!id || strncmp(id, "CVE-", 4) != 0) {
		*err = gb_xasprintf("record %ld has no CVE id", im->records + 1);
		return -1;
	}
	const char *desc = NULL;
	json_t *d;
	size_t i;
	json_array_foreach(json_object_get(cve, "descriptions"), i, d)
	{
		if (str(d, "lang") && !strcmp(str(d, "lang"), "en")) {
			desc = str(d, "value");
			break;
		}
	}
	const char *mver = NULL;
	json_t *metric = best_metric(json_object_get(cve, "metrics"), &mver);
	json_t *data = metric ? json_object_get(metric, "cvssData") : NULL;
	const char *sev = data ? str(data, "baseSeverity") : NULL;
	if (!sev && metric)
		sev = str(metric, "baseSeverity"); /* v2 keeps it outside cvssData */

	sqlite3_stmt *st = im->del_cpes;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	st = im->del_vuln;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);

	st = im->ins_vuln;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	bind_opt(st, 2, str(cve, "sourceIdentifier"));
	bind_opt(st, 3, str(cve, "published"));
	bind_opt(st, 4, str(cve, "lastModified"));
	bind_opt(st, 5, desc);
	bind_opt(st, 6, data ? str(data, "version") : NULL);
	json_t *score = data ? json_object_get(data, "baseScore") : NULL;
	if (json_is_number(score))
		sqlite3_bind_double(st, 7, json_number_value(score));
	else
		sqlite3_bind_null(st, 7);
	bind_opt(st, 8, data ? str(data, "vectorString") : NULL);
	bind_opt(st, 9, sev);
	if (sqlite3_step(st) != SQLITE_DONE) {
		*err = gb_xasprintf("%s: %s", id, sqlite3_errmsg(s->db));
		return -1;
	}

	json_t *cfg, *node, *m;
	size_t j, k;
	json_array_foreach(json_object_get(cve, "configurations"), i, cfg)
	    json_array_foreach(json_object_get(cfg, "nodes"), j, node)
	        json_array_foreach(json_object_get(node, "cpeMatch"), k, m)
	{
		if (!json_is_true(json_object_get(m, "vulnerable")))
			continue;
		const char *crit = str(m, "criteria");
		gb_cpe c;
		if (!crit || gb_cpe_parse(crit, &c) < 0)
			continue; /* a malformed name matches nothing; the record is kept */
		st = im->ins_cpe;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, c.part, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, c.vendor, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, c.product, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, c.version, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, c.update, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, crit, -1, SQLITE_TRANSIENT);
		bind_opt(st, 8, str(m, "versionStartIncluding"));
		bind_opt(st, 9, str(m, "versionStartExcluding"));
		bind_opt(st, 10, str(m, "versionEndIncluding"));
		bind_opt(st, 11, str(m, "versionEndExcluding"));
		if (sqlite3_step(st) != SQLITE_DONE) {
			*err = gb_xasprintf("%s: %s", id, sqlite3_errmsg(s->db));
			return -1;
		}
		im->matches++;
	}
	im->records++;
	return 0;
}

static char *now_utc(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return gb_xstrdup(buf);
}

/* VEX documents: OpenVEX (https://github.com/openvex/spec: "statements" with
 * vulnerability, products, status, justification) and CycloneDX VEX
 * ("vulnerabilities" with "analysis" and "affects", refs resolved through the
 * document's components to their purl). One row per vulnerability and product. */
static int vex_row(sqlite3_stmt *st, const char *vuln, const char *product, const char *status,
                   const char *just, const char *stmt, const char *source)
{
	if (!vuln || !product || !status)
		return 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, vuln, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, product, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
	bind_opt(st, 4, just);
	bind_opt(st, 5, stmt);
	sqlite3_bind_text(st, 6, source, -1, SQLITE_TRANSIENT);
	return sqlite3_step(st) == SQLITE_DONE ? 1 : -1;
}

static const char *cdx_ref_purl(json_t *root, const char *ref)
{
	json_t *c;
	size_t i;
	json_array_foreach(json_object_get(root, "components"), i, c)
	{
		const char *br = str(c, "bom-ref");
		if (br && !strcmp(br, ref))
			return str(c, "purl") ? str(c, "purl") : str(c, "cpe");
	}
	return ref; /* a ref that is itself a purl or CPE */
}

static long import_vex(gb_store *s, json_t *root, const char *source, char **err)
{
	sqlite3_stmt *st;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(
	        s->db,
	        "INSERT OR REPLACE INTO vex (vuln_id, product, status, justification, statement, source)"
	        " VALUES (?,?,?,?,?,?)",
	        -1, &st, NULL) != SQLITE_OK) {
		*err = gb_xasprintf("database: %s", sqlite3_errmsg(s->db));
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	long n = 0;
	int rc = 0;
	json_t *x, *p;
	size_t i, k;
	json_array_foreach(json_object_get(root, "statements"), i, x)
	{
		json_t *v = json_object_get(x, "vulnerability");
		const char *vuln = json_is_string(v) ? json_string_value(v) : str(v, "name");
		const char *note =
		    str(x, "impact_statement") ? str(x, "impact_statement") : str(x, "status_notes");
		json_array_foreach(json_object_get(x, "products"), k, p)
		{
			const char *prod = json_is_string(p) ? json_string_value(p) : str(p, "@id");
			int r =
			    vex_row(st, vuln, prod, str(x, "status"), str(x, "justification"), note, source);
			if (r < 0)
				rc = -1;
			n += r > 0;
		}
	}
	if (str(root, "bomFormat")) {
		json_array_foreach(json_object_get(root, "vulnerabilities"), i, x)
		{
			json_t *an = json_object_get(x, "analysis");
			json_array_foreach(json_object_get(x, "affects"), k, p)
			{
				const char *ref = str(p, "ref");
				int r =
				    ref ? vex_row(st, str(x, "id"), cdx_ref_purl(root, ref), str(an, "state"),
				                  str(an, "justification"), str(an, "detail"), source)
				        : 0;
				if (r < 0)
					rc = -1;
				n += r > 0;
			}
		}
	}
	sqlite3_finalize(st);
	if (rc < 0 || n == 0) {
		*err = rc < 0
		           ? gb_xasprintf("database: %s", sqlite3_errmsg(s->db))
		           : gb_xstrdup(
		                 "VEX document without a usable statement (vulnerability, product, status)");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		*err = gb_xasprintf("database: %s", sqlite3_errmsg(s->db));
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return n;
}

static long import_json(gb_store *s, json_t *root, const char *source, const char *sha, char **err)
{
	if (gb_osv_is(root))
		return gb_osv_import(s, root, source, sha, err);
	if (json_is_array(json_object_get(root, "statements")) ||
	    (str(root, "bomFormat") && json_is_array(json_object_get(root, "vulnerabilities"))))
		return import_vex(s, root, source, err);
	json_t *list = json_object_get(root, "vulnerabilities");
	json_t *single = NULL;
	if (!json_is_array(list)) {
		single = json_object_get(root, "cve");
		if (!json_is_object(single))
			single = json_object_get(root, "id") ? root : NULL;
		if (!single) {
			*err =
			    gb_xstrdup("not NVD CVE API 2.0 JSON: no \"vulnerabilities\", \"cve\" or \"id\"");
			return -1;
		}
	}
	importer im = {0};
	int rc = 0;
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM vuln_cpes WHERE vuln_id = ?", -1, &im.del_cpes, NULL) ||
	    sqlite3_prepare_v2(s->db, "DELETE FROM vulns WHERE id = ?", -1, &im.del_vuln, NULL) ||
	    sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO vulns (id, source, published, modified, description, cvss_version,"
	        " cvss_score, cvss_vector, severity) VALUES (?,?,?,?,?,?,?,?,?)",
	        -1, &im.ins_vuln, NULL) ||
	    sqlite3_prepare_v2(
	        s->db,
	        "INSERT INTO vuln_cpes (vuln_id, part, vendor, product, version, upd, criteria,"
	        " start_incl, start_excl, end_incl, end_excl) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	        -1, &im.ins_cpe, NULL)) {
		*err = gb_xasprintf("database: %s", sqlite3_errmsg(s->db));
		rc = -1;
	}
	if (rc == 0) {
		if (single) {
			rc = import_record(s, &im, single, err);
		} else {
			json_t *item;
			size_t i;
			json_array_foreach(list, i, item)
			{
				json_t *cve = json_object_get(item, "cve");
				if (import_record(s, &im, json_is_object(cve) ? cve : item, err) < 0) {
					rc = -1;
					break;
				}
			}
		}
	}
	if (rc == 0) {
		sqlite3_stmt *st;
		char *when = now_utc();
		if (sqlite3_prepare_v2(
		        s->db,
		        "INSERT OR REPLACE INTO vuln_sources (name, sha256, imported_at, records)"
		        " VALUES (?,?,?,?)",
		        -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, source, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, when, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 4, im.records);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = -1;
		}
		sqlite3_finalize(st);
		free(when);
	}
	sqlite3_finalize(im.del_cpes);
	sqlite3_finalize(im.del_vuln);
	sqlite3_finalize(im.ins_vuln);
	sqlite3_finalize(im.ins_cpe);
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

static long import_as(gb_store *s, const char *path, const char *source, char **err)
{
	*err = NULL;
	size_t len;
	char *text = read_all(path, &len, err);
	if (!text)
		return -1;
	char sha[65];
	gb_sha256_hex(text, len, sha);
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr);
	free(text);
	if (!root) {
		*err = gb_xasprintf("%s: not JSON: %s at line %d column %d", path, jerr.text, jerr.line,
		                    jerr.column);
		return -1;
	}
	long n = import_json(s, root, source ? source : path, sha, err);
	json_decref(root);
	if (n < 0) {
		char *e = gb_xasprintf("%s: %s", path, *err);
		free(*err);
		*err = e;
	}
	return n;
}

long gb_vuln_import_file(gb_store *s, const char *path, char **err)
{
	char *abs = realpath(path, NULL);
	long n = import_as(s, path, abs ? abs : path, err);
	free(abs);
	return n;
}

/* Where the shipped data lies: $GB_RULES_DIR alone when set, else the
 * installed rules, else the source tree this library was built from (tests,
 * `make run`). */
static char *shipped_path(void)
{
	const char *env = getenv("GB_RULES_DIR");
	const char *dirs[] = {env, env ? NULL : GB_RULES_DIR,
#ifdef GB_SOURCE_RULES_DIR
	                      env ? NULL : GB_SOURCE_RULES_DIR,
#endif
	                      NULL};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		char *p = gb_xasprintf("%s/vulndb/nvd-cves.json.gz", dirs[i]);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			return p;
		free(p);
	}
	return NULL;
}

long gb_vuln_ensure_shipped(gb_store *s, char **err)
{
	*err = NULL;
	char *path = shipped_path();
	if (!path)
		return 0; /* nothing shipped: matching uses what was imported */
	size_t len;
	char *text = read_all(path, &len, err);
	if (!text) {
		free(path);
		return -1;
	}
	char sha[65];
	gb_sha256_hex(text, len, sha);
	free(text);
	sqlite3_stmt *st;
	int have = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM vuln_sources WHERE name = 'shipped' AND sha256 = ?", -1,
	                       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
		have = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	long n = have ? 0 : import_as(s, path, "shipped", err);
	free(path);
	return n;
}

int gb_vuln_status_get(gb_store *s, gb_vuln_status *out)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db,
	                       "SELECT (SELECT count(*) FROM vulns), (SELECT count(*) FROM vuln_cpes),"
	                       " (SELECT count(*) FROM vuln_sources), (SELECT max(modified) FROM vulns)",
	                       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->records = sqlite3_column_int64(st, 0);
		out->cpe_matches = sqlite3_column_int64(st, 1);
		out->sources = sqlite3_column_int64(st, 2);
		const unsigned char *m = sqlite3_column_text(st, 3);
		snprintf(out->latest_modified, sizeof(out->latest_modified), "%s", m ? (const char *)m : "");
	}
	sqlite3_finalize(st);
	/* The data version names the newest record and the count: two stores
	 * with the same version answer the same for the same records. */
	if (out->records == 0) {
		snprintf(out->version, sizeof(out->version), "none");
	} else {
		char day[16] = "";
		size_t k = 0;
		for (const char *p = out->latest_modified; *p && *p != 'T' && k + 1 < sizeof(day); p++)
			if (*p != '-')
				day[k++] = *p;
		day[k] = '\0';
		snprintf(out->version, sizeof(out->version), "nvd-%s-%lld", day, out->records);
	}
	return 0;
}
