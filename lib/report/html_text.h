/* Escaped text and the component-age chart of the HTML report. */
#ifndef GB_REPORT_HTML_TEXT_H
#define GB_REPORT_HTML_TEXT_H

#include <stdio.h>

#include "glassbox/store.h"

/* Text content or attribute value: escaped, controls and non-UTF-8 as \xNN. */
void gb_html_text(FILE *out, const char *s);

/* The chart of component ages at scan time (html_ages.c): inline SVG, one bar
 * per component with a date the image carries, and the list of those without. */
void gb_html_age_chart(FILE *out, const gb_scan_record *r);

#endif
