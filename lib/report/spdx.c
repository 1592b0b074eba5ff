/*
 * SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): one package for the
 * input, one per identified component with its purl and CPE as external
 * references, and a CONTAINS relationship from the input to each.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glassbox/glassbox.h"
#include "report/sbom_common.h"

static json_t *ext_ref(const char *cat, const char *type, const char *loc)
{
	json_t *o = json_object();
	json_object_set_new(o, "referenceCategory", json_string(cat));
	json_object_set_new(o, "referenceType", json_string(type));
	json_object_set_new(o, "referenceLocator", json_string(loc));
	return o;
}

static json_t *relationship(const char *from, const char *type, const char *to)
{
	json_t *o = json_object();
	json_object_set_new(o, "spdxElementId", json_string(from));
	json_object_set_new(o, "relationshipType", json_string(type));
	json_object_set_new(o, "relatedSpdxElement", json_string(to));
	return o;
}

/* SPDX ids allow letters, digits, '.' and '-' only. */
static char *spdx_id(const char *prefix, size_t i, const char *name)
{
	char *id = malloc(strlen(prefix) + strlen(name) + 32);
	int n = sprintf(id, "%s-%zu-", prefix, i + 1);
	for (const char *p = name; *p; p++)
		id[n++] = isalnum((unsigned char)*p) || *p == '.' || *p == '-' ? *p : '-';
	id[n] = '\0';
	return id;
}

static int render_spdx(const gb_scan_record *r, FILE *out)
{
	const gb_scan_meta *m = &r->meta;
	json_t *root = json_object();
	json_object_set_new(root, "spdxVersion", json_string("SPDX-2.3"));
	json_object_set_new(root, "dataLicense", json_string("CC0-1.0"));
	json_object_set_new(root, "SPDXID", json_string("SPDXRef-DOCUMENT"));
	const char *name = m->input_name ? m->input_name : "input";
	json_object_set_new(root, "name", json_string(name));
	char ns[256];
	snprintf(ns, sizeof(ns), "https://glassbox.invalid/spdx/%s/%lld",
	         m->input_sha256 ? m->input_sha256 : "none", (long long)m->id);
	json_object_set_new(root, "documentNamespace", json_string(ns));
	json_t *ci = json_object();
	json_object_set_new(ci, "created",
	                    json_string(m->started_at ? m->started_at : "1970-01-01T00:00:00Z"));
	json_t *creators = json_array();
	char tool[96];
	snprintf(tool, sizeof(tool), "Tool: glassbox-%s", m->tool_version ? m->tool_version : gb_version());
	json_array_append_new(creators, json_string(tool));
	json_object_set_new(ci, "creators", creators);
	json_object_set_new(root, "creationInfo", ci);

	json_t *pkgs = json_array();
	json_t *rels = json_array();
	json_t *input = json_object();
	json_object_set_new(input, "name", json_string(name));
	json_object_set_new(input, "SPDXID", json_string("SPDXRef-Input"));
	json_object_set_new(input, "downloadLocation", json_string("NOASSERTION"));
	json_object_set_new(input, "filesAnalyzed", json_false());
	if (m->input_sha256 && strlen(m->input_sha256) == 64) {
		json_t *sums = json_array();
		json_t *s = json_object();
		json_object_set_new(s, "algorithm", json_string("SHA256"));
		json_object_set_new(s, "checksumValue", json_string(m->input_sha256));
		json_array_append_new(sums, s);
		json_object_set_new(input, "checksums", sums);
	}
	json_object_set_new(input, "primaryPackagePurpose", json_string("FIRMWARE"));
	json_array_append_new(pkgs, input);
	json_array_append_new(rels, relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Input"));
	json_t *describes = json_array();
	json_array_append_new(describes, json_string("SPDXRef-Input"));
	json_object_set_new(root, "documentDescribes", describes);

	for (size_t i = 0; i < r->components.count; i++) {
		const gb_component *c = &r->components.items[i];
		json_t *p = json_object();
		char *id = spdx_id("SPDXRef-Package", i, c->name ? c->name : "component");
		json_object_set_new(p, "name", json_string(c->name ? c->name : "component"));
		json_object_set_new(p, "SPDXID", json_string(id));
		if (c->version)
			json_object_set_new(p, "versionInfo", json_string(c->version));
		json_object_set_new(p, "downloadLocation", json_string("NOASSERTION"));
		json_object_set_new(p, "filesAnalyzed", json_false());
		json_object_set_new(p, "licenseConcluded", json_string("NOASSERTION"));
		json_object_set_new(p, "licenseDeclared",
		                    json_string(c->licence ? c->licence : "NOASSERTION"));
		json_object_set_new(p, "copyrightText", json_string("NOASSERTION"));
		json_t *refs = json_array();
		if (c->cpe)
			json_array_append_new(refs, ext_ref("SECURITY", "cpe23Type", c->cpe));
		if (c->purl)
			json_array_append_new(refs, ext_ref("PACKAGE-MANAGER", "purl", c->purl));
		json_object_set_new(p, "externalRefs", refs);
		char *comment = NULL;
		if (asprintf(&comment, "confidence %s; paths %s; evidence: %s",
		             c->confidence ? c->confidence : "?", c->paths ? c->paths : "[]",
		             c->evidence ? c->evidence : "") >= 0) {
			json_object_set_new(p, "comment", json_string(comment));
			free(comment);
		}
		json_array_append_new(pkgs, p);
		json_array_append_new(rels, relationship("SPDXRef-Input", "CONTAINS", id));
		free(id);
	}
	json_object_set_new(root, "packages", pkgs);
	json_object_set_new(root, "relationships", rels);
	int rc = json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}

const gb_report_format gb_report_spdx = {
    .name = "spdx",
    .extension = ".spdx.json",
    .description = "SPDX 2.3 JSON: the components found (SBOM) with purl and CPE references",
    .render = render_spdx,
};
