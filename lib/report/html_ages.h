/* The component-age chart of the HTML report. */
#ifndef GB_REPORT_HTML_AGES_H
#define GB_REPORT_HTML_AGES_H

#include <stdio.h>

#include "glassbox/store.h"

/* The chart of component ages at scan time (html_ages.c): inline SVG, one bar
 * per component with a date the image carries, and the list of those without. */
void gb_html_age_chart(FILE *out, const gb_scan_record *r);

#endif
