/* Reports of gb_verify: JSON (docs/verify.md), text and self-contained HTML. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/verify.h"
#include "util/util.h"

static json_t *input_json(const gb_verify_input *in)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:I}", "name", in->name ? in->name : "", "sha256", in->sha256,
	                 "size", (json_int_t)in->size, "type", in->is_dir ? "directory" : "file",
	                 "extraction_errors", (json_int_t)in->errors);
}

static json_t *norm_json(unsigned flags)
{
	json_t *a = json_array();
	if (flags & GB_NORM_TIMESTAMP)
		json_array_append_new(a, json_string("timestamp"));
	if (flags & GB_NORM_BUILDPATH)
		json_array_append_new(a, json_string("build-path"));
	if (flags & GB_NORM_NEWLINE)
		json_array_append_new(a, json_string("line-end"));
	return a;
}

static json_t *file_json(const gb_verify_file *f, bool sections)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "path", f->path ? f->path : "", "key", f->key,
	                      "verdict", gb_verdict_name(f->verdict), "kind", f->kind ? f->kind : "data");
	if (f->verdict != GB_VERDICT_EXTRA)
		json_object_set_new(
		    o, "reference",
		    json_pack("{s:s, s:I}", "sha256", f->ref_sha256, "size", (json_int_t)f->ref_size));
	if (f->verdict != GB_VERDICT_MISSING)
		json_object_set_new(o, "shipped",
		                    json_pack("{s:s, s:I}", "sha256", f->shipped_sha256, "size",
		                              (json_int_t)f->shipped_size));
	if (f->detail)
		json_object_set_new(o, "detail", json_string(f->detail));
	if (f->moved_to)
		json_object_set_new(o, "moved_to", json_string(f->moved_to));
	if (f->shipped_key)
		json_object_set_new(o, "shipped_key", json_string(f->shipped_key));
	if (f->has_elf) {
		json_object_set_new(o, "code_differs", json_boolean(f->elf.code_differs));
		json_object_set_new(o, "normalised", norm_json(f->elf.norm_flags));
		if (sections) {
			json_t *arr = json_array();
			for (size_t i = 0; i < f->elf.count; i++) {
				const gb_section_diff *s = &f->elf.sections[i];
				json_array_append_new(
				    arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:b}", "name",
				                   s->name, "outcome", gb_section_outcome_name(s->outcome),
				                   "reference_size", (json_int_t)s->ref_size, "shipped_size",
				                   (json_int_t)s->shipped_size, "bytes_different",
				                   (json_int_t)s->bytes_different, "bytes_normalised",
				                   (json_int_t)s->bytes_normalised, "first_offset",
				                   (json_int_t)s->first_offset, "executable", s->executable));
			}
			json_object_set_new(o, "sections", arr);
		}
	}
	return o;
}

/* The report and the attestation's predicate share this shape; the
 * predicate leaves section details out to stay small. */
static json_t *result_json(const gb_verify_result *r, bool sections)
{
	json_t *sum = json_object();
	for (int v = 0; v < 6; v++)
		json_object_set_new(sum, gb_verdict_name((gb_verdict)v),
		                    json_integer((json_int_t)r->by_verdict[v]));
	json_t *paths = json_array();
	for (size_t i = 0; i < r->npaths; i++)
		json_array_append_new(paths, json_pack("{s:s, s:s}", "reference", r->paths[i].ref, "shipped",
		                                       r->paths[i].shipped));
	json_t *files = json_array();
	for (size_t i = 0; i < r->count; i++)
		json_array_append_new(files, file_json(&r->files[i], sections));
	return json_pack("{s:{s:s, s:s}, s:o, s:o, s:s, s:o, s:o, s:o}", "tool", "name", "glassbox",
	                 "version", r->tool_version ? r->tool_version : gb_version(), "reference",
	                 input_json(&r->reference), "shipped", input_json(&r->shipped), "verdict",
	                 gb_verdict_name(r->verdict), "summary", sum, "build_paths", paths, "files", files);
}

int gb_verify_render_json(const gb_verify_result *r, FILE *out)
{
	json_t *o = result_json(r, true);
	int rc = json_dumpf(o, out, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', out);
	json_decref(o);
	return rc;
}

char *gb_verify_statement(const gb_verify_result *r)
{
	json_t *st = json_pack("{s:s, s:[{s:s, s:{s:s}}], s:s, s:o}", "_type",
	                       "https://in-toto.io/Statement/v1", "subject", "name",
	                       r->shipped.name ? r->shipped.name : "", "digest", "sha256", r->shipped.sha256,
	                       "predicateType", GB_VERIFY_PREDICATE, "predicate", result_json(r, false));
	char *s = json_dumps(st, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(st);
	return s;
}

int gb_verify_render_text(const gb_verify_result *r, FILE *out)
{
	fprintf(out, "reference: %s (%s, sha256 %s)\n", r->reference.name,
	        r->reference.is_dir ? "directory" : "file", r->reference.sha256);
	fprintf(out, "shipped:   %s (%s, sha256 %s)\n\n", r->shipped.name,
	        r->shipped.is_dir ? "directory" : "file", r->shipped.sha256);
	for (size_t i = 0; i < r->count; i++) {
		const gb_verify_file *f = &r->files[i];
		if (f->verdict == GB_VERDICT_IDENTICAL)
			continue;
		fprintf(out, "%-10s %s\n", gb_verdict_name(f->verdict), f->key);
		if (f->detail)
			fprintf(out, "           %s\n", f->detail);
		for (size_t k = 0; f->has_elf && k < f->elf.count; k++) {
			const gb_section_diff *s = &f->elf.sections[k];
			fprintf(
			    out,
			    "             %-24s %-14s %llu -> %llu bytes, %llu differ, %llu normalised%s\n",
			    s->name, gb_section_outcome_name(s->outcome), (unsigned long long)s->ref_size,
			    (unsigned long long)s->shipped_size, (unsigned long long)s->bytes_different,
			    (unsigned long long)s->bytes_normalised, s->executable ? ", code" : "");
		}
	}
	for (size_t i = 0; i < r->npaths; i++)
		fprintf(out, "build path: %s -> %s\n", r->paths[i].ref, r->paths[i].shipped);
	fprintf(out,
	        "\n%llu files: %llu identical, %llu equivalent, %llu different, %llu moved, %llu missing, "
	        "%llu extra\n",
	        (unsigned long long)r->count, (unsigned long long)r->by_verdict[0],
	        (unsigned long long)r->by_verdict[1], (unsigned long long)r->by_verdict[2],
	        (unsigned long long)r->by_verdict[3], (unsigned long long)r->by_verdict[4],
	        (unsigned long long)r->by_verdict[5]);
	fprintf(out, "verdict: %s\n", gb_verdict_name(r->verdict));
	return ferror(out) ? -1 : 0;
}

int gb_verify_render_html(const gb_verify_result *r, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>glassbox "
	      "verify</title>\n"
	      "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
	      "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
	      ".different,.missing,.extra,.moved{background:#fdd}.equivalent{background:#ffd}"
	      ".identical{background:#dfd}code{font-size:90%}</style></head><body>\n",
	      out);
	fputs("<h1>glassbox verify: ", out);
	gb_html_puts(out, gb_verdict_name(r->verdict));
	fputs("</h1>\n<p>Reference <code>", out);
	gb_html_puts(out, r->reference.name);
	fprintf(out, "</code> sha256 <code>%s</code><br>Shipped <code>", r->reference.sha256);
	gb_html_puts(out, r->shipped.name);
	fprintf(out, "</code> sha256 <code>%s</code><br>glassbox ", r->shipped.sha256);
	gb_html_puts(out, r->tool_version ? r->tool_version : gb_version());
	fprintf(
	    out,
	    "</p>\n<p>%zu files: %llu identical, %llu equivalent, %llu different, %llu moved, %llu missing, "
	    "%llu extra</p>\n",
	    r->count, (unsigned long long)r->by_verdict[0], (unsigned long long)r->by_verdict[1],
	    (unsigned long long)r->by_verdict[2], (unsigned long long)r->by_verdict[3],
	    (unsigned long long)r->by_verdict[4], (unsigned long long)r->by_verdict[5]);
	fputs("<table><tr><th>verdict</th><th>file</th><th>kind</th><th>detail</th></tr>\n", out);
	for (size_t i = 0; i < r->count; i++) {
		const gb_verify_file *f = &r->files[i];
		fprintf(out, "<tr class=\"%s\"><td>%s</td><td><code>", gb_verdict_name(f->verdict),
		        gb_verdict_name(f->verdict));
		gb_html_puts(out, f->key);
		fputs("</code></td><td>", out);
		gb_html_puts(out, f->kind ? f->kind : "");
		fputs("</td><td>", out);
		gb_html_puts(out, f->detail ? f->detail : "");
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
