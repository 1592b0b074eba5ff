/* The text report: a summary a person reads in a terminal, then the findings. */
#include <stdio.h>
#include <string.h>

#include "glassbox/report.h"
#include "glassbox/ts33117.h"

/* One line of counts per verdict, then the failing clauses by number. */
static void ts33117_summary(const gb_findings *fs, FILE *out)
{
	unsigned n[4] = {0};
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++)
		n[gb_ts33117_verdict(c, fs)]++;
	fprintf(out,
	        "  TS 33.117 %u clauses fail, %u no evidence of failure, %u not assessed, %u not assessable "
	        "statically\n",
	        n[GB_TS_FAIL], n[GB_TS_NO_EVIDENCE], n[GB_TS_NOT_ASSESSED], n[GB_TS_NOT_STATIC]);
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++)
		if (gb_ts33117_verdict(c, fs) == GB_TS_FAIL)
			fprintf(out, "    fail %-12s %s\n", c->id, c->title);
}

static int render_text(const gb_scan_record *r, FILE *out)
{
	const gb_scan_meta *m = &r->meta;
	gb_scan_totals t;
	gb_scan_totals_compute(r, &t);
	fprintf(out, "glassbox scan %lld of %s (%s)\n", (long long)m->id, m->input_name ? m->input_name : "?",
	        m->status ? m->status : "?");
	fprintf(out, "  input    %s\n", m->input_path ? m->input_path : "?");
	fprintf(out, "  sha256   %s\n", m->input_sha256 ? m->input_sha256 : "-");
	fprintf(out, "  size     %llu bytes\n", (unsigned long long)m->input_size);
	fprintf(out, "  versions tool %s, rules %s, vulnerability data %s\n", m->tool_version,
	        m->rules_version, m->vulndata_version);
	fprintf(out, "  started  %s, finished %s\n", m->started_at ? m->started_at : "?",
	        m->finished_at ? m->finished_at : "-");
	fprintf(out, "  contents %llu files, %llu directories, %llu links, %llu containers in %u formats\n",
	        (unsigned long long)t.files, (unsigned long long)t.dirs, (unsigned long long)t.links,
	        (unsigned long long)t.regions, t.formats);
	fprintf(out, "  problems %llu extraction errors, %llu limits hit\n", (unsigned long long)t.errors,
	        (unsigned long long)t.limits);
	fprintf(out, "  findings");
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--)
		fprintf(out, " %s %llu%s", gb_severity_name((gb_severity)s),
		        (unsigned long long)t.by_severity[s], s ? "," : "\n");
	ts33117_summary(&r->findings, out);
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--) {
		for (size_t i = 0; i < r->findings.count; i++) {
			const gb_finding *f = &r->findings.items[i];
			if ((int)f->severity != s)
				continue;
			fprintf(out, "\n[%s] %s %s\n", gb_severity_name(f->severity), f->rule_id, f->title);
			if (f->path)
				fprintf(out, "  at       %s%s%s\n", f->path, f->container ? " in " : "",
				        f->container ? f->container : "");
			if (f->evidence)
				fprintf(out, "  evidence %s\n", f->evidence);
		}
	}
	if (t.errors) {
		fprintf(out, "\nextraction errors:\n");
		unsigned shown = 0;
		for (size_t i = 0; i < r->inventory.count && shown < 20; i++) {
			const gb_node *n = &r->inventory.nodes[i];
			if (n->status != GB_STATUS_ERROR)
				continue;
			fprintf(out, "  %s%s%s%s%s: %s\n", n->path ? n->path : "?", n->format ? " (" : "",
			        n->format ? n->format : "", n->format ? ")" : "",
			        n->kind == GB_NODE_REGION ? " container" : "", n->error ? n->error : "error");
			shown++;
		}
		if (t.errors > shown)
			fprintf(out, "  ... and %llu more (see the JSON report)\n",
			        (unsigned long long)(t.errors - shown));
	}
	return 0;
}

const gb_report_format gb_report_text = {
    .name = "text",
    .extension = ".txt",
    .description = "a summary and the findings, for a terminal",
    .render = render_text,
};
