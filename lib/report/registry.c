#include <string.h>

#include "glassbox/report.h"

extern const gb_report_format gb_report_cyclonedx;
extern const gb_report_format gb_report_spdx;
extern const gb_report_format gb_report_html;
extern const gb_report_format gb_report_json;
extern const gb_report_format gb_report_sarif;
extern const gb_report_format gb_report_text;

/* Longer extensions first: "bom.cdx.json" is CycloneDX, not the plain JSON report. */
static const gb_report_format *const formats[] = {
    &gb_report_cyclonedx,
    &gb_report_spdx,
    &gb_report_json,
    &gb_report_sarif,
    &gb_report_html,
    &gb_report_text,
    NULL,
};

const gb_report_format *const *gb_report_formats(void)
{
	return formats;
}

const gb_report_format *gb_report_format_find(const char *name)
{
	for (const gb_report_format *const *f = formats; *f; f++)
		if (!strcmp((*f)->name, name))
			return *f;
	return NULL;
}

const gb_report_format *gb_report_format_for_path(const char *path)
{
	size_t len = strlen(path);
	for (const gb_report_format *const *f = formats; *f; f++) {
		size_t el = strlen((*f)->extension);
		if (len > el && !strcmp(path + len - el, (*f)->extension))
			return *f;
	}
	return NULL;
}
