#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/node_json.h"
#include "util/util.h"

json_t *gb_json_text(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	gb_buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = *p < 0x80                 ? 1
		           : *p >= 0xc2 && *p < 0xe0 ? 2
		           : *p >= 0xe0 && *p < 0xf0 ? 3
		           : *p >= 0xf0 && *p < 0xf5 ? 4
		                                     : 0;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		/* overlong, surrogate and out-of-range forms jansson also refuses */
		if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0)))
			n = 0;
		if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90)))
			n = 0;
		if (n) {
			gb_buf_append(&b, p, n);
			p += n;
		} else {
			gb_buf_puts(&b, "\xef\xbf\xbd");
			p++;
		}
	}
	char *clean = gb_buf_steal(&b);
	j = json_string(clean);
	free(clean);
	return j ? j : json_string("");
}

/* Names from firmware need not be UTF-8: such bytes become U+FFFD rather
 * than the key going missing (jansson refuses invalid UTF-8). */
static json_t *str_or_null(const char *s)
{
	return gb_json_text(s);
}

json_t *gb_csv_to_json(const char *csv)
{
	json_t *a = json_array();
	if (!csv)
		return a;
	const char *p = csv;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len)
			json_array_append_new(a, json_stringn(p, len));
		p += len;
		if (*p == ',')
			p++;
	}
	return a;
}

json_t *gb_node_to_json(const gb_node *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer((json_int_t)n->id));
	json_object_set_new(o, "parent", n->parent ? json_integer((json_int_t)n->parent) : json_null());
	json_object_set_new(o, "path", str_or_null(n->path));
	json_object_set_new(o, "container", str_or_null(n->container));
	json_object_set_new(o, "type", json_string(gb_node_kind_name(n->kind)));
	json_object_set_new(o, "format", str_or_null(n->format));
	json_object_set_new(o, "detail", str_or_null(n->detail));
	json_object_set_new(o, "offset", json_integer((json_int_t)n->offset));
	json_object_set_new(o, "size", json_integer((json_int_t)n->size));
	json_object_set_new(o, "sha256", n->sha256[0] ? json_string(n->sha256) : json_null());
	char mode[8];
	snprintf(mode, sizeof(mode), "%04o", n->mode & 07777);
	json_object_set_new(o, "mode", json_string(mode));
	json_object_set_new(o, "uid", json_integer(n->uid));
	json_object_set_new(o, "gid", json_integer(n->gid));
	json_object_set_new(o, "mtime", json_integer((json_int_t)n->mtime));
	if (n->kind == GB_NODE_CHARDEV || n->kind == GB_NODE_BLOCKDEV) {
		json_object_set_new(o, "major", json_integer((json_int_t)((n->rdev >> 8) & 0xfff)));
		json_object_set_new(
		    o, "minor", json_integer((json_int_t)((n->rdev & 0xff) | ((n->rdev >> 12) & 0xfff00))));
	}
	json_object_set_new(o, "link_target", str_or_null(n->link_target));
	json_object_set_new(o, "status", json_string(gb_node_status_name(n->status)));
	json_object_set_new(o, "error", str_or_null(n->error));
	json_object_set_new(o, "disk_path", str_or_null(n->in_input ? NULL : n->disk_path));
	return o;
}

json_t *gb_finding_to_json(const gb_finding *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "rule_id", json_string(f->rule_id));
	json_object_set_new(o, "title", str_or_null(f->title));
	json_object_set_new(o, "severity", json_string(gb_severity_name(f->severity)));
	json_object_set_new(o, "category", str_or_null(f->category));
	json_object_set_new(o, "path", str_or_null(f->path));
	json_object_set_new(o, "container", str_or_null(f->container));
	json_object_set_new(o, "node", f->node_id ? json_integer((json_int_t)f->node_id) : json_null());
	json_object_set_new(o, "offset", f->offset >= 0 ? json_integer(f->offset) : json_null());
	json_object_set_new(o, "line", f->line >= 0 ? json_integer(f->line) : json_null());
	json_object_set_new(o, "evidence", str_or_null(f->evidence));
	json_object_set_new(o, "sha256", f->sha256[0] ? json_string(f->sha256) : json_null());
	json_object_set_new(o, "cwe", gb_csv_to_json(f->cwe));
	json_object_set_new(o, "ts33117", gb_csv_to_json(f->ts33117));
	json_object_set_new(o, "references", gb_csv_to_json(f->references));
	json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
	return o;
}

json_t *gb_reachable_to_json(const gb_reachable *r, const gb_findings *fs)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < r->count; i++) {
		const gb_reachable_service *s = &r->items[i];
		json_t *o = json_object();
		json_object_set_new(o, "service", json_string(s->service));
		json_object_set_new(o, "network", json_boolean(s->network));
		json_object_set_new(o, "severity", json_string(gb_severity_name(s->severity)));
		json_t *ex = json_array();
		for (size_t j = 0; j < s->nexposures; j++) {
			const gb_reachable_exposure *e = &s->exposures[j];
			json_t *eo = json_object();
			json_object_set_new(eo, "rule_id", json_string(e->rule_id));
			json_object_set_new(eo, "title", str_or_null(e->title));
			json_object_set_new(eo, "severity", json_string(gb_severity_name(e->severity)));
			json_object_set_new(eo, "count", json_integer((json_int_t)e->count));
			json_array_append_new(ex, eo);
		}
		json_object_set_new(o, "exposures", ex);
		/* Where the service is started or configured: each path once, in finding order. */
		json_t *paths = json_array();
		json_t *fps = json_array();
		for (size_t j = 0; j < s->nfindings; j++) {
			const gb_finding *f = &fs->items[s->findings[j]];
			json_array_append_new(fps, json_string(f->fingerprint));
			if (!f->path)
				continue;
			bool seen = false;
			for (size_t k = 0; k < json_array_size(paths) && !seen; k++)
				seen = !strcmp(json_string_value(json_array_get(paths, k)), f->path);
			if (!seen && json_array_size(paths) < 64)
				json_array_append_new(paths, json_string(f->path));
		}
		json_object_set_new(o, "paths", paths);
		json_object_set_new(o, "findings", fps);
		json_array_append_new(arr, o);
	}
	return arr;
}
