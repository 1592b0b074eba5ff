/*
 * CycloneDX 1.5 JSON (https://cyclonedx.org/docs/1.5/json/): the input as the
 * BOM's subject, one component per identified component with its purl, CPE,
 * licence and evidence (occurrences, identity), and the known
 * vulnerabilities (VDR) with their CVSS ratings and the component they affect.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/glassbox.h"
#include "report/node_json.h"
#include "report/sbom_common.h"

static json_t *str_or_null(const char *s)
{
	return json_string(s ? s : "");
}

/* A stable serial number from the input hash and the scan id, so rendering
 * the same stored scan twice gives the same bytes (RFC 4122 layout, version 5 bits). */
static char *serial(const gb_scan_record *r)
{
	const char *h = r->meta.input_sha256 && strlen(r->meta.input_sha256) == 64
	                    ? r->meta.input_sha256
	                    : "0000000000000000000000000000000000000000000000000000000000000000";
	char buf[64];
	snprintf(buf, sizeof(buf), "urn:uuid:%.8s-%.4s-5%.3s-8%.3s-%.4s%08llx", h, h + 8, h + 13, h + 17,
	         h + 20, (unsigned long long)(r->meta.id & 0xffffffffu));
	return strdup(buf);
}

static json_t *licence_json(const char *l)
{
	json_t *arr = json_array();
	json_t *o = json_object();
	if (strstr(l, " OR ") || strstr(l, " AND ") || strstr(l, " WITH ")) {
		json_object_set_new(o, "expression", json_string(l));
	} else {
		json_t *lic = json_object();
		json_object_set_new(lic, "id", json_string(l));
		json_object_set_new(o, "license", lic);
	}
	json_array_append_new(arr, o);
	return arr;
}

static double conf_value(const char *c)
{
	if (!c)
		return 0.5;
	if (!strcmp(c, "high"))
		return 0.9;
	if (!strcmp(c, "medium"))
		return 0.7;
	return 0.3;
}

static void add_prop(json_t *props, const char *name, const char *value)
{
	if (!value)
		return;
	json_t *pr = json_object();
	json_object_set_new(pr, "name", json_string(name));
	json_object_set_new(pr, "value", gb_json_text(value));
	json_array_append_new(props, pr);
}

static json_t *component_json(const gb_component *c, size_t i)
{
	json_t *o = json_object();
	char ref[32];
	snprintf(ref, sizeof(ref), "component-%zu", i + 1);
	bool os = c->cpe && !strncmp(c->cpe, "cpe:2.3:o:", 10);
	json_object_set_new(o, "type", json_string(os ? "operating-system" : "library"));
	json_object_set_new(o, "bom-ref", json_string(ref));
	json_object_set_new(o, "name", str_or_null(c->name));
	json_object_set_new(o, "version", str_or_null(c->version));
	if (c->licence)
		json_object_set_new(o, "licenses", licence_json(c->licence));
	if (c->cpe)
		json_object_set_new(o, "cpe", json_string(c->cpe));
	if (c->purl)
		json_object_set_new(o, "purl", json_string(c->purl));

	json_t *ev = json_object();
	json_t *ident = json_object();
	json_object_set_new(ident, "field", json_string("version"));
	json_object_set_new(ident, "confidence", json_real(conf_value(c->confidence)));
	json_t *methods = json_array();
	json_t *m = json_object();
	bool manifest = c->purl && (!strncmp(c->purl, "pkg:deb/", 8) || !strncmp(c->purl, "pkg:opkg/", 9));
	json_object_set_new(m, "technique", json_string(manifest ? "manifest-analysis" : "binary-analysis"));
	json_object_set_new(m, "confidence", json_real(conf_value(c->confidence)));
	if (c->evidence)
		json_object_set_new(m, "value", json_string(c->evidence));
	json_array_append_new(methods, m);
	json_object_set_new(ident, "methods", methods);
	json_object_set_new(ev, "identity", ident);
	json_t *paths = c->paths ? json_loads(c->paths, 0, NULL) : NULL;
	json_t *occ = json_array();
	size_t k;
	json_t *p;
	json_array_foreach(paths, k, p)
	{
		json_t *l = json_object();
		json_object_set(l, "location", p);
		json_array_append_new(occ, l);
	}
	json_decref(paths);
	json_object_set_new(ev, "occurrences", occ);
	json_object_set_new(o, "evidence", ev);
	/* CycloneDX 1.5 has no field for a component's release or build date
	 * (releaseNotes describes a release, not where its date was read), so
	 * the date goes in properties with its kind and evidence. */
	json_t *props = json_array();
	add_prop(props, "glassbox:package_version", c->pkg_version);
	add_prop(props, "glassbox:date", c->date);
	add_prop(props, "glassbox:date_kind", c->date ? c->date_kind : NULL);
	add_prop(props, "glassbox:date_evidence", c->date ? c->date_evidence : NULL);
	if (json_array_size(props))
		json_object_set_new(o, "properties", props);
	else
		json_decref(props);
	return o;
}

static const char *sev_name(gb_severity s)
{
	switch (s) {
	case GB_SEV_CRITICAL: return "critical";
	case GB_SEV_HIGH: return "high";
	case GB_SEV_MEDIUM: return "medium";
	case GB_SEV_LOW: return "low";
	default: return "info";
	}
}

static int render_cyclonedx(const gb_scan_record *r, FILE *out)
{
	const gb_scan_meta *mt = &r->meta;
	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string("http://cyclonedx.org/schema/bom-1.5.schema.json"));
	json_object_set_new(root, "bomFormat", json_string("CycloneDX"));
	json_object_set_new(root, "specVersion", json_string("1.5"));
	char *sn = serial(r);
	json_object_set_new(root, "serialNumber", json_string(sn));
	free(sn);
	json_object_set_new(root, "version", json_integer(1));

	json_t *meta = json_object();
	if (mt->started_at)
		json_object_set_new(meta, "timestamp", json_string(mt->started_at));
	json_t *tools = json_object();
	json_t *tcomps = json_array();
	json_t *tool = json_object();
	json_object_set_new(tool, "type", json_string("application"));
	json_object_set_new(tool, "name", json_string("glassbox"));
	json_object_set_new(tool, "version", json_string(mt->tool_version ? mt->tool_version : gb_version()));
	json_array_append_new(tcomps, tool);
	json_object_set_new(tools, "components", tcomps);
	json_object_set_new(meta, "tools", tools);
	json_t *subject = json_object();
	json_object_set_new(subject, "type", json_string("firmware"));
	json_object_set_new(subject, "bom-ref", json_string("input"));
	json_object_set_new(subject, "name", str_or_null(mt->input_name));
	if (mt->input_sha256 && strlen(mt->input_sha256) == 64) {
		json_t *hashes = json_array();
		json_t *h = json_object();
		json_object_set_new(h, "alg", json_string("SHA-256"));
		json_object_set_new(h, "content", json_string(mt->input_sha256));
		json_array_append_new(hashes, h);
		json_object_set_new(subject, "hashes", hashes);
	}
	json_object_set_new(meta, "component", subject);
	json_t *props = json_array();
	const char *keys[] = {"glassbox:rules_version", "glassbox:vulndata_version", "glassbox:scan_status"};
	const char *vals[] = {mt->rules_version, mt->vulndata_version, mt->status};
	for (size_t i = 0; i < 3; i++) {
		json_t *pr = json_object();
		json_object_set_new(pr, "name", json_string(keys[i]));
		json_object_set_new(pr, "value", str_or_null(vals[i]));
		json_array_append_new(props, pr);
	}
	json_object_set_new(meta, "properties", props);
	json_object_set_new(root, "metadata", meta);

	json_t *comps = json_array();
	for (size_t i = 0; i < r->components.count; i++)
		json_array_append_new(comps, component_json(&r->components.items[i], i));
	json_object_set_new(root, "components", comps);

	json_t *vulns = json_array();
	for (size_t i = 0; i < r->findings.count; i++) {
		gb_vuln_view v;
		const gb_finding *f = &r->findings.items[i];
		if (!gb_vuln_view_parse(f, &v))
			continue;
		json_t *o = json_object();
		char ref[48];
		snprintf(ref, sizeof(ref), "vulnerability-%zu", i + 1);
		json_object_set_new(o, "bom-ref", json_string(ref));
		json_object_set_new(o, "id", json_string(v.id));
		json_t *src = json_object();
		json_object_set_new(src, "name", json_string("NVD"));
		char *url = f->references ? strdup(f->references) : NULL;
		if (url)
			json_object_set_new(src, "url", json_string(url));
		free(url);
		json_object_set_new(o, "source", src);
		json_t *ratings = json_array();
		json_t *rt = json_object();
		json_t *rsrc = json_object();
		json_object_set_new(rsrc, "name", json_string("NVD"));
		json_object_set_new(rt, "source", rsrc);
		if (v.score > 0)
			json_object_set_new(rt, "score", json_real(v.score));
		json_object_set_new(rt, "severity", json_string(sev_name(f->severity)));
		if (v.vector[0]) {
			const char *method = !strncmp(v.vector, "CVSS:3.1", 8)   ? "CVSSv31"
			                     : !strncmp(v.vector, "CVSS:3.0", 8) ? "CVSSv3"
			                     : !strncmp(v.vector, "CVSS:4", 6)   ? "CVSSv4"
			                                                         : "CVSSv2";
			json_object_set_new(rt, "method", json_string(method));
			json_object_set_new(rt, "vector", json_string(v.vector));
		}
		json_array_append_new(ratings, rt);
		json_object_set_new(o, "ratings", ratings);
		if (f->evidence)
			json_object_set_new(o, "detail", json_string(f->evidence));
		/* A VEX statement suppressed it (lib/vuln/match.c): say so the CycloneDX way. */
		const char *vex = strstr(f->title, ": ");
		if (vex && strstr(vex, " per VEX")) {
			char state[32] = "";
			sscanf(vex + 2, "%31[a-z_]", state);
			json_t *an = json_object();
			json_object_set_new(an, "state",
			                    json_string(!strcmp(state, "fixed")            ? "resolved"
			                                : !strcmp(state, "false_positive") ? "false_positive"
			                                : !strcmp(state, "resolved")       ? "resolved"
			                                                                   : "not_affected"));
			const char *d = f->evidence ? strstr(f->evidence, "; VEX ") : NULL;
			if (d)
				json_object_set_new(an, "detail", json_string(d + 2));
			json_object_set_new(o, "analysis", an);
		}
		long ci = gb_component_index(r, v.name, v.version);
		json_t *affects = json_array();
		json_t *a = json_object();
		char cref[32];
		snprintf(cref, sizeof(cref), "component-%ld", ci + 1);
		json_object_set_new(a, "ref", json_string(ci >= 0 ? cref : "input"));
		if (v.range[0]) {
			json_t *vers = json_array();
			json_t *vr = json_object();
			json_object_set_new(vr, "version", json_string(v.version));
			json_object_set_new(vr, "status", json_string("affected"));
			json_array_append_new(vers, vr);
			json_object_set_new(a, "versions", vers);
		}
		json_array_append_new(affects, a);
		json_object_set_new(o, "affects", affects);
		json_array_append_new(vulns, o);
	}
	json_object_set_new(root, "vulnerabilities", vulns);
	int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}

const gb_report_format gb_report_cyclonedx = {
    .name = "cyclonedx",
    .extension = ".cdx.json",
    .description = "CycloneDX 1.5 JSON: components (SBOM) and known vulnerabilities (VDR)",
    .render = render_cyclonedx,
};
