#include <stdlib.h>
#include <string.h>

#include "glassbox/finding.h"
#include "util/util.h"

static const char *const severity_names[GB_SEV_COUNT] = {"info", "low", "medium", "high", "critical"};

const char *gb_severity_name(gb_severity sev)
{
	return (unsigned)sev < GB_SEV_COUNT ? severity_names[sev] : "unknown";
}

int gb_severity_from_name(const char *name)
{
	for (int i = 0; i < GB_SEV_COUNT; i++)
		if (strcmp(severity_names[i], name) == 0)
			return i;
	return -1;
}

const gb_rule *gb_rule_find(const char *id)
{
	for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
		for (const gb_rule *r = *t; r->id; r++)
			if (strcmp(r->id, id) == 0)
				return r;
	return NULL;
}

void gb_finding_fingerprint(const gb_finding *f, char out[65])
{
	/* Offsets and line numbers are left out on purpose: they move between
	 * releases while the finding stays the same one. */
	gb_sha256 h;
	gb_sha256_init(&h);
	const char *parts[] = {f->rule_id, f->container ? f->container : "", f->path ? f->path : "",
	                       f->evidence ? f->evidence : ""};
	for (size_t i = 0; i < 4; i++)
		gb_sha256_update(&h, parts[i], strlen(parts[i]) + 1);
	gb_sha256_final(&h, out);
}

gb_finding *gb_findings_add(gb_findings *list, const char *rule_id, const char *path, const char *container,
                            uint64_t node_id, int64_t offset, const char *evidence, const char *sha256)
{
	const gb_rule *rule = gb_rule_find(rule_id);
	if (!rule)
		abort(); /* a rule id missing from the table is a programming error */
	if (list->count == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = gb_xrealloc(list->items, list->cap * sizeof(*list->items));
	}
	gb_finding *f = &list->items[list->count++];
	memset(f, 0, sizeof(*f));
	f->rule_id = rule->id;
	f->title = gb_xstrdup(rule->title);
	f->severity = rule->severity;
	f->category = rule->category;
	f->cwe = rule->cwe;
	f->ts33117 = rule->ts33117;
	f->path = path ? gb_xstrdup(path) : NULL;
	f->container = container ? gb_xstrdup(container) : NULL;
	f->node_id = node_id;
	f->offset = offset;
	f->line = -1;
	f->evidence = evidence ? gb_xstrdup(evidence) : NULL;
	if (sha256)
		memcpy(f->sha256, sha256, strnlen(sha256, 64));
	gb_finding_fingerprint(f, f->fingerprint);
	return f;
}

void gb_findings_free(gb_findings *list)
{
	for (size_t i = 0; i < list->count; i++) {
		gb_finding *f = &list->items[i];
		free(f->title);
		free(f->path);
		free(f->container);
		free(f->evidence);
		free(f->references);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}
