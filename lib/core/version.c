#include <stdio.h>
#include <string.h>

#include "glassbox/glassbox.h"
#include "vuln/vuln.h"

/* Bumped whenever a rule's logic or shipped data changes, so two scans of the
 * same input that differ can be told apart by what changed. */
const char *gb_rules_version(void)
{
	return "2026.11.1";
}

static char vulndata[96] = "none";

void gb_vulndata_version_set(const char *v)
{
	snprintf(vulndata, sizeof(vulndata), "%s", v && *v ? v : "none");
}

/* What the vulnerability store last opened holds (gb_vuln_status_get):
 * "nvd-YYYYMMDD-N", the newest record's modification day and the count;
 * "none" before a store was read. */
const char *gb_vulndata_version(void)
{
	return vulndata;
}
