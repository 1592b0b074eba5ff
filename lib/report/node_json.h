#ifndef GB_REPORT_NODE_JSON_H
#define GB_REPORT_NODE_JSON_H

#include <jansson.h>

#include "glassbox/finding.h"
#include "glassbox/node.h"
#include "glassbox/reachable.h"

/* The JSON shape of one inventory node and one finding; shared by
 * inventory.json and every JSON report so the two never drift apart. */
json_t *gb_node_to_json(const gb_node *n);
json_t *gb_finding_to_json(const gb_finding *f);
/* The "reachable" summary (docs/report-format.md); FS is the list R was computed from. */
json_t *gb_reachable_to_json(const gb_reachable *r, const gb_findings *fs);
/* A JSON string of S, null for NULL; bytes that are not UTF-8 become U+FFFD
 * (jansson refuses such strings, and names in firmware need not be UTF-8). */
json_t *gb_json_text(const char *s);
/* "a,b" -> ["a","b"]; NULL or "" -> [] */
json_t *gb_csv_to_json(const char *csv);

#endif
