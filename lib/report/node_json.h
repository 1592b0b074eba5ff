#ifndef GB_REPORT_NODE_JSON_H
#define GB_REPORT_NODE_JSON_H

#include <jansson.h>

#include "glassbox/finding.h"
#include "glassbox/node.h"

/* The JSON shape of one inventory node and one finding; shared by
 * inventory.json and every JSON report so the two never drift apart. */
json_t *gb_node_to_json(const gb_node *n);
json_t *gb_finding_to_json(const gb_finding *f);
/* "a,b" -> ["a","b"]; NULL or "" -> [] */
json_t *gb_csv_to_json(const char *csv);

#endif
