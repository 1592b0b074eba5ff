/*
 * The text report: a summary a person reads in a terminal, then the findings.
 * Every line fits in 100 columns (long values wrap under their label), and
 * colour is used only when the output is a terminal and NO_COLOR is unset
 * (https://no-color.org), so a file or a pipe gets plain text.
 *
 * Scan strings come from hostile firmware: control characters in them are
 * written as \xNN, so a file name cannot move the cursor or set the title of
 * the terminal that reads the report.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glassbox/reachable.h"
#include "glassbox/report.h"
#include "glassbox/ts33117.h"
#include "util/util.h"

#define WIDTH 100

typedef struct tw {
	FILE *out;
	bool colour;
} tw;

static const char *const sev_colour[GB_SEV_COUNT] = {
    "\033[2m",    /* info: dim */
    "\033[36m",   /* low: cyan */
    "\033[33m",   /* medium: yellow */
    "\033[31m",   /* high: red */
    "\033[1;31m", /* critical: bold red */
};

static void on(const tw *t, const char *code)
{
	if (t->colour)
		fputs(code, t->out);
}

static void off(const tw *t)
{
	if (t->colour)
		fputs("\033[0m", t->out);
}

/* Length of the valid UTF-8 sequence at P, 0 if it is not one. */
static size_t utf8_seq(const unsigned char *p)
{
	size_t n = p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] < 0xe0 ? 2 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* S with control characters (C0, DEL, C1) and bytes that are not UTF-8 as \xNN. */
static char *sanitize(const char *s)
{
	gb_buf b = {0};
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		size_t n = *p < 0x80 ? 1 : utf8_seq(p);
		bool c1 = n == 2 && p[0] == 0xc2 && p[1] < 0xa0;
		if (n == 0 || c1 || *p < 0x20 || *p == 0x7f) {
			gb_buf_printf(&b, "\\x%02x", *p);
			p++;
			continue;
		}
		gb_buf_append(&b, p, n);
		p += n;
	}
	gb_buf_append(&b, "", 0);
	char *r = gb_buf_steal(&b);
	gb_buf_free(&b);
	return r ? r : gb_xstrdup("");
}

/* Bytes of the next character (UTF-8 lead byte and its continuations). */
static size_t char_len(const char *p)
{
	size_t n = 1;
	while (p[n] && ((unsigned char)p[n] & 0xc0) == 0x80 && n < 4)
		n++;
	return n;
}

/* Writes S from column COL, wrapping at spaces before WIDTH; continuation
 * lines start at column INDENT. A word longer than a line is cut. Ends the line. */
static void wrapped(const tw *t, size_t col, size_t indent, const char *s)
{
	char *clean = sanitize(s);
	const char *p = clean;
	while (*p) {
		size_t avail = col < WIDTH ? WIDTH - col : 1, cols = 0;
		const char *q = p, *space = NULL;
		while (*q && cols < avail) {
			if (*q == ' ')
				space = q;
			q += char_len(q);
			cols++;
		}
		if (!*q) {
			fputs(p, t->out);
			break;
		}
		const char *end = *q == ' ' ? q : space && space > p ? space : q;
		fwrite(p, 1, (size_t)(end - p), t->out);
		fprintf(t->out, "\n%*s", (int)indent, "");
		col = indent;
		p = end;
		while (*p == ' ')
			p++;
	}
	fputc('\n', t->out);
	free(clean);
}

/* "  label    value": the label padded to 9 columns, the value wrapped under itself. */
static void field(const tw *t, const char *label, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void field(const tw *t, const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = gb_xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(t->out, "  %-9s", label);
	wrapped(t, 11, 11, v);
	free(v);
}

static void heading(const tw *t, const char *s)
{
	fputc('\n', t->out);
	on(t, "\033[1m");
	fputs(s, t->out);
	off(t);
	fputc('\n', t->out);
}

/* One line of counts per verdict, then the failing clauses by number. */
static void ts33117_summary(const tw *t, const gb_findings *fs)
{
	unsigned n[4] = {0};
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++)
		n[gb_ts33117_verdict(c, fs)]++;
	fprintf(t->out, "  TS 33.117 %u clauses fail, %u no evidence of failure, %u not assessed,\n",
	        n[GB_TS_FAIL], n[GB_TS_NO_EVIDENCE], n[GB_TS_NOT_ASSESSED]);
	fprintf(t->out, "            %u not assessable statically\n", n[GB_TS_NOT_STATIC]);
	for (const gb_ts_clause *c = gb_ts33117_clauses(); c->id; c++)
		if (gb_ts33117_verdict(c, fs) == GB_TS_FAIL) {
			fputs("    ", t->out);
			on(t, sev_colour[GB_SEV_HIGH]);
			fputs("fail", t->out);
			off(t);
			fprintf(t->out, " %-12s ", c->id);
			wrapped(t, 21, 21, c->title);
		}
}

/* Network services started at boot and what protects them, then consoles. */
static void reachable_summary(const tw *t, const gb_findings *fs)
{
	gb_reachable r;
	gb_reachable_compute(fs, &r);
	for (int pass = 0; pass < 2; pass++) {
		bool net = pass == 0, any = false;
		for (size_t i = 0; i < r.count; i++) {
			const gb_reachable_service *s = &r.items[i];
			if (s->network != net)
				continue;
			if (!any)
				fprintf(t->out, "  %s\n",
				        net ? "reachable from the network at boot:"
				            : "reachable from a console or serial port:");
			any = true;
			fprintf(t->out, "    %-16.16s ", s->service);
			on(t, sev_colour[s->severity]);
			fprintf(t->out, "%-8s", gb_severity_name(s->severity));
			off(t);
			gb_buf b = {0};
			for (size_t j = 0; j < s->nexposures; j++)
				gb_buf_printf(&b, "%s%s %s (%zu)", j ? "; " : "", s->exposures[j].rule_id,
				              s->exposures[j].title ? s->exposures[j].title : "",
				              s->exposures[j].count);
			char *line = gb_buf_steal(&b);
			fputc(' ', t->out);
			wrapped(t, 30, 30, line ? line : "");
			free(line);
			gb_buf_free(&b);
		}
		if (net && !any)
			fprintf(t->out, "  reachable from the network at boot: no service finding\n");
	}
	gb_reachable_free(&r);
}

/* Counts per category, in order of first appearance in the findings. */
static void categories(const tw *t, const gb_findings *fs)
{
	const char *names[32];
	uint64_t counts[32];
	size_t n = 0;
	for (size_t i = 0; i < fs->count; i++) {
		const char *c = fs->items[i].category ? fs->items[i].category : "?";
		size_t j = 0;
		while (j < n && strcmp(names[j], c))
			j++;
		if (j == n && n < 32) {
			names[n] = c;
			counts[n++] = 0;
		}
		if (j < n)
			counts[j]++;
	}
	gb_buf b = {0};
	for (size_t j = 0; j < n; j++)
		gb_buf_printf(&b, "%s%s %llu", j ? ", " : "", names[j], (unsigned long long)counts[j]);
	char *s = gb_buf_steal(&b);
	field(t, "category", "%s", n ? s : "none");
	free(s);
	gb_buf_free(&b);
}

static void components_summary(const tw *t, const gb_scan_record *r)
{
	size_t vulns = 0;
	for (size_t i = 0; i < r->findings.count; i++)
		if (r->findings.items[i].category && !strcmp(r->findings.items[i].category, "vulnerability"))
			vulns++;
	field(t, "software", "%zu components identified, %zu known vulnerabilities matched",
	      r->components.count, vulns);
}

static int render_text(const gb_scan_record *r, FILE *out)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	tw t = {
	    .out = out,
	    .colour = isatty(fileno(out)) && !(nc && *nc) && !(term && !strcmp(term, "dumb")),
	};
	const gb_scan_meta *m = &r->meta;
	gb_scan_totals tot;
	gb_scan_totals_compute(r, &tot);
	on(&t, "\033[1m");
	char *head = gb_xasprintf("glassbox scan %lld of %s (%s)", (long long)m->id,
	                          m->input_name ? m->input_name : "?", m->status ? m->status : "?");
	wrapped(&t, 0, 2, head);
	free(head);
	off(&t);
	field(&t, "input", "%s", m->input_path ? m->input_path : "?");
	field(&t, "sha256", "%s", m->input_sha256 ? m->input_sha256 : "-");
	field(&t, "size", "%llu bytes (%s)", (unsigned long long)m->input_size,
	      m->input_type ? m->input_type : "?");
	field(&t, "versions", "tool %s, rules %s, vulnerability data %s",
	      m->tool_version ? m->tool_version : "?", m->rules_version ? m->rules_version : "?",
	      m->vulndata_version ? m->vulndata_version : "?");
	field(&t, "started", "%s, finished %s", m->started_at ? m->started_at : "?",
	      m->finished_at ? m->finished_at : "-");
	field(&t, "contents", "%llu files, %llu directories, %llu links, %llu containers in %u formats",
	      (unsigned long long)tot.files, (unsigned long long)tot.dirs, (unsigned long long)tot.links,
	      (unsigned long long)tot.regions, tot.formats);
	field(&t, "problems", "%llu extraction errors, %llu limits hit", (unsigned long long)tot.errors,
	      (unsigned long long)tot.limits);
	fputs("  findings", out);
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--) {
		fputc(' ', out);
		if (tot.by_severity[s])
			on(&t, sev_colour[s]);
		fprintf(out, "%s %llu", gb_severity_name((gb_severity)s),
		        (unsigned long long)tot.by_severity[s]);
		if (tot.by_severity[s])
			off(&t);
		fputs(s ? "," : "\n", out);
	}
	categories(&t, &r->findings);
	components_summary(&t, r);
	reachable_summary(&t, &r->findings);
	ts33117_summary(&t, &r->findings);
	for (int s = GB_SEV_COUNT - 1; s >= 0; s--) {
		for (size_t i = 0; i < r->findings.count; i++) {
			const gb_finding *f = &r->findings.items[i];
			if ((int)f->severity != s)
				continue;
			fputc('\n', out);
			on(&t, sev_colour[s]);
			fprintf(out, "[%s]", gb_severity_name(f->severity));
			off(&t);
			size_t col = strlen(gb_severity_name(f->severity)) + 3;
			char *title = gb_xasprintf("%s %s", f->rule_id, f->title ? f->title : "");
			fputc(' ', out);
			wrapped(&t, col, 2, title);
			free(title);
			if (f->path)
				field(&t, "at", "%s%s%s", f->path, f->container ? " in " : "",
				      f->container ? f->container : "");
			if (f->line >= 0)
				field(&t, "line", "%lld", (long long)f->line);
			if (f->evidence)
				field(&t, "evidence", "%s", f->evidence);
		}
	}
	if (tot.errors) {
		heading(&t, "extraction errors:");
		unsigned shown = 0;
		for (size_t i = 0; i < r->inventory.count && shown < 20; i++) {
			const gb_node *n = &r->inventory.nodes[i];
			if (n->status != GB_STATUS_ERROR)
				continue;
			char *line = gb_xasprintf(
			    "%s%s%s%s%s: %s", n->path ? n->path : "?", n->format ? " (" : "",
			    n->format ? n->format : "", n->format ? ")" : "",
			    n->kind == GB_NODE_REGION ? " container" : "", n->error ? n->error : "error");
			fputs("  ", out);
			wrapped(&t, 2, 4, line);
			free(line);
			shown++;
		}
		if (tot.errors > shown)
			fprintf(out, "  ... and %llu more (see the JSON report)\n",
			        (unsigned long long)(tot.errors - shown));
	}
	return ferror(out) ? -1 : 0;
}

const gb_report_format gb_report_text = {
    .name = "text",
    .extension = ".txt",
    .description = "a summary and the findings, for a terminal",
    .render = render_text,
};
