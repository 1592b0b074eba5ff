/*
 * Reports: one file per output format in lib/report/, registered in one table.
 * Every report renders a stored scan, so `glassbox scan` and
 * `glassbox report` produce the same bytes for the same scan.
 */
#ifndef GLASSBOX_REPORT_H
#define GLASSBOX_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "glassbox/store.h"

typedef struct gb_report_format {
	const char *name;      /* "json" */
	const char *extension; /* ".json": picks the format from an -o file name */
	const char *description;
	int (*render)(const gb_scan_record *scan, FILE *out);
} gb_report_format;

const gb_report_format *const *gb_report_formats(void);
const gb_report_format *gb_report_format_find(const char *name);
/* By the extension of PATH; NULL when none matches. */
const gb_report_format *gb_report_format_for_path(const char *path);

/* Counts used by every summary. */
typedef struct gb_scan_totals {
	uint64_t nodes, files, dirs, links, regions, errors, limits;
	uint64_t by_severity[GB_SEV_COUNT];
	unsigned formats;
} gb_scan_totals;
void gb_scan_totals_compute(const gb_scan_record *scan, gb_scan_totals *t);

#endif
