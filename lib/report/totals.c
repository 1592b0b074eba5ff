#include <string.h>

#include "glassbox/report.h"

void gb_scan_totals_compute(const gb_scan_record *scan, gb_scan_totals *t)
{
	memset(t, 0, sizeof(*t));
	const char *seen[128];
	for (size_t i = 0; i < scan->inventory.count; i++) {
		const gb_node *n = &scan->inventory.nodes[i];
		if (n->status == GB_STATUS_REPLACED)
			continue;
		t->nodes++;
		switch (n->kind) {
		case GB_NODE_FILE: t->files++; break;
		case GB_NODE_DIR: t->dirs++; break;
		case GB_NODE_SYMLINK:
		case GB_NODE_HARDLINK: t->links++; break;
		case GB_NODE_REGION: t->regions++; break;
		default: break;
		}
		if (n->status == GB_STATUS_ERROR)
			t->errors++;
		if (n->status == GB_STATUS_LIMIT)
			t->limits++;
		if (n->format) {
			unsigned j = 0;
			while (j < t->formats && strcmp(seen[j], n->format))
				j++;
			if (j == t->formats && t->formats < 128)
				seen[t->formats++] = n->format;
		}
	}
	for (size_t i = 0; i < scan->findings.count; i++)
		t->by_severity[scan->findings.items[i].severity]++;
}
