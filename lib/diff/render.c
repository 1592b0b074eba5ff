/* Reports of gb_diff: JSON (docs/diff.md), text and self-contained HTML. */
#include <jansson.h>
#include <string.h>

#include "glassbox/diff.h"
#include "util/util.h"

static json_t *side_json(const char *label, const char *sha, int64_t scan)
{
	return json_pack("{s:s, s:s, s:I}", "input", label ? label : "", "sha256", sha, "scan",
	                 (json_int_t)scan);
}

int gb_diff_render_json(const gb_diff *d, FILE *out)
{
	json_t *o =
	    json_pack("{s:o, s:o, s:b, s:{s:s, s:s}}", "a", side_json(d->a_label, d->a_sha256, d->a_scan),
	              "b", side_json(d->b_label, d->b_sha256, d->b_scan), "files_compared", d->files_compared,
	              "tool", "name", "glassbox", "version", gb_version());
	json_t *summary = json_object();
	for (int s = 0; s < GB_DIFF_NSECTIONS; s++) {
		json_object_set_new(o, gb_diff_section_name((gb_diff_section)s), json_array());
		json_object_set_new(summary, gb_diff_section_name((gb_diff_section)s), json_object());
	}
	for (size_t i = 0; i < d->count; i++) {
		const gb_diff_item *it = &d->items[i];
		const char *sec = gb_diff_section_name(it->section);
		json_t *item = json_pack("{s:s, s:s}", "change", it->change, "subject", it->subject);
		if (it->before)
			json_object_set_new(item, "before", json_string(it->before));
		if (it->after)
			json_object_set_new(item, "after", json_string(it->after));
		if (it->detail)
			json_object_set_new(item, "detail", json_string(it->detail));
		if (it->similarity >= 0)
			json_object_set_new(item, "similarity", json_integer(it->similarity));
		json_array_append_new(json_object_get(o, sec), item);
		json_t *counts = json_object_get(summary, sec);
		json_t *c = json_object_get(counts, it->change);
		json_object_set_new(counts, it->change, json_integer(c ? json_integer_value(c) + 1 : 1));
	}
	json_object_set_new(o, "summary", summary);
	json_object_set_new(o, "changes", json_integer((json_int_t)d->count));
	int rc = json_dumpf(o, out, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', out);
	json_decref(o);
	return rc;
}

static const char *mark(const char *change)
{
	if (!strcmp(change, "added") || !strcmp(change, "new"))
		return "+";
	if (!strcmp(change, "removed") || !strcmp(change, "fixed"))
		return "-";
	return "~";
}

int gb_diff_render_text(const gb_diff *d, FILE *out)
{
	fprintf(out, "a: %s (sha256 %s)\nb: %s (sha256 %s)\n", d->a_label, d->a_sha256, d->b_label,
	        d->b_sha256);
	if (!d->files_compared)
		fprintf(out, "(the files of a stored scan could not be read again: accounts and binaries not "
		             "compared)\n");
	for (int s = 0; s < GB_DIFF_NSECTIONS; s++) {
		size_t n = 0;
		for (size_t i = 0; i < d->count; i++)
			n += d->items[i].section == (gb_diff_section)s;
		if (!n)
			continue;
		fprintf(out, "\n%s (%zu)\n", gb_diff_section_name((gb_diff_section)s), n);
		for (size_t i = 0; i < d->count; i++) {
			const gb_diff_item *it = &d->items[i];
			if (it->section != (gb_diff_section)s)
				continue;
			fprintf(out, "  %s %-10s %s\n", mark(it->change), it->change, it->subject);
			if (it->before || it->after)
				fprintf(out, "               %s -> %s\n", it->before ? it->before : "(none)",
				        it->after ? it->after : "(none)");
			if (it->detail)
				fprintf(out, "               %s\n", it->detail);
		}
	}
	fprintf(out, "\n%zu changes\n", d->count);
	return ferror(out) ? -1 : 0;
}

int gb_diff_render_html(const gb_diff *d, FILE *out)
{
	fputs(
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>glassbox diff</title>\n"
	    "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1."
	    "5em}"
	    "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
	    ".added,.new{background:#fdd}.removed,.fixed{background:#dfd}code{font-size:90%}</style>"
	    "</head><body>\n<h1>glassbox diff</h1>\n<p>a: <code>",
	    out);
	gb_html_puts(out, d->a_label);
	fprintf(out, "</code> sha256 <code>%s</code><br>b: <code>", d->a_sha256);
	gb_html_puts(out, d->b_label);
	fprintf(out, "</code> sha256 <code>%s</code></p>\n<p>%zu changes</p>\n", d->b_sha256, d->count);
	for (int s = 0; s < GB_DIFF_NSECTIONS; s++) {
		size_t n = 0;
		for (size_t i = 0; i < d->count; i++)
			n += d->items[i].section == (gb_diff_section)s;
		if (!n)
			continue;
		fprintf(out,
		        "<h2>%s "
		        "(%zu)</h2>\n<table><tr><th>change</th><th>subject</th><th>before</th><th>after</th>"
		        "<th>detail</th></tr>\n",
		        gb_diff_section_name((gb_diff_section)s), n);
		for (size_t i = 0; i < d->count; i++) {
			const gb_diff_item *it = &d->items[i];
			if (it->section != (gb_diff_section)s)
				continue;
			fprintf(out, "<tr class=\"%s\"><td>%s</td><td><code>", it->change, it->change);
			gb_html_puts(out, it->subject);
			fputs("</code></td><td>", out);
			gb_html_puts(out, it->before);
			fputs("</td><td>", out);
			gb_html_puts(out, it->after);
			fputs("</td><td>", out);
			gb_html_puts(out, it->detail);
			fputs("</td></tr>\n", out);
		}
		fputs("</table>\n", out);
	}
	fputs("</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
