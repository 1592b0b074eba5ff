/* glassbox rules: list every rule a finding can come from (glassbox's own
 * tables and the YARA rules), and test YARA rule files. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/yara_rules.h"
#include "cli.h"

static void help(FILE *out)
{
	fprintf(out, "usage: glassbox rules list [--markdown] [--rules PATH]...\n"
	             "       glassbox rules test [PATH...]\n\n"
	             "list: every glassbox rule (id, severity, category, CWE, TS 33.117 clauses) and every\n"
	             "      YARA rule of the shipped known-backdoor pack, plus those of --rules files or\n"
	             "      directories. --markdown prints docs/rules.md.\n"
	             "test: compile YARA rule files or directories (default: the shipped pack) and\n"
	             "      report errors and warnings as FILE:LINE; exit 1 on any error.\n\n"
	             "  -r, --rules PATH   a YARA file or a directory of .yar/.yara files (repeatable)\n"
	             "      --markdown     Markdown output\n"
	             "  -h, --help         this help\n");
}

/* A YARA string for a Markdown table cell. */
static void md_cell(const char *s)
{
	for (; s && *s; s++)
		if (*s == '|')
			fputs("\\|", stdout);
		else if (*s == '\n')
			fputc(' ', stdout);
		else
			fputc(*s, stdout);
}

static int list_yara(bool markdown, const char *const *paths)
{
	gb_buf msgs = {0};
	unsigned nfiles = 0;
	YR_RULES *rules = gb_yara_compile(true, paths, &msgs, &nfiles);
	if (!rules) {
		char *m = gb_buf_steal(&msgs);
		fputs(m ? m : "", stderr);
		free(m);
		gb_cli_error("the YARA rules do not compile (glassbox rules test)");
		return GB_EXIT_USAGE;
	}
	gb_buf_free(&msgs);
	const YR_RULE *r;
	if (markdown)
		printf("\n## YARA rules\n\nThe known-backdoor pack in rules/backdoors/ (glassbox rule "
		       "GB-BKD-001; rules given "
		       "with --rules report GB-BKD-002).\n\n| YARA rule | CVE | TS 33.117 | description | "
		       "reference "
		       "|\n|---|---|---|---|---|\n");
	else
		printf("\nYARA rules (%u files):\n", nfiles);
	yr_rules_foreach(rules, r)
	{
		const char *cve = gb_yara_meta(r, "cve"), *ts = gb_yara_meta(r, "ts33117");
		const char *desc = gb_yara_meta(r, "description"), *ref = gb_yara_meta(r, "reference");
		bool shipped = strcmp(r->ns->name, GB_YARA_SHIPPED_NS) == 0;
		if (markdown) {
			printf("| %s%s | ", r->identifier, shipped ? "" : " (user)");
			md_cell(cve ? cve : "-");
			printf(" | ");
			md_cell(ts ? ts : "-");
			printf(" | ");
			md_cell(desc ? desc : "");
			printf(" | ");
			md_cell(ref ? ref : "");
			printf(" |\n");
		} else {
			printf("%-46s %-11s %-16s %s\n", r->identifier, shipped ? "GB-BKD-001" : "GB-BKD-002",
			       cve ? cve : "-", shipped ? "shipped" : r->ns->name);
		}
	}
	gb_yara_free(rules);
	return GB_EXIT_OK;
}

int gb_cli_list_rules(bool markdown, const char *const *paths)
{
	if (markdown)
		printf(
		    "| rule | severity | category | CWE | TS 33.117 | title |\n|---|---|---|---|---|---|\n");
	for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
		for (const gb_rule *r = *t; r->id; r++) {
			if (markdown)
				printf("| %s | %s | %s | %s | %s | %s |\n", r->id,
				       gb_severity_name(r->severity), r->category, r->cwe, r->ts33117,
				       r->title);
			else
				printf("%-12s %-8s %-12s %s\n", r->id, gb_severity_name(r->severity),
				       r->category, r->title);
		}
	int rc = list_yara(markdown, paths);
	if (markdown) {
		printf("\n");
		for (const gb_rule *const *t = gb_rule_tables(); *t; t++)
			for (const gb_rule *r = *t; r->id; r++)
				printf("### %s — %s\n\n%s\n\n", r->id, r->title, r->description);
	}
	return rc;
}

static int test_rules(const char *const *paths)
{
	gb_buf msgs = {0};
	unsigned nfiles = 0;
	bool shipped = !paths[0];
	YR_RULES *rules = gb_yara_compile(shipped, paths, &msgs, &nfiles);
	char *m = gb_buf_steal(&msgs);
	if (m)
		fputs(m, rules ? stdout : stderr);
	free(m);
	if (!rules) {
		gb_cli_error("YARA rules with errors (%u files)", nfiles);
		return GB_EXIT_FINDINGS;
	}
	unsigned n = 0;
	const YR_RULE *r;
	yr_rules_foreach(rules, r) n++;
	gb_yara_free(rules);
	if (nfiles == 0) {
		gb_cli_error("no YARA rule file found");
		return GB_EXIT_FINDINGS;
	}
	printf("%u rules in %u files compiled\n", n, nfiles);
	return GB_EXIT_OK;
}

int cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"markdown", no_argument, 0, 2001},
	    {"rules", required_argument, 0, 'r'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0},
	};
	if (argc < 2) {
		help(stderr);
		return GB_EXIT_USAGE;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		help(stdout);
		return GB_EXIT_OK;
	}
	argc--;
	argv++;
	bool markdown = false;
	const char **paths = gb_xcalloc((size_t)argc + 1, sizeof(*paths));
	size_t np = 0;
	int c, rc;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 2001: markdown = true; break;
		case 'r': paths[np++] = optarg; break;
		case 'h':
			help(stdout);
			free(paths);
			return GB_EXIT_OK;
		default:
			help(stderr);
			free(paths);
			return GB_EXIT_USAGE;
		}
	}
	if (!strcmp(sub, "list") && optind == argc) {
		rc = gb_cli_list_rules(markdown, paths);
	} else if (!strcmp(sub, "test") && !markdown) {
		for (int i = optind; i < argc; i++)
			paths[np++] = argv[i];
		rc = test_rules(paths);
	} else {
		help(stderr);
		rc = GB_EXIT_USAGE;
	}
	free(paths);
	return rc;
}
