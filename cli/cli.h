/* Shared by the subcommands: the command table, exit codes, option parsing helpers. */
#ifndef GB_CLI_H
#define GB_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "glassbox/glassbox.h"
#include "util/util.h"

/* Exit codes, documented in docs/glassbox.1. */
enum {
	GB_EXIT_OK = 0,
	GB_EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	GB_EXIT_USAGE = 2,
	GB_EXIT_INPUT = 3,      /* input unreadable or unsupported */
	GB_EXIT_EXTRACTION = 4, /* completed, with extraction errors */
};

typedef struct gb_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
} gb_command;

int cmd_extract(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_attest(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_rules(int argc, char **argv);

/* Every rule, glassbox's and YARA's (PATHS: the user's YARA files, NULL-terminated). */
int gb_cli_list_rules(bool markdown, const char *const *paths);

/* Limit options shared by extract and scan. Returns 1 if OPT was one of them
 * (and applied), 0 if not, -1 on a bad value (message printed). */
int gb_cli_limit_option(int opt, const char *arg, gb_limits *limits);
#define GB_CLI_LIMIT_LONGOPTS                                                                                \
	{"max-depth", required_argument, 0, 1001}, {"max-files", required_argument, 0, 1002},                \
	    {"max-total", required_argument, 0, 1003}, {"max-ratio", required_argument, 0, 1004},            \
	    {"max-node-seconds", required_argument, 0, 1005},                                                \
	{                                                                                                    \
		"max-file-size", required_argument, 0, 1006                                                  \
	}
#define GB_CLI_LIMIT_HELP                                                                                    \
	"  --max-depth N          container nesting limit (default 16)\n"                                    \
	"  --max-files N          node limit (default 1000000)\n"                                            \
	"  --max-total SIZE       bytes written in all (default 16G; suffixes K M G)\n"                      \
	"  --max-file-size SIZE   bytes of one extracted file (default 4G)\n"                                \
	"  --max-ratio N          expansion limit of one stream past 32M of output (default 100)\n"          \
	"  --max-node-seconds N   time limit for one container (default 600)\n"

/* Opens the evidence store at DB, or the default store when DB is NULL.
 * NULL (message printed) when it cannot be opened. */
struct gb_store *gb_cli_open_store(const char *db);

/* -o FILE, repeatable (scan, report): appends ARG to OUTPUTS (room for
 * GB_CLI_MAX_OUTPUTS). -1, message printed, when there are too many. */
#define GB_CLI_MAX_OUTPUTS 16
int gb_cli_add_output(const char **outputs, int *noutputs, const char *arg);

/* --fail-on SEV: the severity, or -1 (message printed) for an unknown name. */
int gb_cli_fail_on(const char *arg);

/* The format of a diff or verify report: FORMAT if given, else from the -o
 * file's extension (.txt text, .html/.htm html, else json), else text. */
const char *gb_cli_text_html_json_format(const char *format, const char *output);

/* Where a report goes: OUTPUT opened for writing, or stdout when OUTPUT is
 * NULL (NULL, message printed, when OUTPUT cannot be created). Close with
 * gb_cli_close_output, which says whether everything was written. */
FILE *gb_cli_open_output(const char *output);
int gb_cli_close_output(FILE *out, const char *output);

/* Progress line on stderr when it is a terminal. */
void gb_cli_progress(const gb_progress *p, void *user);
void gb_cli_progress_done(void);
bool gb_cli_parse_size(const char *s, uint64_t *out);
/* Whether a finding of FS has severity SEV or worse (--fail-on). */
bool gb_cli_findings_at_or_above(const gb_findings *fs, int sev);
void gb_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
