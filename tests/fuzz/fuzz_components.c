/* Fuzzes component identification (lib/analyze/components*.c: version
 * strings in binaries, dpkg/opkg databases), CPE parsing and the version
 * order. The first byte picks what the rest is: an ELF file, a dpkg status
 * file, an opkg control file, or CPE names and versions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glassbox/analyzer.h"
#include "vuln/vuln.h"

extern const gb_analyzer gb_analyzer_components;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned mode = data[0] % 4;
	data++;
	size--;
	if (mode == 3) {
		/* A string: CPE parse and format, version order against its first half. */
		char *a = strndup((const char *)data, size);
		gb_cpe c;
		if (gb_cpe_parse(a, &c) == 0) {
			char *s = gb_cpe_format(c.part, c.vendor, c.product, c.version, c.update);
			free(s);
		}
		char *half = strndup(a, strlen(a) / 2);
		(void)gb_version_compare(a, half);
		(void)gb_version_compare_dpkg(a, half);
		gb_version_range r = {.start = half, .start_incl = true, .end = a};
		(void)gb_version_in_range(a, &r);
		char up[64];
		gb_version_debian_upstream(a, up, sizeof(up));
		free(half);
		free(a);
		return 0;
	}
	char dir[] = "/tmp/gbfuzz-comp.XXXXXX";
	if (!mkdtemp(dir))
		return 0;
	char path[64];
	snprintf(path, sizeof(path), "%s/f", dir);
	FILE *f = fopen(path, "wb");
	if (!f) {
		rmdir(dir);
		return 0;
	}
	if (mode == 0)
		fwrite("\177ELF", 1, 4, f);
	fwrite(data, 1, size, f);
	fclose(f);
	gb_node node = {.id = 1, .kind = GB_NODE_FILE, .in_input = 1, .size = size + 4};
	node.disk_path = "f";
	node.path = mode == 0   ? "/usr/sbin/x"
	            : mode == 1 ? "/var/lib/dpkg/status"
	                        : "/usr/lib/opkg/info/x.control";
	gb_inventory inv = {.nodes = &node, .count = 1, .cap = 1};
	const gb_analyzer *const only[] = {&gb_analyzer_components, NULL};
	gb_findings fs = {0};
	gb_components cs = {0};
	gb_analyze_full(&inv, dir, NULL, only, 1, &fs, &cs, NULL);
	gb_findings_free(&fs);
	gb_components_free(&cs);
	unlink(path);
	rmdir(dir);
	return 0;
}
