/* Shared by the SBOM reports (CycloneDX, SPDX). */
#ifndef GB_REPORT_SBOM_COMMON_H
#define GB_REPORT_SBOM_COMMON_H

#include <stdbool.h>

#include "glassbox/report.h"

/* What a GB-VULN-001 finding says, read back from its stored title and
 * evidence ("CVE-X in NAME VERSION", "...; CVSS 8.1 VECTOR; ..."): reports
 * render a stored scan and the store keeps findings in one shape for all rules. */
typedef struct gb_vuln_view {
	char id[32];
	char name[128];
	char version[64];
	double score; /* 0: unknown */
	char vector[160];
	char range[256];
} gb_vuln_view;

bool gb_vuln_view_parse(const gb_finding *f, gb_vuln_view *v);
/* Index of the component NAME VERSION in the scan, -1 if none. */
long gb_component_index(const gb_scan_record *r, const char *name, const char *version);

#endif
