/* Every report format on a scan whose names, evidence and versions are fuzzer
 * bytes (split at NUL): no crash, no leak; the text report keeps every line
 * within 100 characters and has no escape codes off a terminal; the HTML report
 * (the component-age chart included) has only its own two script elements; the JSON formats parse back. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/report.h"
#include "glassbox/store.h"
#include "util/util.h"

typedef struct fields {
	const char *items[16];
	size_t count;
	char *copy;
} fields;

static const char *field(const fields *f, size_t i)
{
	return f->count ? f->items[i % f->count] : "";
}

static void check_text(const char *s, size_t len)
{
	if (memchr(s, 0x1b, len))
		abort();
	size_t cols = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			cols = 0;
			continue;
		}
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++cols > 100)
			abort();
	}
}

static void check_html(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "<script")); p++)
		n++;
	if (n != 2 || strstr(s, "<img"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fields f = {.copy = gb_xmalloc(size + 1)};
	memcpy(f.copy, data, size);
	f.copy[size] = '\0';
	for (size_t i = 0; i <= size && f.count < 16; i += strlen(f.copy + i) + 1)
		f.items[f.count++] = f.copy + i;

	gb_scan_record r;
	memset(&r, 0, sizeof(r));
	r.meta.id = 1;
	r.meta.input_name = gb_xstrdup(field(&f, 0));
	r.meta.input_path = gb_xasprintf("/in/%s", field(&f, 0));
	r.meta.input_sha256 = gb_xstrdup("00");
	r.meta.input_type = gb_xstrdup(size & 1 ? "file" : "directory");
	r.meta.tool_version = gb_xstrdup(field(&f, 1));
	r.meta.rules_version = gb_xstrdup("r");
	r.meta.vulndata_version = gb_xstrdup("v");
	r.meta.status = gb_xstrdup("complete");
	r.meta.started_at = gb_xstrdup("2026-01-01T00:00:00Z");
	for (int i = 0; i < 4; i++) {
		gb_node *n = gb_inventory_add(&r.inventory);
		n->parent = i ? 1 : 0;
		n->kind = i == 1 ? GB_NODE_REGION : GB_NODE_FILE;
		n->status = i == 3 ? GB_STATUS_ERROR : GB_STATUS_OK;
		n->path = gb_xstrdup(field(&f, 2 + (size_t)i));
		n->container = i ? gb_xstrdup(field(&f, 3 + (size_t)i)) : NULL;
		n->format = i == 2 ? gb_xstrdup(field(&f, 4)) : NULL;
		n->error = i == 3 ? gb_xstrdup(field(&f, 5)) : NULL;
		n->disk_path = gb_xstrdup(field(&f, 6 + (size_t)i));
	}
	static const char *const rules[] = {"GB-SVC-001", "GB-SVC-003", "GB-SVC-004", "GB-SVC-006",
	                                    "GB-VULN-001"};
	for (size_t i = 0; i < 5; i++) {
		gb_finding *x = gb_findings_add(&r.findings, rules[i], field(&f, 7 + i), field(&f, 8 + i), 3,
		                                (int64_t)i - 1, field(&f, 9 + i), NULL);
		x->line = (int64_t)i;
		if (!strcmp(rules[i], "GB-VULN-001")) {
			free(x->title);
			x->title = gb_xasprintf("CVE-2024-1 in %s %s", field(&f, 10), field(&f, 11));
		}
	}
	gb_component *c = gb_components_add(&r.components);
	c->name = gb_xstrdup(field(&f, 10));
	c->version = gb_xstrdup(field(&f, 11));
	c->purl = gb_xstrdup(field(&f, 12));
	c->cpe = gb_xstrdup(field(&f, 13));
	c->confidence = gb_xstrdup("high");
	c->paths = gb_xstrdup("[]");
	/* Dates: one from fuzzer bytes (the age chart must refuse it or draw it),
	 * one valid with hostile kind and evidence. */
	for (int i = 0; i < 2; i++) {
		gb_component *d = gb_components_add(&r.components);
		d->name = gb_xstrdup(field(&f, 14 + (size_t)i));
		d->version = gb_xstrdup(field(&f, 15));
		d->confidence = gb_xstrdup("medium");
		d->paths = gb_xstrdup("[]");
		d->date = gb_xstrdup(i ? "2019-07-13" : field(&f, 13));
		d->date_kind = gb_xstrdup(field(&f, 12));
		d->date_evidence = gb_xstrdup(field(&f, 11));
	}

	for (const gb_report_format *const *fmt = gb_report_formats(); *fmt; fmt++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		if (!out)
			abort();
		(*fmt)->render(&r, out);
		fclose(out);
		if (!strcmp((*fmt)->name, "text"))
			check_text(buf, len);
		else if (!strcmp((*fmt)->name, "html"))
			check_html(buf);
		else {
			json_error_t err;
			json_t *j = json_loadb(buf, len, 0, &err);
			if (!j)
				abort();
			json_decref(j);
		}
		free(buf);
	}
	gb_scan_record_free(&r);
	free(f.copy);
	return 0;
}
