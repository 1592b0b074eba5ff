/*
 * YARA rules for the backdoors analyzer and the `glassbox rules` command:
 * the shipped known-backdoor pack (rules/backdoors/ *.yar files) and the files and
 * directories a user adds with --rules, compiled with libyara.
 */
#ifndef GB_ANALYZE_YARA_RULES_H
#define GB_ANALYZE_YARA_RULES_H

#include <stdbool.h>
#include <yara.h>

#include "util/util.h"

/* Namespace of the shipped pack; every user file gets its own (its path). */
#define GB_YARA_SHIPPED_NS "glassbox"

/* libyara's global state, counted: every init is paired with a fini. */
int gb_yara_init(void);
void gb_yara_fini(void);

/* Directory of the shipped pack: $GB_RULES_DIR/backdoors when GB_RULES_DIR is
 * set, else the installed rules, then the source tree's; NULL if none. */
const char *gb_yara_shipped_dir(void);

/* Compiles the shipped pack (when SHIPPED) and PATHS (NULL-terminated; files,
 * or directories searched for *.yar and *.yara). Errors and warnings are
 * appended to MSGS as "FILE:LINE: error: TEXT" lines (MSGS may be NULL). Every
 * file is checked, so that one run reports every error. Returns the rules,
 * or NULL after any error (free with gb_yara_free); *NFILES (may be NULL) gets the number of files. */
YR_RULES *gb_yara_compile(bool shipped, const char *const *paths, gb_buf *msgs, unsigned *nfiles);

/* Destroys rules from gb_yara_compile (and releases libyara). */
void gb_yara_free(YR_RULES *rules);

/* When RULES is the shipped pack alone (as gb_yara_compile(true, NULL, NULL,
 * NULL) returns it) and every rule of it needs one of its strings to match
 * and every string is a plain literal of 4 bytes or more (no nocase, wide,
 * xor, base64, regular expression or wildcard), calls FN with each string
 * and returns true: a file that holds none of them matches no rule of the
 * pack. Otherwise returns false without calling FN. */
bool gb_yara_shipped_literals(YR_RULES *rules, void (*fn)(void *user, const uint8_t *s, size_t len),
                              void *user);

/* A string meta value of RULE, or NULL. */
const char *gb_yara_meta(const YR_RULE *rule, const char *name);

#endif
