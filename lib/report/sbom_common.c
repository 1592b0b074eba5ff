#include <stdio.h>
#include <string.h>

#include "report/sbom_common.h"

bool gb_vuln_view_parse(const gb_finding *f, gb_vuln_view *v)
{
	memset(v, 0, sizeof(*v));
	if (strcmp(f->rule_id, "GB-VULN-001") != 0 || !f->title)
		return false;
	if (sscanf(f->title, "%31s in %127s %63s", v->id, v->name, v->version) != 3)
		return false;
	const char *ev = f->evidence ? f->evidence : "";
	const char *c = strstr(ev, "; CVSS ");
	if (c && sscanf(c, "; CVSS %lf %159[^;]", &v->score, v->vector) < 1)
		v->score = 0;
	/* "matches CRITERIA RANGE; ..." */
	const char *m = strstr(ev, " matches ");
	if (m) {
		m += 9;
		const char *sp = strchr(m, ' ');
		if (sp) {
			size_t n = strcspn(sp + 1, ";");
			if (n >= sizeof(v->range))
				n = sizeof(v->range) - 1;
			memcpy(v->range, sp + 1, n);
		}
	}
	return true;
}

long gb_component_index(const gb_scan_record *r, const char *name, const char *version)
{
	for (size_t i = 0; i < r->components.count; i++) {
		const gb_component *c = &r->components.items[i];
		if (c->name && c->version && !strcmp(c->name, name) && !strcmp(c->version, version))
			return (long)i;
	}
	return -1;
}
