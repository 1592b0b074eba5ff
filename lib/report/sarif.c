/*
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format
 * code-scanning services and IDEs read. One run:
 *
 *   tool.driver.rules   every rule glassbox has (and any a stored scan names
 *                       that this build does not), with help text, a default
 *                       level and relationships to CWE and TS 33.117 taxa;
 *   taxonomies          CWE and TS 33.117 (each clause with its verdict);
 *   results             one per finding, located inside the image: the file's
 *                       place in the unpacked tree (uriBaseId UNPACKED, the
 *                       layout of `scan --keep DIR`) or in a directory input
 *                       (uriBaseId INPUT); the container chain, severity,
 *                       evidence and sha256 in properties; the finding's
 *                       fingerprint as partialFingerprints.
 *
 * Levels: critical and high are "error", medium "warning", low and info
 * "note"; properties.security-severity carries a CVSS-like number for
 * services that sort by it.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/glassbox.h"
#include "glassbox/report.h"
#include "glassbox/ts33117.h"
#include "report/node_json.h"
#include "util/util.h"

static const char *level_of(gb_severity s)
{
	return s >= GB_SEV_HIGH ? "error" : s == GB_SEV_MEDIUM ? "warning" : "note";
}

static const char *const security_severity[GB_SEV_COUNT] = {"0.0", "2.0", "5.5", "8.0", "9.5"};

/* Percent-encodes everything but unreserved characters and '/', so a hostile
 * name ("a b#?%", bytes that are not UTF-8) is still one valid relative URI. */
static char *uri_encode(const char *path)
{
	gb_buf b = {0};
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			gb_buf_append(&b, p, 1);
		else
			gb_buf_printf(&b, "%%%02X", *p);
	}
	return gb_buf_steal(&b);
}

/* A growing list of distinct strings, for the taxa a run refers to. */
typedef struct strset {
	char **items;
	size_t count;
} strset;

static size_t strset_add(strset *s, const char *v, size_t len)
{
	for (size_t i = 0; i < s->count; i++)
		if (strlen(s->items[i]) == len && !strncmp(s->items[i], v, len))
			return i;
	s->items = gb_xrealloc(s->items, (s->count + 1) * sizeof(char *));
	s->items[s->count] = gb_xstrndup(v, len);
	return s->count++;
}

static void strset_free(strset *s)
{
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i]);
	free(s->items);
}

/* The rules of the run: the table, then unknown ids from the findings. */
typedef struct rule_list {
	const gb_rule **rules; /* NULL for an id this build does not know */
	const char **ids;
	const gb_finding **first; /* for unknown ids: a finding that names it */
	size_t count;
} rule_list;

static void rule_list_add(rule_list *l, const gb_rule *r, const char *id, const gb_finding *f)
{
	l->rules = gb_xrealloc(l->rules, (l->count + 1) * sizeof(*l->rules));
	l->ids = gb_xrealloc(l->ids, (l->count + 1) * sizeof(*l->ids));
	l->first = gb_xrealloc(l->first, (l->count + 1) * sizeof(*l->first));
	l->rules[l->count] = r;
	l->ids[l->count] = id;
	l->first[l->count] = f;
	l->count++;
}

static long rule_index(const rule_list *l, const char *id)
{
	for (size_t i = 0; i < l->count; i++)
		if (!strcmp(l->ids[i], id))
			return (long)i;
	return -1;
}

static json_t *text_obj(const char *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", gb_json_text(s ? s : ""));
	return o;
}

/* relationships to the taxa of one comma-separated list */
static void relate(json_t *rels, const char *csv, const char *taxonomy, size_t tax_index, strset *taxa)
{
	for (const char *p = csv; p && *p;) {
		size_t len = strcspn(p, ",");
		if (len) {
			size_t idx = strset_add(taxa, p, len);
			json_t *rel = json_object();
			json_t *target = json_object();
			json_object_set_new(target, "id", json_stringn(p, len));
			json_object_set_new(target, "index", json_integer((json_int_t)idx));
			json_t *tc = json_object();
			json_object_set_new(tc, "name", json_string(taxonomy));
			json_object_set_new(tc, "index", json_integer((json_int_t)tax_index));
			json_object_set_new(target, "toolComponent", tc);
			json_object_set_new(rel, "target", target);
			json_t *kinds = json_array();
			json_array_append_new(kinds, json_string("relevant"));
			json_object_set_new(rel, "kinds", kinds);
			json_array_append_new(rels, rel);
		}
		p += len + (p[len] == ',');
	}
}

static json_t *rule_json(const gb_rule *r, const char *id, const gb_finding *f, strset *cwes, strset *clauses)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(id));
	if (!r) {
		/* a rule of a newer glassbox, seen only through a stored finding */
		json_object_set_new(o, "shortDescription", text_obj(f->title));
		json_t *cfg = json_object();
		json_object_set_new(cfg, "level", json_string(level_of(f->severity)));
		json_object_set_new(o, "defaultConfiguration", cfg);
		return o;
	}
	json_object_set_new(o, "shortDescription", text_obj(r->title));
	json_object_set_new(o, "fullDescription", text_obj(r->description));
	gb_buf md = {0}, tx = {0};
	gb_buf_printf(&tx, "%s\n\n%s", r->title, r->description ? r->description : "");
	gb_buf_printf(&md, "**%s**\n\n%s\n\n", r->title, r->description ? r->description : "");
	if (r->cwe && *r->cwe) {
		gb_buf_printf(&tx, "\n\nCWE: %s", r->cwe);
		gb_buf_puts(&md, "CWE:");
		for (const char *p = r->cwe; *p;) {
			size_t len = strcspn(p, ",");
			const char *num = len > 4 && !strncmp(p, "CWE-", 4) ? p + 4 : p;
			gb_buf_printf(&md, " [%.*s](https://cwe.mitre.org/data/definitions/%.*s.html)",
			              (int)len, p, (int)(len - (size_t)(num - p)), num);
			p += len + (p[len] == ',');
		}
		gb_buf_puts(&md, "\n\n");
	}
	if (r->ts33117 && *r->ts33117) {
		gb_buf_printf(&tx, "\n3GPP TS 33.117 clauses: %s", r->ts33117);
		gb_buf_printf(&md, "3GPP TS 33.117 clauses: %s\n", r->ts33117);
	}
	json_t *help = json_object();
	char *t = gb_buf_steal(&tx), *m = gb_buf_steal(&md);
	json_object_set_new(help, "text", json_string(t));
	json_object_set_new(help, "markdown", json_string(m));
	free(t);
	free(m);
	json_object_set_new(o, "help", help);
	json_t *cfg = json_object();
	json_object_set_new(cfg, "level", json_string(level_of(r->severity)));
	json_object_set_new(o, "defaultConfiguration", cfg);
	json_t *rels = json_array();
	relate(rels, r->cwe, "CWE", 0, cwes);
	relate(rels, r->ts33117, "TS33117", 1, clauses);
	json_object_set_new(o, "relationships", rels);
	json_t *props = json_object();
	json_object_set_new(props, "category", json_string(r->category));
	json_object_set_new(props, "severity", json_string(gb_severity_name(r->severity)));
	json_object_set_new(props, "security-severity", json_string(security_severity[r->severity]));
	json_t *tags = json_array();
	json_array_append_new(tags, json_string("security"));
	json_array_append_new(tags, json_string(r->category));
	for (const char *p = r->cwe; p && *p;) {
		size_t len = strcspn(p, ",");
		char *tag = gb_xasprintf("external/cwe/%.*s", (int)len, p);
		for (char *c = tag; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		json_array_append_new(tags, json_string(tag));
		free(tag);
		p += len + (p[len] == ',');
	}
	json_object_set_new(props, "tags", tags);
	json_object_set_new(o, "properties", props);
	return o;
}

static json_t *taxonomies_json(const strset *cwes, const gb_findings *fs)
{
	json_t *arr = json_array();
	json_t *cwe = json_object();
	json_object_set_new(cwe, "name", json_string("CWE"));
	json_object_set_new(cwe, "organization", json_string("MITRE"));
	json_object_set_new(cwe, "informationUri", json_string("https://cwe.mitre.org/"));
	json_object_set_new(cwe, "shortDescription", text_obj("The MITRE Common Weakness Enumeration"));
	json_t *taxa = json_array();
	for (size_t i = 0; i < cwes->count; i++) {
		json_t *t = json_object();
		json_object_set_new(t, "id", json_string(cwes->items[i]));
		const char *num = !strncmp(cwes->items[i], "CWE-", 4) ? cwes->items[i] + 4 : cwes->items[i];
		char *uri = gb_xasprintf("https://cwe.mitre.org/data/definitions/%s.html", num);
		json_object_set_new(t, "helpUri", json_string(uri));
		free(uri);
		json_array_append_new(taxa, t);
	}
	json_object_set_new(cwe, "taxa", taxa);
	json_array_append_new(arr, cwe);

	json_t *ts = json_object();
	json_object_set_new(ts, "name", json_string("TS33117"));
	json_object_set_new(ts, "organization", json_string("3GPP"));
	json_object_set_new(ts, "shortDescription",
	                    text_obj("3GPP TS 33.117: catalogue of general security assurance requirements"));
	json_object_set_new(ts, "informationUri", json_string("https://www.3gpp.org/DynaReport/33117.htm"));
	taxa = json_array();
	/* Every clause, in table order, so a reader sees the verdicts of the
	 * clauses no finding cites too; relationships index into this list. */
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++) {
		json_t *t = json_object();
		json_object_set_new(t, "id", json_string(c->id));
		json_object_set_new(t, "shortDescription", text_obj(c->title));
		json_t *props = json_object();
		json_object_set_new(props, "verdict",
		                    json_string(gb_ts_verdict_name(gb_ts33117_verdict(c, fs))));
		json_object_set_new(t, "properties", props);
		json_array_append_new(taxa, t);
	}
	json_object_set_new(ts, "taxa", taxa);
	json_array_append_new(arr, ts);
	return arr;
}

static const gb_node *node_of(const gb_scan_record *r, uint64_t id)
{
	/* node ids are 1-based and stored in order; fall back to a search */
	if (id >= 1 && id <= r->inventory.count && r->inventory.nodes[id - 1].id == id)
		return &r->inventory.nodes[id - 1];
	for (size_t i = 0; i < r->inventory.count; i++)
		if (r->inventory.nodes[i].id == id)
			return &r->inventory.nodes[i];
	return NULL;
}

static json_t *location_json(const gb_scan_record *r, const gb_finding *f)
{
	const gb_node *n = node_of(r, f->node_id);
	const char *rel = NULL, *base = "INPUT";
	if (n && !n->in_input && n->disk_path) {
		rel = n->disk_path;
		base = "UNPACKED";
	} else if (f->path) {
		rel = f->path;
	} else if (r->meta.input_name) {
		rel = r->meta.input_name;
	}
	json_t *loc = json_object();
	json_t *phys = json_object();
	json_t *art = json_object();
	while (rel && *rel == '/')
		rel++;
	/* A finding on the input file itself: its name, relative to its directory. */
	if (n && n->id == 1 && r->meta.input_type && !strcmp(r->meta.input_type, "file") &&
	    r->meta.input_name)
		rel = r->meta.input_name;
	char *uri = uri_encode(rel && *rel ? rel : ".");
	json_object_set_new(art, "uri", json_string(uri));
	free(uri);
	json_object_set_new(art, "uriBaseId", json_string(base));
	json_object_set_new(phys, "artifactLocation", art);
	if (f->line > 0 || f->offset >= 0) {
		json_t *region = json_object();
		if (f->line > 0)
			json_object_set_new(region, "startLine", json_integer(f->line));
		if (f->offset >= 0)
			json_object_set_new(region, "byteOffset", json_integer(f->offset));
		json_object_set_new(phys, "region", region);
	}
	json_object_set_new(loc, "physicalLocation", phys);
	return loc;
}

static json_t *result_json(const gb_scan_record *r, const gb_finding *f, long rule_idx)
{
	json_t *o = json_object();
	json_object_set_new(o, "ruleId", json_string(f->rule_id));
	json_object_set_new(o, "ruleIndex", json_integer(rule_idx));
	json_object_set_new(o, "level", json_string(level_of(f->severity)));
	char *msg = gb_xasprintf("%s%s%s", f->title ? f->title : f->rule_id, f->evidence ? ": " : "",
	                         f->evidence ? f->evidence : "");
	json_object_set_new(o, "message", text_obj(msg));
	free(msg);
	json_t *locs = json_array();
	json_array_append_new(locs, location_json(r, f));
	json_object_set_new(o, "locations", locs);
	json_t *fp = json_object();
	json_object_set_new(fp, "glassbox/v1", json_string(f->fingerprint));
	json_object_set_new(o, "partialFingerprints", fp);
	json_t *props = json_object();
	json_object_set_new(props, "severity", json_string(gb_severity_name(f->severity)));
	json_object_set_new(props, "security-severity", json_string(security_severity[f->severity]));
	json_object_set_new(props, "category", gb_json_text(f->category));
	json_object_set_new(props, "path", gb_json_text(f->path));
	json_object_set_new(props, "container", gb_json_text(f->container));
	json_object_set_new(props, "node", json_integer((json_int_t)f->node_id));
	json_object_set_new(props, "evidence", gb_json_text(f->evidence));
	json_object_set_new(props, "sha256", f->sha256[0] ? json_string(f->sha256) : json_null());
	json_object_set_new(props, "cwe", gb_csv_to_json(f->cwe));
	json_object_set_new(props, "ts33117", gb_csv_to_json(f->ts33117));
	json_object_set_new(props, "references", gb_csv_to_json(f->references));
	json_object_set_new(o, "properties", props);
	return o;
}

static int render_sarif(const gb_scan_record *r, FILE *out)
{
	const gb_scan_meta *m = &r->meta;
	rule_list rules = {0};
	for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
		for (const gb_rule *rule = *t; rule->id; rule++)
			rule_list_add(&rules, rule, rule->id, NULL);
	for (size_t i = 0; i < r->findings.count; i++)
		if (rule_index(&rules, r->findings.items[i].rule_id) < 0)
			rule_list_add(&rules, NULL, r->findings.items[i].rule_id, &r->findings.items[i]);

	strset cwes = {0}, clauses = {0};
	/* TS 33.117 taxa are the whole clause table, in its order: seed the set
	 * with it so relationship indices point into that list. */
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++)
		strset_add(&clauses, c->id, strlen(c->id));
	json_t *jrules = json_array();
	for (size_t i = 0; i < rules.count; i++)
		json_array_append_new(
		    jrules, rule_json(rules.rules[i], rules.ids[i], rules.first[i], &cwes, &clauses));

	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("glassbox"));
	json_object_set_new(driver, "version", json_string(gb_version()));
	json_object_set_new(driver, "semanticVersion", json_string(gb_version()));
	json_object_set_new(driver, "rules", jrules);
	json_t *supported = json_array();
	for (int i = 0; i < 2; i++) {
		json_t *s = json_object();
		json_object_set_new(s, "name", json_string(i ? "TS33117" : "CWE"));
		json_object_set_new(s, "index", json_integer(i));
		json_array_append_new(supported, s);
	}
	json_object_set_new(driver, "supportedTaxonomies", supported);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);

	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);

	json_t *inv = json_object();
	json_object_set_new(inv, "executionSuccessful",
	                    json_boolean(m->status && !strcmp(m->status, "complete")));
	if (m->started_at)
		json_object_set_new(inv, "startTimeUtc", json_string(m->started_at));
	if (m->finished_at)
		json_object_set_new(inv, "endTimeUtc", json_string(m->finished_at));
	json_t *invs = json_array();
	json_array_append_new(invs, inv);
	json_object_set_new(run, "invocations", invs);

	json_t *bases = json_object();
	json_t *unpacked = json_object();
	json_object_set_new(
	    unpacked, "description",
	    text_obj("The unpacked tree: the directory given to glassbox scan --keep or extract -o"));
	json_object_set_new(bases, "UNPACKED", unpacked);
	json_t *input = json_object();
	/* A directory input is the root of the paths in it; a file input lies in its directory. */
	if (m->input_path && m->input_path[0] == '/') {
		bool dir = m->input_type && !strcmp(m->input_type, "directory");
		char *p = gb_xstrdup(m->input_path);
		if (!dir) {
			char *slash = strrchr(p, '/');
			slash[1] = '\0';
		}
		char *enc = uri_encode(p);
		size_t el = strlen(enc);
		char *uri = gb_xasprintf("file://%s%s", enc, el && enc[el - 1] == '/' ? "" : "/");
		json_object_set_new(input, "uri", json_string(uri));
		free(uri);
		free(enc);
		free(p);
	}
	json_object_set_new(
	    input, "description",
	    text_obj("Where the input lies: a directory input itself, else the input file's directory"));
	json_object_set_new(bases, "INPUT", input);
	json_object_set_new(run, "originalUriBaseIds", bases);

	json_t *arts = json_array();
	json_t *art = json_object();
	json_t *aloc = json_object();
	char *name = uri_encode(m->input_type && !strcmp(m->input_type, "directory")
	                            ? "."
	                            : (m->input_name ? m->input_name : "input"));
	json_object_set_new(aloc, "uri", json_string(name));
	free(name);
	json_object_set_new(aloc, "uriBaseId", json_string("INPUT"));
	json_object_set_new(art, "location", aloc);
	json_object_set_new(art, "length", json_integer((json_int_t)m->input_size));
	if (m->input_sha256 && strlen(m->input_sha256) == 64) {
		json_t *h = json_object();
		json_object_set_new(h, "sha-256", json_string(m->input_sha256));
		json_object_set_new(art, "hashes", h);
	}
	json_t *roles = json_array();
	json_array_append_new(roles, json_string("analysisTarget"));
	json_object_set_new(art, "roles", roles);
	json_array_append_new(arts, art);
	json_object_set_new(run, "artifacts", arts);

	json_t *results = json_array();
	for (size_t i = 0; i < r->findings.count; i++) {
		const gb_finding *f = &r->findings.items[i];
		json_array_append_new(results, result_json(r, f, rule_index(&rules, f->rule_id)));
	}
	/* taxonomies after the rules and results: the CWE set is complete only now */
	json_object_set_new(run, "taxonomies", taxonomies_json(&cwes, &r->findings));
	json_object_set_new(run, "results", results);

	json_t *props = json_object();
	json_object_set_new(props, "scan_id", json_integer(m->id));
	json_object_set_new(props, "input_name", gb_json_text(m->input_name));
	json_object_set_new(props, "input_sha256", gb_json_text(m->input_sha256));
	json_object_set_new(props, "input_size", json_integer((json_int_t)m->input_size));
	json_object_set_new(props, "input_type", gb_json_text(m->input_type));
	json_object_set_new(props, "status", gb_json_text(m->status));
	json_object_set_new(props, "rules_version", gb_json_text(m->rules_version));
	json_object_set_new(props, "vulndata_version", gb_json_text(m->vulndata_version));
	json_object_set_new(run, "properties", props);

	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	strset_free(&cwes);
	strset_free(&clauses);
	free(rules.rules);
	free(rules.ids);
	free(rules.first);
	return rc;
}

const gb_report_format gb_report_sarif = {
    .name = "sarif",
    .extension = ".sarif",
    .description = "SARIF 2.1.0, for code-scanning services and IDEs",
    .render = render_sarif,
};
