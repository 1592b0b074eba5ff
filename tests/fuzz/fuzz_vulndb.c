/* Fuzzes the vulnerability-data importers (lib/vuln/import.c, osv.c): NVD CVE
 * API 2.0 JSON, OSV records, OpenVEX and CycloneDX VEX, each read from a file
 * into one in-memory store, then a match of a few components against it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glassbox/store.h"
#include "vuln/vuln.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gb_store *store;
	static char path[64];
	char *err = NULL;
	if (!store) {
		if (gb_store_open(":memory:", &store, &err) < 0)
			abort();
		snprintf(path, sizeof(path), "/tmp/gb-fuzz-vulndb-%d.json", (int)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	(void)gb_vuln_import_file(store, path, &err);
	free(err);

	gb_components cs = {0};
	gb_component *c = gb_components_add(&cs);
	c->name = strdup("busybox");
	c->version = strdup("1.35.0");
	c->pkg_version = strdup("1:1.35.0-4+deb12u1");
	c->purl = strdup("pkg:deb/debian/busybox@1:1.35.0-4+deb12u1?arch=amd64");
	c->cpe = strdup("cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*");
	gb_findings out = {0};
	(void)gb_vuln_match(store, &cs, NULL, &out);
	(void)gb_osv_match(store, &cs, NULL, &out);
	gb_findings_free(&out);
	gb_components_free(&cs);
	return 0;
}
