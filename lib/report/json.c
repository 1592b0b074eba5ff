/* The JSON report: {tool, scan, artifacts[], components[], findings[], reachable[], ts33117[]}
 * (docs/report-format.md). */
#include <jansson.h>

#include "glassbox/glassbox.h"
#include "glassbox/report.h"
#include "glassbox/ts33117.h"
#include "report/node_json.h"

/* Names from firmware need not be UTF-8: such bytes become U+FFFD rather
 * than the key going missing (jansson refuses invalid UTF-8). */
static json_t *str_or_null(const char *s)
{
	return gb_json_text(s);
}

static json_t *scan_json(const gb_scan_record *r)
{
	const gb_scan_meta *m = &r->meta;
	json_t *scan = json_object();
	json_object_set_new(scan, "id", json_integer(m->id));
	json_t *in = json_object();
	json_object_set_new(in, "path", str_or_null(m->input_path));
	json_object_set_new(in, "name", str_or_null(m->input_name));
	json_object_set_new(in, "sha256", str_or_null(m->input_sha256));
	json_object_set_new(in, "size", json_integer((json_int_t)m->input_size));
	json_object_set_new(in, "type", str_or_null(m->input_type));
	json_object_set_new(scan, "input", in);
	json_object_set_new(scan, "tool_version", str_or_null(m->tool_version));
	json_object_set_new(scan, "rules_version", str_or_null(m->rules_version));
	json_object_set_new(scan, "vulndata_version", str_or_null(m->vulndata_version));
	json_t *opts = m->options ? json_loads(m->options, 0, NULL) : NULL;
	json_object_set_new(scan, "options", opts ? opts : json_null());
	json_object_set_new(scan, "started_at", str_or_null(m->started_at));
	json_object_set_new(scan, "finished_at", str_or_null(m->finished_at));
	json_object_set_new(scan, "status", str_or_null(m->status));
	json_object_set_new(scan, "error", str_or_null(m->error));
	json_t *timings = m->timings ? json_loads(m->timings, 0, NULL) : NULL;
	json_object_set_new(scan, "timings", timings ? timings : json_null());

	gb_scan_totals t;
	gb_scan_totals_compute(r, &t);
	json_t *sum = json_object();
	json_object_set_new(sum, "nodes", json_integer((json_int_t)t.nodes));
	json_object_set_new(sum, "files", json_integer((json_int_t)t.files));
	json_object_set_new(sum, "directories", json_integer((json_int_t)t.dirs));
	json_object_set_new(sum, "links", json_integer((json_int_t)t.links));
	json_object_set_new(sum, "containers", json_integer((json_int_t)t.regions));
	json_object_set_new(sum, "formats", json_integer(t.formats));
	json_object_set_new(sum, "errors", json_integer((json_int_t)t.errors));
	json_object_set_new(sum, "limits_hit", json_integer((json_int_t)t.limits));
	json_t *sev = json_object();
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--)
		json_object_set_new(sev, gb_severity_name((gb_severity)s),
		                    json_integer((json_int_t)t.by_severity[s]));
	json_object_set_new(sum, "findings_by_severity", sev);
	json_object_set_new(scan, "summary", sum);
	return scan;
}

/* One entry per clause of the table: the verdict, the fingerprints of the
 * findings that are evidence against it, and how many rules look for it. */
static json_t *ts33117_json(const gb_findings *fs)
{
	json_t *arr = json_array();
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++) {
		json_t *o = json_object();
		json_object_set_new(o, "clause", json_string(c->id));
		json_object_set_new(o, "title", json_string(c->title));
		json_object_set_new(o, "verdict", json_string(gb_ts_verdict_name(gb_ts33117_verdict(c, fs))));
		json_t *fps = json_array();
		for (size_t i = 0; i < fs->count; i++)
			if (gb_ts33117_csv_has(fs->items[i].ts33117, c->id))
				json_array_append_new(fps, json_string(fs->items[i].fingerprint));
		json_object_set_new(o, "findings", fps);
		json_object_set_new(o, "rules", json_integer((json_int_t)gb_ts33117_rule_count(c->id)));
		json_array_append_new(arr, o);
	}
	return arr;
}

static int render_json(const gb_scan_record *r, FILE *out)
{
	json_t *root = json_object();
	json_t *tool = json_object();
	json_object_set_new(tool, "name", json_string("glassbox"));
	json_object_set_new(tool, "version", json_string(gb_version()));
	json_object_set_new(root, "tool", tool);
	json_object_set_new(root, "scan", scan_json(r));
	json_t *arts = json_array();
	for (size_t i = 0; i < r->inventory.count; i++)
		json_array_append_new(arts, gb_node_to_json(&r->inventory.nodes[i]));
	json_object_set_new(root, "artifacts", arts);
	json_t *comps = json_array();
	for (size_t i = 0; i < r->components.count; i++) {
		const gb_component *c = &r->components.items[i];
		json_t *o = json_object();
		json_object_set_new(o, "name", str_or_null(c->name));
		json_object_set_new(o, "version", str_or_null(c->version));
		json_object_set_new(o, "package_version", str_or_null(c->pkg_version));
		json_object_set_new(o, "purl", str_or_null(c->purl));
		json_object_set_new(o, "cpe", str_or_null(c->cpe));
		json_object_set_new(o, "licence", str_or_null(c->licence));
		json_t *paths = c->paths ? json_loads(c->paths, 0, NULL) : NULL;
		json_object_set_new(o, "paths", paths ? paths : json_array());
		json_object_set_new(o, "container", str_or_null(c->container));
		json_object_set_new(o, "node_id", json_integer((json_int_t)c->node_id));
		json_object_set_new(o, "evidence", str_or_null(c->evidence));
		json_object_set_new(o, "confidence", str_or_null(c->confidence));
		json_object_set_new(o, "date", str_or_null(c->date));
		json_object_set_new(o, "date_kind", str_or_null(c->date_kind));
		json_object_set_new(o, "date_evidence", str_or_null(c->date_evidence));
		json_array_append_new(comps, o);
	}
	json_object_set_new(root, "components", comps);
	json_t *fs = json_array();
	for (size_t i = 0; i < r->findings.count; i++)
		json_array_append_new(fs, gb_finding_to_json(&r->findings.items[i]));
	json_object_set_new(root, "findings", fs);
	gb_reachable reach;
	gb_reachable_compute(&r->findings, &reach);
	json_object_set_new(root, "reachable", gb_reachable_to_json(&reach, &r->findings));
	gb_reachable_free(&reach);
	json_object_set_new(root, "ts33117", ts33117_json(&r->findings));
	int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}

const gb_report_format gb_report_json = {
    .name = "json",
    .extension = ".json",
    .description = "everything glassbox knows about a scan, for tools (docs/report-format.md)",
    .render = render_json,
};
