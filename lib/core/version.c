#include "glassbox/glassbox.h"

/* Bumped whenever a rule's logic or shipped data changes, so two scans of the
 * same input that differ can be told apart by what changed. */
const char *gb_rules_version(void)
{
	return "2026.11.0";
}

/* The vulnerability store says what data it holds; without one, "none". */
const char *gb_vulndata_version(void)
{
	return "none";
}
