/*
 * The HTML report: one self-contained file a person reads in any browser,
 * with no network access and nothing else to install. CSS and JavaScript are
 * inline, the charts are inline SVG, and a Content-Security-Policy forbids
 * the page to load anything.
 *
 * Everything a reader needs is static HTML, so the page still reads with
 * JavaScript off: what was scanned, totals, charts, the reachable-at-boot
 * summary, the TS 33.117 table, every finding with its evidence, the
 * components and the extraction errors. JavaScript adds the filters and the
 * search over findings, and renders the full unpacked tree from JSON
 * embedded in the page (a real image has tens of thousands of nodes).
 *
 * Every scan string is hostile (a file name can be "<script>..."): text goes
 * through gb_html_puts (lib/util/html.c), which escapes HTML's five special characters and shows
 * control characters and bytes that are not UTF-8 as \xNN. The embedded JSON
 * escapes '<', '>' and '&' as \u003c, \u003e, \u0026 (so "</script>" and
 * "<!--" cannot end or change the script element) and is pure ASCII, so
 * U+2028 and U+2029 appear only as escapes.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/glassbox.h"
#include "glassbox/reachable.h"
#include "glassbox/report.h"
#include "glassbox/ts33117.h"
#include "report/html_ages.h"
#include "report/node_json.h"
#include "report/sbom_common.h"
#include "util/util.h"

static void put_u64(FILE *out, uint64_t v)
{
	fprintf(out, "%llu", (unsigned long long)v);
}

/* Bytes as a person reads them: 17981440 -> "17.1 MiB". */
static void put_size(FILE *out, uint64_t v)
{
	static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
	double d = (double)v;
	int u = 0;
	while (d >= 1024 && u < 4) {
		d /= 1024;
		u++;
	}
	if (u == 0)
		fprintf(out, "%llu bytes", (unsigned long long)v);
	else
		fprintf(out, "%.1f %s (%llu bytes)", d, units[u], (unsigned long long)v);
}

static const char *const sev_colour[GB_SEV_COUNT] = {"#6b7280", "#2563eb", "#d97706", "#dc2626", "#7f1d1d"};

static const char css[] =
    ":root{--fg:#111827;--mut:#6b7280;--bg:#fff;--line:#e5e7eb;--acc:#1d4ed8}"
    "*{box-sizing:border-box}"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);"
    "background:var(--bg);margin:0}"
    "header{background:#111827;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.4rem;"
    "word-break:break-all}header p{margin:.2rem 0 0;color:#d1d5db}"
    "nav{position:sticky;top:0;background:#f9fafb;border-bottom:1px solid var(--line);padding:.4rem 2rem;"
    "z-index:2}nav a{margin-right:1rem;color:var(--acc);text-decoration:none}"
    "main{padding:0 2rem 3rem;max-width:1400px}section{margin-top:2rem}"
    "h2{font-size:1.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}"
    "table{border-collapse:collapse;margin:.5rem 0}th,td{text-align:left;padding:.25rem .6rem;"
    "border-bottom:1px solid var(--line);vertical-align:top}th{background:#f3f4f6}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "table.kv th{width:11rem;background:none}"
    ".mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;"
    "overflow-wrap:anywhere}"
    ".sev{display:inline-block;min-width:4.8rem;text-align:center;border-radius:3px;color:#fff;"
    "font-size:.8em;padding:0 .3rem;font-weight:600}"
    ".sev-critical{background:#7f1d1d}.sev-high{background:#dc2626}.sev-medium{background:#d97706}"
    ".sev-low{background:#2563eb}.sev-info{background:#6b7280}"
    ".v-fail{color:#b91c1c;font-weight:600}.v-none{color:#047857}.v-na,.v-ns{color:var(--mut)}"
    ".charts{display:flex;flex-wrap:wrap;gap:2rem}.charts figure{margin:0}"
    ".charts figcaption{font-weight:600;margin-bottom:.3rem}"
    "#ages-legend{font-size:.85em;color:var(--mut)}#ages-undated{columns:12rem;font-size:.9em;margin:0}"
    ".controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:.5rem 0;padding:.5rem;"
    "background:#f9fafb;border:1px solid var(--line)}"
    ".controls input[type=search]{width:22rem;padding:.3rem}"
    "article.finding{border:1px solid var(--line);border-left:5px solid var(--c,#999);"
    "margin:.4rem 0;padding:.4rem .7rem}"
    ".group-h{font-size:1.05rem;margin:1rem 0 .3rem}"
    "article.finding h4{font-size:1rem;margin:0 0 .2rem}article.finding dl{margin:0;display:grid;"
    "grid-template-columns:7rem 1fr;gap:.1rem .6rem}article.finding dt{color:var(--mut)}"
    "article.finding dd{margin:0}"
    ".muted{color:var(--mut)}button{padding:.3rem .8rem}"
    ".err{color:#b91c1c}footer{color:var(--mut);padding:1rem 2rem;border-top:1px solid var(--line)}";

/* Filters and search over the static findings; the unpacked tree from the
 * embedded JSON, a page at a time. No eval, no innerHTML with data: every
 * scan string reaches the DOM as textContent. */
static const char js[] =
    "(function(){'use strict';\n"
    "var data=JSON.parse(document.getElementById('gb-data').textContent);\n"
    "var list=Array.prototype.slice.call(document.querySelectorAll('#finding-list article.finding'));\n"
    "var hay=list.map(function(a){return a.textContent.toLowerCase();});\n"
    "var groups=Array.prototype.slice.call(document.querySelectorAll('#finding-list div.group'));\n"
    "var q=document.getElementById('f-q'),cat=document.getElementById('f-cat'),"
    "shown=document.getElementById('f-shown');\n"
    "var sevs=Array.prototype.slice.call(document.querySelectorAll('#f-sev input'));\n"
    "function apply(){var s=q.value.trim().toLowerCase(),c=cat.value,on={},n=0;\n"
    " sevs.forEach(function(b){on[b.value]=b.checked;});\n"
    " for(var i=0;i<list.length;i++){var a=list[i];\n"
    "  var ok=on[a.dataset.sev]&&(!c||a.dataset.cat===c)&&(!s||hay[i].indexOf(s)>=0);\n"
    "  a.hidden=!ok;if(ok)n++;}\n"
    " groups.forEach(function(g){var k=g.querySelectorAll('article.finding:not([hidden])').length;\n"
    "  g.hidden=k===0;g.querySelector('.group-n').textContent=String(k);});\n"
    " shown.textContent=String(n);}\n"
    "q.addEventListener('input',apply);cat.addEventListener('change',apply);\n"
    "sevs.forEach(function(b){b.addEventListener('change',apply);});\n"
    "document.getElementById('f-controls').hidden=false;apply();\n"
    "Array.prototype.forEach.call(document.querySelectorAll('a.rule-link'),function(a){\n"
    " a.addEventListener('click',function(){q.value=a.dataset.rule;cat.value='';\n"
    "  sevs.forEach(function(b){b.checked=true;});apply();});});\n"
    "var nodes=data.nodes,tq=document.getElementById('t-q'),terr=document.getElementById('t-err'),\n"
    " body=document.getElementById('tree-body'),more=document.getElementById('t-more'),\n"
    " tshown=document.getElementById('t-shown'),page=500,limit=page,match=[];\n"
    "var K=data.node_keys;\n"
    "function cell(tr,text,cls){var "
    "td=document.createElement('td');td.textContent=text==null?'':String(text);\n"
    " if(cls)td.className=cls;tr.appendChild(td);}\n"
    "function draw(){body.textContent='';var frag=document.createDocumentFragment();\n"
    " for(var i=0;i<match.length&&i<limit;i++){var n=nodes[match[i]],tr=document.createElement('tr');\n"
    "  cell(tr,n[K.id],'num');cell(tr,n[K.path],'mono');cell(tr,n[K.type]);cell(tr,n[K.format]);\n"
    "  cell(tr,n[K.size],'num');cell(tr,n[K.status]+(n[K.error]?': '+n[K.error]:''),"
    "n[K.status]==='ok'?'':'err');\n"
    "  cell(tr,n[K.container],'mono');frag.appendChild(tr);}\n"
    " body.appendChild(frag);tshown.textContent=String(Math.min(limit,match.length))+' of '+match.length;\n"
    " more.hidden=limit>=match.length;}\n"
    "function filter(){var s=tq.value.trim().toLowerCase(),e=terr.checked;match=[];\n"
    " for(var i=0;i<nodes.length;i++){var n=nodes[i];if(e&&n[K.status]==='ok')continue;\n"
    "  if(s&&((n[K.path]||'')+' '+(n[K.format]||'')+' '+(n[K.container]||'')).toLowerCase().indexOf(s)<0)"
    "continue;\n"
    "  match.push(i);}\n"
    " limit=page;draw();}\n"
    "tq.addEventListener('input',filter);terr.addEventListener('change',filter);\n"
    "more.addEventListener('click',function(){limit+=page;draw();});\n"
    "document.getElementById('t-controls').hidden=false;filter();\n"
    "})();\n";

/* A horizontal bar chart: one row per label, bars scaled to the largest count. */
static void svg_bars(FILE *out, const char *id, const char *caption, const char *const *labels,
                     const uint64_t *counts, const char *const *colours, size_t n)
{
	uint64_t max = 1;
	for (size_t i = 0; i < n; i++)
		if (counts[i] > max)
			max = counts[i];
	const unsigned row = 22, label_w = 150, bar_w = 260, w = label_w + bar_w + 70;
	unsigned h = (unsigned)(n ? n : 1) * row + 4;
	fprintf(out, "<figure><figcaption>");
	gb_html_puts(out, caption);
	fprintf(out,
	        "</figcaption><svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%u\" "
	        "viewBox=\"0 0 %u %u\" role=\"img\" font-size=\"12\" font-family=\"sans-serif\">",
	        id, w, h, w, h);
	if (!n)
		fprintf(out, "<text x=\"0\" y=\"16\" fill=\"#6b7280\">none</text>");
	for (size_t i = 0; i < n; i++) {
		unsigned y = (unsigned)i * row + 2;
		unsigned len = (unsigned)((double)counts[i] / (double)max * bar_w);
		if (counts[i] && len < 2)
			len = 2;
		fprintf(out, "<g data-label=\"");
		gb_html_puts(out, labels[i]);
		fprintf(out, "\" data-count=\"%llu\"><text x=\"%u\" y=\"%u\" text-anchor=\"end\">",
		        (unsigned long long)counts[i], label_w - 6, y + 15);
		gb_html_puts(out, labels[i]);
		fprintf(out,
		        "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"/>"
		        "<text x=\"%u\" y=\"%u\">%llu</text></g>",
		        label_w, y + 3, len, row - 6, colours ? colours[i] : "#1d4ed8", label_w + len + 4,
		        y + 15, (unsigned long long)counts[i]);
	}
	fprintf(out, "</svg></figure>\n");
}

/* Distinct strings with counts, most frequent first (categories, formats). */
typedef struct tally {
	const char **names;
	uint64_t *counts;
	size_t count;
} tally;

static void tally_add(tally *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++)
		if (!strcmp(t->names[i], name)) {
			t->counts[i]++;
			return;
		}
	t->names = gb_xrealloc(t->names, (t->count + 1) * sizeof(*t->names));
	t->counts = gb_xrealloc(t->counts, (t->count + 1) * sizeof(*t->counts));
	t->names[t->count] = name;
	t->counts[t->count++] = 1;
}

static void tally_sort(tally *t)
{
	/* insertion sort: tens of entries; ties keep first-seen order */
	for (size_t i = 1; i < t->count; i++)
		for (size_t j = i; j > 0 && t->counts[j] > t->counts[j - 1]; j--) {
			uint64_t c = t->counts[j];
			t->counts[j] = t->counts[j - 1];
			t->counts[j - 1] = c;
			const char *s = t->names[j];
			t->names[j] = t->names[j - 1];
			t->names[j - 1] = s;
		}
}

static void tally_free(tally *t)
{
	free(t->names);
	free(t->counts);
}

static void sev_badge(FILE *out, gb_severity s)
{
	fprintf(out, "<span class=\"sev sev-%s\">%s</span>", gb_severity_name(s), gb_severity_name(s));
}

static void kv(FILE *out, const char *key, const char *value, bool mono)
{
	fprintf(out, "<tr><th>%s</th><td%s>", key, mono ? " class=\"mono\"" : "");
	gb_html_puts(out, value ? value : "-");
	fputs("</td></tr>\n", out);
}

static void section_scan(FILE *out, const gb_scan_record *r)
{
	const gb_scan_meta *m = &r->meta;
	fputs("<section id=\"scan\"><h2>What was scanned</h2><table class=\"kv\">\n", out);
	kv(out, "Name", m->input_name, false);
	kv(out, "Path", m->input_path, true);
	kv(out, "Type", m->input_type, false);
	kv(out, "SHA-256", m->input_sha256, true);
	fputs("<tr><th>Size</th><td id=\"input-size\">", out);
	put_size(out, m->input_size);
	fputs("</td></tr>\n", out);
	kv(out, "Started", m->started_at, false);
	kv(out, "Finished", m->finished_at, false);
	kv(out, "Status", m->status, false);
	if (m->error)
		kv(out, "Error", m->error, false);
	fprintf(
	    out,
	    "<tr><th>Scan</th><td>%lld in the evidence store (<code>glassbox report %lld</code>)</td></tr>\n",
	    (long long)m->id, (long long)m->id);
	kv(out, "glassbox", m->tool_version, false);
	kv(out, "Rules", m->rules_version, false);
	kv(out, "Vulnerability data", m->vulndata_version, false);
	kv(out, "Limits", m->options, true);
	/* {"extract_seconds": 0.42, ...} -> "extract 0.42 s, ..." */
	json_t *tj = m->timings ? json_loads(m->timings, 0, NULL) : NULL;
	if (json_is_object(tj)) {
		fputs("<tr><th>Time spent</th><td>", out);
		const char *key;
		json_t *v;
		bool first = true;
		json_object_foreach(tj, key, v)
		{
			if (!json_is_number(v))
				continue;
			size_t kl = strlen(key);
			int show = kl > 8 && !strcmp(key + kl - 8, "_seconds") ? (int)(kl - 8) : (int)kl;
			fputs(first ? "" : ", ", out);
			char *label = gb_xstrndup(key, (size_t)show);
			gb_html_puts(out, label);
			free(label);
			fprintf(out, " %.2f s", json_number_value(v));
			first = false;
		}
		fputs("</td></tr>\n", out);
	}
	json_decref(tj);
	fputs("</table><p class=\"muted\">The same input hash, glassbox, rules and vulnerability data give "
	      "the same findings: another lab can re-run this scan and compare.</p></section>\n",
	      out);
}

static void section_totals(FILE *out, const gb_scan_record *r, const gb_scan_totals *t)
{
	fputs("<section id=\"totals\"><h2>Totals</h2>\n", out);
	fprintf(
	    out,
	    "<p id=\"contents\">%llu nodes: %llu files, %llu directories, %llu links, %llu containers in %u "
	    "formats; <span class=\"%s\">%llu extraction errors</span>, %llu limits hit.</p>\n",
	    (unsigned long long)t->nodes, (unsigned long long)t->files, (unsigned long long)t->dirs,
	    (unsigned long long)t->links, (unsigned long long)t->regions, t->formats, t->errors ? "err" : "",
	    (unsigned long long)t->errors, (unsigned long long)t->limits);
	fputs("<div class=\"charts\"><div><table id=\"sev-totals\"><tr><th>Severity</th><th "
	      "class=\"num\">Findings"
	      "</th></tr>\n",
	      out);
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--) {
		fprintf(out, "<tr data-sev=\"%s\"><td>", gb_severity_name((gb_severity)s));
		sev_badge(out, (gb_severity)s);
		fprintf(out, "</td><td class=\"num\">%llu</td></tr>\n",
		        (unsigned long long)t->by_severity[s]);
	}
	fprintf(out, "<tr><th>all</th><th class=\"num\" id=\"total-findings\">%zu</th></tr></table></div>\n",
	        r->findings.count);
	tally cats = {0};
	for (size_t i = 0; i < r->findings.count; i++)
		tally_add(&cats, r->findings.items[i].category ? r->findings.items[i].category : "?");
	tally_sort(&cats);
	fputs("<div><table id=\"cat-totals\"><tr><th>Category</th><th class=\"num\">Findings</th></tr>\n",
	      out);
	for (size_t i = 0; i < cats.count; i++) {
		fputs("<tr data-cat=\"", out);
		gb_html_puts(out, cats.names[i]);
		fputs("\"><td>", out);
		gb_html_puts(out, cats.names[i]);
		fprintf(out, "</td><td class=\"num\">%llu</td></tr>\n", (unsigned long long)cats.counts[i]);
	}
	if (!cats.count)
		fputs("<tr><td colspan=\"2\" class=\"muted\">no findings</td></tr>\n", out);
	fputs("</table></div></div>\n<h3>Charts</h3><div class=\"charts\">\n", out);
	const char *sl[GB_SEV_COUNT], *sc[GB_SEV_COUNT];
	uint64_t sn[GB_SEV_COUNT];
	for (int s = GB_SEV_COUNT - 1, i = 0; s >= 0; s--, i++) {
		sl[i] = gb_severity_name((gb_severity)s);
		sn[i] = t->by_severity[s];
		sc[i] = sev_colour[s];
	}
	svg_bars(out, "chart-severity", "Findings by severity", sl, sn, sc, GB_SEV_COUNT);
	svg_bars(out, "chart-category", "Findings by category", cats.names, cats.counts, NULL, cats.count);
	tally_free(&cats);
	/* File types: the format each regular file was identified as, the 15 most frequent. */
	tally types = {0};
	for (size_t i = 0; i < r->inventory.count; i++) {
		const gb_node *n = &r->inventory.nodes[i];
		if (n->kind == GB_NODE_FILE && n->status != GB_STATUS_REPLACED)
			tally_add(&types, n->format ? n->format : "unknown");
	}
	tally_sort(&types);
	svg_bars(out, "chart-filetypes", "Files by type", types.names, types.counts, NULL,
	         types.count > 15 ? 15 : types.count);
	tally_free(&types);
	gb_html_age_chart(out, r);
	fputs("</div></section>\n", out);
}

static void section_reachable(FILE *out, const gb_scan_record *r)
{
	gb_reachable reach;
	gb_reachable_compute(&r->findings, &reach);
	fputs("<section id=\"reachable\"><h2>Reachable from the network at boot</h2>\n"
	      "<p class=\"muted\">Services the image starts at boot and how they are protected, from the "
	      "service, web and bind-shell findings. A service without a finding here may still be "
	      "started: this lists what the rules saw.</p>\n",
	      out);
	size_t shown = 0;
	for (int pass = 0; pass < 2; pass++) {
		bool net = pass == 0, open = false;
		for (size_t i = 0; i < reach.count; i++) {
			const gb_reachable_service *s = &reach.items[i];
			if (s->network != net)
				continue;
			if (!open) {
				if (!net)
					fputs("<h3>Reachable from a console or serial port</h3>\n", out);
				fprintf(
				    out,
				    "<table id=\"%s\"><tr><th>Service</th><th>Worst</th><th>Exposures</th>"
				    "<th>Started or configured in</th></tr>\n",
				    net ? "reachable-table" : "console-table");
				open = true;
			}
			fputs("<tr data-service=\"", out);
			gb_html_puts(out, s->service);
			fputs("\"><td>", out);
			gb_html_puts(out, s->service);
			fputs("</td><td>", out);
			sev_badge(out, s->severity);
			fputs("</td><td>", out);
			for (size_t j = 0; j < s->nexposures; j++) {
				const gb_reachable_exposure *e = &s->exposures[j];
				fputs(j ? "<br>" : "", out);
				sev_badge(out, e->severity);
				/* a link that shows the findings of the rule (the script fills the search) */
				fputs(" <a class=\"rule-link mono\" href=\"#findings\" data-rule=\"", out);
				gb_html_puts(out, e->rule_id);
				fputs("\">", out);
				gb_html_puts(out, e->rule_id);
				fputs("</a> ", out);
				gb_html_puts(out, e->title);
				fprintf(out, " (%zu)", e->count);
			}
			fputs("</td><td class=\"mono\">", out);
			/* each path once; at most 10, the rest counted */
			size_t listed = 0, more = 0;
			for (size_t j = 0; j < s->nfindings; j++) {
				const gb_finding *f = &r->findings.items[s->findings[j]];
				bool seen = false;
				for (size_t k = 0; k < j && !seen; k++) {
					const gb_finding *g = &r->findings.items[s->findings[k]];
					seen = f->path && g->path && !strcmp(f->path, g->path);
				}
				if (seen || !f->path)
					continue;
				if (listed == 10) {
					more++;
					continue;
				}
				fputs(listed ? "<br>" : "", out);
				gb_html_puts(out, f->path);
				listed++;
			}
			if (more)
				fprintf(out, "<br><span class=\"muted\">and %zu more</span>", more);
			fputs("</td></tr>\n", out);
			shown++;
		}
		if (open)
			fputs("</table>\n", out);
	}
	if (!shown)
		fputs("<p id=\"reachable-none\">No finding says that a network service is started at "
		      "boot.</p>\n",
		      out);
	fputs("</section>\n", out);
	gb_reachable_free(&reach);
}

static void section_ts33117(FILE *out, const gb_scan_record *r)
{
	static const char *const vclass[] = {"v-fail", "v-none", "v-na", "v-ns"};
	unsigned n[4] = {0};
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++)
		n[gb_ts33117_verdict(c, &r->findings)]++;
	fprintf(
	    out,
	    "<section id=\"ts33117\"><h2>3GPP TS 33.117 clauses</h2>\n<p>%u fail, %u no evidence of failure, "
	    "%u not assessed, %u not assessable statically. &ldquo;No evidence of failure&rdquo; is not a "
	    "pass: glassbox rules look for failures of the clause and none fired.</p>\n"
	    "<table id=\"ts-table\"><tr><th>Clause</th><th>Requirement</th><th>Verdict</th>"
	    "<th class=\"num\">Findings</th><th class=\"num\">Rules</th></tr>\n",
	    n[GB_TS_FAIL], n[GB_TS_NO_EVIDENCE], n[GB_TS_NOT_ASSESSED], n[GB_TS_NOT_STATIC]);
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++) {
		gb_ts_verdict v = gb_ts33117_verdict(c, &r->findings);
		size_t nf = 0;
		for (size_t i = 0; i < r->findings.count; i++)
			if (gb_ts33117_csv_has(r->findings.items[i].ts33117, c->id))
				nf++;
		fprintf(out, "<tr data-verdict=\"%s\"><td class=\"mono\">%s</td><td>", gb_ts_verdict_name(v),
		        c->id);
		gb_html_puts(out, c->title);
		fprintf(out,
		        "</td><td class=\"%s\">%s</td><td class=\"num\">%zu</td><td "
		        "class=\"num\">%zu</td></tr>\n",
		        vclass[v], gb_ts_verdict_name(v), nf, gb_ts33117_rule_count(c->id));
	}
	fputs("</table></section>\n", out);
}

static void finding_html(FILE *out, const gb_finding *f, size_t i)
{
	fprintf(out, "<article class=\"finding\" id=\"f%zu\" data-sev=\"%s\" data-cat=\"", i,
	        gb_severity_name(f->severity));
	gb_html_puts(out, f->category);
	fprintf(out, "\" style=\"--c:%s\"><h4>", sev_colour[f->severity]);
	sev_badge(out, f->severity);
	fputs(" <code>", out);
	gb_html_puts(out, f->rule_id);
	fputs("</code> ", out);
	gb_html_puts(out, f->title);
	fputs("</h4><dl>", out);
	if (f->path) {
		fputs("<dt>at</dt><dd class=\"mono\">", out);
		gb_html_puts(out, f->path);
		if (f->line >= 0)
			fprintf(out, " line %lld", (long long)f->line);
		if (f->offset >= 0)
			fprintf(out, " offset 0x%llx", (unsigned long long)f->offset);
		fputs("</dd>", out);
	}
	if (f->container) {
		fputs("<dt>in</dt><dd class=\"mono\">", out);
		gb_html_puts(out, f->container);
		fputs("</dd>", out);
	}
	if (f->evidence) {
		fputs("<dt>evidence</dt><dd class=\"mono\">", out);
		gb_html_puts(out, f->evidence);
		fputs("</dd>", out);
	}
	fputs("<dt>category</dt><dd>", out);
	gb_html_puts(out, f->category);
	fputs("</dd>", out);
	if ((f->cwe && *f->cwe) || (f->ts33117 && *f->ts33117)) {
		fputs("<dt>against</dt><dd>", out);
		gb_html_puts(out, f->cwe);
		if (f->ts33117 && *f->ts33117) {
			fputs(f->cwe && *f->cwe ? "; TS 33.117 " : "TS 33.117 ", out);
			gb_html_puts(out, f->ts33117);
		}
		fputs("</dd>", out);
	}
	if (f->references && *f->references) {
		fputs("<dt>references</dt><dd class=\"mono\">", out);
		gb_html_puts(out, f->references);
		fputs("</dd>", out);
	}
	if (f->sha256[0])
		fprintf(out, "<dt>file sha256</dt><dd class=\"mono\">%s</dd>", f->sha256);
	fprintf(out, "<dt>fingerprint</dt><dd class=\"mono\">%s</dd></dl></article>\n", f->fingerprint);
}

static void section_findings(FILE *out, const gb_scan_record *r)
{
	fprintf(out, "<section id=\"findings\"><h2>Findings (%zu)</h2>\n", r->findings.count);
	/* The controls work only with JavaScript: hidden until the script shows them. */
	fputs("<div class=\"controls\" id=\"f-controls\" hidden><span id=\"f-sev\">", out);
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--)
		fprintf(out, "<label><input type=\"checkbox\" value=\"%s\" checked> %s</label> ",
		        gb_severity_name((gb_severity)s), gb_severity_name((gb_severity)s));
	fputs("</span><label>category <select id=\"f-cat\"><option value=\"\">all</option>", out);
	tally cats = {0};
	for (size_t i = 0; i < r->findings.count; i++)
		tally_add(&cats, r->findings.items[i].category ? r->findings.items[i].category : "?");
	for (size_t i = 0; i < cats.count; i++) {
		fputs("<option value=\"", out);
		gb_html_puts(out, cats.names[i]);
		fputs("\">", out);
		gb_html_puts(out, cats.names[i]);
		fputs("</option>", out);
	}
	tally_free(&cats);
	fprintf(out,
	        "</select></label><input type=\"search\" id=\"f-q\" placeholder=\"search rule, title, path, "
	        "evidence\" aria-label=\"search findings\"><span><span id=\"f-shown\">%zu</span> of %zu "
	        "shown</span>"
	        "</div>\n<div id=\"finding-list\">\n",
	        r->findings.count, r->findings.count);
	/* Grouped by severity, worst first; within a group, the report's order (node, then rule). */
	gb_scan_totals t;
	gb_scan_totals_compute(r, &t);
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--) {
		if (!t.by_severity[s])
			continue;
		fprintf(out, "<div class=\"group\" data-sev=\"%s\"><h3 class=\"group-h\">",
		        gb_severity_name((gb_severity)s));
		sev_badge(out, (gb_severity)s);
		fprintf(out, " <span class=\"group-n\">%llu</span> of %llu</h3>\n",
		        (unsigned long long)t.by_severity[s], (unsigned long long)t.by_severity[s]);
		for (size_t i = 0; i < r->findings.count; i++)
			if ((int)r->findings.items[i].severity == s)
				finding_html(out, &r->findings.items[i], i);
		fputs("</div>\n", out);
	}
	if (!r->findings.count)
		fputs("<p>No findings.</p>\n", out);
	fputs("</div></section>\n", out);
}

static void section_components(FILE *out, const gb_scan_record *r)
{
	fprintf(out,
	        "<section id=\"components\"><h2>Components (%zu)</h2>\n"
	        "<table id=\"component-table\"><tr><th>Name</th><th>Version</th><th>Package version</th>"
	        "<th>Licence</th><th>Confidence</th><th>Date in the image</th><th>Known vulnerabilities</th>"
	        "<th>purl / CPE</th></tr>\n",
	        r->components.count);
	/* Each vulnerability finding's component, found once: the table below
	 * would otherwise parse every finding once per component. */
	long *owner = gb_xcalloc(r->findings.count ? r->findings.count : 1, sizeof(long));
	for (size_t j = 0; j < r->findings.count; j++) {
		gb_vuln_view v;
		owner[j] = gb_vuln_view_parse(&r->findings.items[j], &v)
		               ? gb_component_index(r, v.name, v.version)
		               : -1;
	}
	for (size_t i = 0; i < r->components.count; i++) {
		const gb_component *c = &r->components.items[i];
		size_t nv = 0;
		for (size_t j = 0; j < r->findings.count; j++)
			nv += owner[j] == (long)i;
		fprintf(out, "<tr data-vulns=\"%zu\"><td>", nv);
		gb_html_puts(out, c->name);
		fputs("</td><td class=\"mono\">", out);
		gb_html_puts(out, c->version);
		fputs("</td><td class=\"mono\">", out);
		gb_html_puts(out, c->pkg_version ? c->pkg_version : "");
		fputs("</td><td>", out);
		gb_html_puts(out, c->licence ? c->licence : "");
		fputs("</td><td>", out);
		gb_html_puts(out, c->confidence);
		/* the date, with where it was read on hover */
		if (c->date) {
			fputs("</td><td class=\"mono\" title=\"", out);
			gb_html_puts(out, c->date_evidence);
			fputs("\">", out);
			gb_html_puts(out, c->date);
			fputs(" ", out);
			gb_html_puts(out, c->date_kind);
		} else {
			fputs("</td><td class=\"muted\">none", out);
		}
		fputs("</td><td>", out);
		size_t k = 0;
		for (size_t j = 0; j < r->findings.count; j++) {
			const gb_finding *f = &r->findings.items[j];
			gb_vuln_view v;
			if (owner[j] != (long)i || !gb_vuln_view_parse(f, &v))
				continue;
			fputs(k++ ? "<br>" : "", out);
			sev_badge(out, f->severity);
			fputs(" <a class=\"mono\" href=\"#f", out);
			fprintf(out, "%zu\">", j);
			gb_html_puts(out, v.id);
			fputs("</a>", out);
			if (v.score > 0)
				fprintf(out, " CVSS %.1f", v.score);
		}
		if (!k)
			fputs("<span class=\"muted\">none matched</span>", out);
		fputs("</td><td class=\"mono\">", out);
		gb_html_puts(out, c->purl);
		fputs("<br>", out);
		gb_html_puts(out, c->cpe);
		fputs("</td></tr>\n", out);
	}
	free(owner);
	if (!r->components.count)
		fputs("<tr><td colspan=\"8\" class=\"muted\">no component identified</td></tr>\n", out);
	fputs("</table></section>\n", out);
}

static void section_tree(FILE *out, const gb_scan_record *r, const gb_scan_totals *t)
{
	fputs("<section id=\"tree\"><h2>Unpacked tree</h2>\n", out);
	/* Containers and errors are few and matter most: static, always readable. */
	fputs("<h3>Containers</h3><table id=\"container-table\"><tr><th>Format</th><th>In</th>"
	      "<th class=\"num\">Offset</th><th class=\"num\">Size</th><th>Status</th><th>Detail</th></tr>\n",
	      out);
	for (size_t i = 0; i < r->inventory.count; i++) {
		const gb_node *n = &r->inventory.nodes[i];
		if (n->kind != GB_NODE_REGION || n->status == GB_STATUS_REPLACED)
			continue;
		fputs("<tr><td>", out);
		gb_html_puts(out, n->format ? n->format : "?");
		fputs("</td><td class=\"mono\">", out);
		gb_html_puts(out, n->container ? n->container : n->path);
		if (n->container && n->path) {
			fputs(" &gt; ", out);
			gb_html_puts(out, n->path);
		}
		fprintf(out, "</td><td class=\"num mono\">0x%llx</td><td class=\"num\">",
		        (unsigned long long)n->offset);
		put_u64(out, n->size);
		fprintf(out, "</td><td class=\"%s\">%s</td><td>", n->status == GB_STATUS_OK ? "" : "err",
		        gb_node_status_name(n->status));
		gb_html_puts(out, n->error ? n->error : n->detail);
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
	fprintf(out, "<h3>Extraction errors and limits (%llu)</h3>\n",
	        (unsigned long long)(t->errors + t->limits));
	if (t->errors + t->limits) {
		fputs("<table id=\"error-table\"><tr><th>Path</th><th>Format</th><th>Status</th><th>What</th>"
		      "<th>In</th></tr>\n",
		      out);
		for (size_t i = 0; i < r->inventory.count; i++) {
			const gb_node *n = &r->inventory.nodes[i];
			if (n->status != GB_STATUS_ERROR && n->status != GB_STATUS_LIMIT)
				continue;
			fputs("<tr><td class=\"mono\">", out);
			gb_html_puts(out, n->path);
			fputs("</td><td>", out);
			gb_html_puts(out, n->format ? n->format : "");
			fprintf(out, "</td><td class=\"err\">%s</td><td>", gb_node_status_name(n->status));
			gb_html_puts(out, n->error);
			fputs("</td><td class=\"mono\">", out);
			gb_html_puts(out, n->container);
			fputs("</td></tr>\n", out);
		}
		fputs("</table>\n", out);
	} else {
		fputs("<p>None: every container was read to its end.</p>\n", out);
	}
	fprintf(
	    out,
	    "<h3>Every node (%llu)</h3>\n<noscript><p>The full tree is rendered by the page's script; "
	    "it is also in the JSON report.</p></noscript>\n"
	    "<div class=\"controls\" id=\"t-controls\" hidden><input type=\"search\" id=\"t-q\" "
	    "placeholder=\"search path, format, container\" aria-label=\"search the tree\"><label><input "
	    "type=\"checkbox\" id=\"t-err\"> errors and limits only</label><span id=\"t-shown\"></span>"
	    "</div>\n<table id=\"tree-table\"><thead><tr><th class=\"num\">Id</th><th>Path</th><th>Type</th>"
	    "<th>Format</th><th class=\"num\">Size</th><th>Status</th><th>Container</th></tr></thead>"
	    "<tbody id=\"tree-body\"></tbody></table><button id=\"t-more\" hidden>show more</button>"
	    "</section>\n",
	    (unsigned long long)t->nodes);
}

/* The data the script needs, as JSON safe inside <script> (see the top). */
static void embedded_json(FILE *out, const gb_scan_record *r)
{
	json_t *root = json_object();
	json_t *keys = json_object();
	static const char *const names[] = {"id",   "path",   "type",  "format",
	                                    "size", "status", "error", "container"};
	for (int i = 0; i < 8; i++)
		json_object_set_new(keys, names[i], json_integer(i));
	json_object_set_new(root, "node_keys", keys);
	json_t *nodes = json_array();
	for (size_t i = 0; i < r->inventory.count; i++) {
		const gb_node *n = &r->inventory.nodes[i];
		if (n->status == GB_STATUS_REPLACED)
			continue;
		json_t *a = json_array();
		json_array_append_new(a, json_integer((json_int_t)n->id));
		json_array_append_new(a, gb_json_text(n->path));
		json_array_append_new(a, json_string(gb_node_kind_name(n->kind)));
		json_array_append_new(a, gb_json_text(n->format));
		json_array_append_new(a, json_integer((json_int_t)n->size));
		json_array_append_new(a, json_string(gb_node_status_name(n->status)));
		json_array_append_new(a, gb_json_text(n->error));
		json_array_append_new(a, gb_json_text(n->container));
		json_array_append_new(nodes, a);
	}
	json_object_set_new(root, "nodes", nodes);
	char *s = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(root);
	fputs("<script id=\"gb-data\" type=\"application/json\">", out);
	for (const char *p = s ? s : "{}"; *p; p++) {
		switch (*p) {
		case '<': fputs("\\u003c", out); break;
		case '>': fputs("\\u003e", out); break;
		case '&': fputs("\\u0026", out); break;
		default: fputc(*p, out);
		}
	}
	fputs("</script>\n", out);
	free(s);
}

static int render_html(const gb_scan_record *r, FILE *out)
{
	const gb_scan_meta *m = &r->meta;
	gb_scan_totals t;
	gb_scan_totals_compute(r, &t);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
	      "'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"generator\" content=\"glassbox ",
	      out);
	gb_html_puts(out, gb_version());
	fputs("\">\n<title>glassbox: ", out);
	gb_html_puts(out, m->input_name);
	fprintf(out, "</title>\n<style>%s</style></head>\n<body>\n<header><h1>glassbox report: ", css);
	gb_html_puts(out, m->input_name);
	fputs("</h1><p>scan ", out);
	fprintf(out, "%lld, ", (long long)m->id);
	gb_html_puts(out, m->status);
	fputs(", ", out);
	gb_html_puts(out, m->finished_at ? m->finished_at : m->started_at);
	fputs("</p></header>\n<nav><a href=\"#scan\">Scan</a><a href=\"#totals\">Totals</a>"
	      "<a href=\"#reachable\">Reachable at boot</a><a href=\"#ts33117\">TS 33.117</a>"
	      "<a href=\"#findings\">Findings</a><a href=\"#components\">Components</a>"
	      "<a href=\"#tree\">Unpacked tree</a></nav>\n<main>\n",
	      out);
	section_scan(out, r);
	section_totals(out, r, &t);
	section_reachable(out, r);
	section_ts33117(out, r);
	section_findings(out, r);
	section_components(out, r);
	section_tree(out, r, &t);
	fputs("</main>\n<footer>Generated by glassbox ", out);
	gb_html_puts(out, gb_version());
	fputs(" from the evidence store; the JSON and SARIF reports of the same scan carry the same "
	      "findings.</footer>\n",
	      out);
	embedded_json(out, r);
	fprintf(out, "<script>%s</script>\n</body></html>\n", js);
	return ferror(out) ? -1 : 0;
}

const gb_report_format gb_report_html = {
    .name = "html",
    .extension = ".html",
    .description = "one self-contained page a person reads in a browser",
    .render = render_html,
};
