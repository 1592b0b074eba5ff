/*
 * Which YARA rules cannot match a file that holds none of their strings,
 * read from the rules' source (lib/analyze/yara_gate.c).
 */
#ifndef GB_ANALYZE_YARA_GATE_H
#define GB_ANALYZE_YARA_GATE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the condition TEXT (what follows "condition:") is false unless one
 * of the rule's strings matched. False when unsure. */
bool gb_yara_condition_needs_string(const char *text, size_t len);

/* Names of the rules of a rule file whose condition needs a string. */
typedef struct gb_yara_gated {
	char **names;
	size_t count, cap;
} gb_yara_gated;

/* Appends to OUT the rules of the rule file TEXT whose condition needs one of
 * their strings; stops at the first rule it cannot read. */
void gb_yara_gated_rules(const char *text, size_t len, gb_yara_gated *out);
bool gb_yara_gated_has(const gb_yara_gated *g, const char *name);
void gb_yara_gated_free(gb_yara_gated *g);

#endif
